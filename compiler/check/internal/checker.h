// The checker's state, shared by its three parts: declarations (tables and namespaces),
// expressions (names and types), and rules and tests.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/check/check.h"
#include "runtime/bytecode/logic.h"

namespace ccr::check::internal {

class Checker {
 public:
  Checker(const ast::Module& module, const diag::SourceManager& sources, diag::DiagnosticSink& sink,
          const CheckOptions& options)
      : ast_(module), sources_(sources), sink_(sink), options_(options) {
    out_.ast = &module;
    out_.exprs.resize(module.exprs.size());
    for (const ast::DroppedStatement& dropped : module.dropped) {
      dropped_names_.insert(dropped.names.begin(), dropped.names.end());
      dropped_any_name_ = dropped_any_name_ || dropped.may_declare_anything;
    }
  }

  CheckedModule Run();

 private:
  // declarations.cpp
  void DeclareAuthorities();
  void DeclareSchemes();
  void CheckSteps(const ast::Scheme& scheme, Scheme& out);
  void DeclareComponents();
  void DeclareEnums();
  void DeclareFacts();
  void DeclareSets();
  void DeclareEntries();
  void ExtendEnums();
  void CheckDefaults();
  Type ResolveType(const ast::TypeRef& type, const std::string& owner);
  int32_t FindAuthority(const ast::Ident& name);  // reports E0203 if unknown
  void CheckAuthorityCycles();
  void ReportDuplicate(const char* what, const ast::Ident& name, diag::SourceRange first);
  void WarnUnusedFacts();
  // Returns whether a statement left out for a syntax error may declare or use `name`: then
  // calling it unknown or unused would only echo that error.
  bool InDroppedStatement(const std::string& name) const;

  // expressions.cpp
  // Checks expression `id`; `hint` is the type the context expects (it lets `laptop` resolve
  // as a value of the enum being compared with).
  Type CheckExpr(ast::ExprId id, const std::optional<Type>& hint = std::nullopt);
  Type CheckName(ast::ExprId id, const std::optional<Type>& hint);
  Type CheckCompare(ast::ExprId id);
  Type CheckIn(ast::ExprId id);
  Type CheckSetLiteral(ast::ExprId id, const std::optional<Type>& element);
  void RequireBool(ast::ExprId id, const Type& type, const char* where);
  bool IsUnresolvedName(ast::ExprId id) const;
  // Folds a condition with facts unknown: returns true/false if the result never depends on
  // any fact (Kleene logic, so `x or true` is true).
  std::optional<bool> Fold(ast::ExprId id) const;
  // Fold as a three-valued value: unknown when not constant.
  bytecode::Tri FoldTri(ast::ExprId id) const;
  void CollectReads(ast::ExprId id, std::set<int32_t>& reads) const;
  int32_t MakeSet(std::string name, Type element, const std::vector<ast::ExprId>& elements);

  // layouts.cpp
  void CheckLayouts();
  void CheckLayoutColumn(const ast::LayoutColumn& column, LayoutColumn& out);

  // rules_and_tests.cpp
  void CheckRules();
  void CheckConstraints();
  void CheckTests();
  // Checks that `value` is a constant of fact `fact`'s type: a test's `given`, or the fact's
  // declared default.
  bool CheckConstant(int32_t fact, const ast::Ident& name, ast::ExprId value, bool is_default);
  void WarnNewFactsUnderLibrarySchemes(const ast::Rule& rule, const Rule& checked);
  // Warns (W0706) about each value a rule file adds with `extend enum` that no rule's
  // condition names. Runs after CheckRules: it reads the conditions' resolved references.
  void WarnUndecidedEnumValues();
  std::optional<Date> CheckDate(const ast::DateLiteral& date);
  Location LocationOf(diag::SourceRange range) const;
  int32_t FindScheme(const ast::Ident& name);  // reports E0202 if unknown
  // Returns the component `name` names: its index, kNoIndex for `product` (the product
  // itself), or nullopt after reporting E0219 if it is unknown.
  std::optional<int32_t> FindComponent(const ast::Ident& name);

  std::string Name(const Type& type) const { return TypeName(out_, type); }
  static std::vector<std::string> Keys(const std::map<std::string, int32_t>& map);

  const ast::Module& ast_;
  const diag::SourceManager& sources_;
  diag::DiagnosticSink& sink_;
  const CheckOptions& options_;
  CheckedModule out_;

  // The five namespaces: name -> index.
  std::map<std::string, int32_t> authorities_, schemes_, components_, enums_, values_;
  std::map<std::string, int32_t> constraints_;  // constraint name -> index
  // Values are facts or sets: which one, by name.
  std::map<std::string, bool> value_is_set_;
  // Where each name was first declared, for "first declared here" notes.
  std::map<std::string, diag::SourceRange> enum_ranges_, value_ranges_;
  std::vector<diag::SourceRange> fact_ranges_;  // by fact index
  std::vector<bool> fact_read_;
  std::vector<bool> scheme_required_;
  std::set<std::string> dropped_names_;  // every name in a dropped statement
  bool dropped_any_name_ = false;        // a dropped `import`: any name
  // (scheme, code) of every entry's catalogue codes, for checking rules' `row`s.
  std::set<std::pair<int32_t, std::string>> entry_codes_;
  // A value `extend enum` added outside the standard library, for W0706.
  struct ExtendedValue {
    int32_t enum_index = kNoIndex;
    int32_t value = kNoIndex;
    diag::SourceRange range;  // the value's name in the extension
  };
  std::vector<ExtendedValue> extended_values_;
};

}  // namespace ccr::check::internal
