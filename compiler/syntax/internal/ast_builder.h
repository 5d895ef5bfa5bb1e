// Turns an ANTLR parse tree into our AST. Internal to the syntax library: nothing outside
// compiler/syntax sees ANTLR types.
#pragma once

#include <cstdint>
#include <vector>

#include "CcrParser.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace ccr::syntax::internal {

class AstBuilder {
 public:
  // `byte_offsets[i]` is the byte offset of code point i (ANTLR indexes code points).
  AstBuilder(diag::FileId file, const std::string& path, const std::vector<uint32_t>& byte_offsets,
             ast::Module& module, diag::DiagnosticSink& sink)
      : file_(file), path_(path), byte_offsets_(byte_offsets), module_(module), sink_(sink) {}

  // Appends the declarations of `statements` (those of the file that parsed); returns the
  // imports among them.
  std::vector<ast::Import> Build(const std::vector<ccr_antlr::CcrParser::ItemContext*>& statements);

 private:
  diag::SourceRange Range(antlr4::Token* token) const;
  diag::SourceRange Range(antlr4::ParserRuleContext* context) const;
  ast::Ident Identifier(antlr4::Token* token) const;
  std::string StringValue(antlr4::Token* token);

  void Authority(ccr_antlr::CcrParser::AuthorityDeclContext* context);
  void Scheme(ccr_antlr::CcrParser::SchemeDeclContext* context);
  void Component(ccr_antlr::CcrParser::ComponentDeclContext* context);
  void Enum(ccr_antlr::CcrParser::EnumDeclContext* context);
  void Fact(ccr_antlr::CcrParser::FactDeclContext* context);
  void Set(ccr_antlr::CcrParser::SetDeclContext* context);
  void Entry(ccr_antlr::CcrParser::EntryDeclContext* context);
  void ShortRule(ccr_antlr::CcrParser::ShortRuleContext* context);
  void Rule(ccr_antlr::CcrParser::RuleDeclContext* context);
  void Constraint(ccr_antlr::CcrParser::ConstraintDeclContext* context);
  void Test(ccr_antlr::CcrParser::TestDeclContext* context);
  void Layout(ccr_antlr::CcrParser::LayoutDeclContext* context);

  ast::TypeRef Type(ccr_antlr::CcrParser::TypeRefContext* context);
  std::vector<ast::Ident> EnumValues(ccr_antlr::CcrParser::EnumBodyContext* context);
  ast::Action Action(ccr_antlr::CcrParser::ActionContext* context);
  ast::ExprId Expr(ccr_antlr::CcrParser::ExprContext* context);
  ast::ExprId SetLiteral(ccr_antlr::CcrParser::SetLiteralContext* context);
  ast::DateLiteral Date(antlr4::Token* token) const;

  diag::FileId file_;
  const std::string& path_;
  const std::vector<uint32_t>& byte_offsets_;
  ast::Module& module_;
  diag::DiagnosticSink& sink_;
};

}  // namespace ccr::syntax::internal
