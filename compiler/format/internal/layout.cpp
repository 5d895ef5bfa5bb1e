#include "compiler/format/internal/layout.h"

#include <antlr4-runtime.h>

#include <algorithm>
#include <cstdint>

#include "CcrLexer.h"
#include "CcrParser.h"

namespace ccr::format::internal {

namespace {

using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;
using ccr_antlr::CcrLexer;
using ccr_antlr::CcrParser;

struct Comment {
  std::string text;
  int newlines_before = 0;  // line breaks between the previous token or comment and this one
  bool ends_line = false;   // a `//` comment, or a block comment spanning lines
};

// The comments and line breaks around one token.
struct Trivia {
  std::vector<Comment> leading;   // on lines of their own before the token
  int newlines_before = 0;        // line breaks between the last of those and the token
  std::vector<Comment> trailing;  // after the token on its line
};

bool IsComment(const Token* token) {
  return token->getType() == CcrLexer::LINE_COMMENT || token->getType() == CcrLexer::BLOCK_COMMENT;
}

std::string CommentText(const Token* token) {
  std::string text = token->getText();
  if (token->getType() == CcrLexer::LINE_COMMENT) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
      text.pop_back();
    }
  }
  return text;
}

// Assigns each comment to a token: to the token before it when it is on that token's line
// (trailing), else to the token after it (leading). The assignment survives formatting, since
// a trailing comment is printed right after its token and a leading one on its own line: this
// is what makes the formatter idempotent around comments.
std::vector<Trivia> CollectTrivia(const std::vector<Token*>& tokens) {
  std::vector<Trivia> trivia(tokens.size());
  std::vector<Comment> pending;
  int newlines = 0;
  bool line_ended = true;
  size_t last = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token* token = tokens[i];
    if (token->getType() == CcrLexer::WS) {
      std::string text = token->getText();
      int count = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
      newlines += count;
      if (count > 0) line_ended = true;
      continue;
    }
    if (IsComment(token)) {
      bool ends_line = token->getType() == CcrLexer::LINE_COMMENT ||
                       token->getText().find('\n') != std::string::npos;
      Comment comment{CommentText(token), newlines, ends_line};
      if (!line_ended) {
        trivia[last].trailing.push_back(std::move(comment));
      } else {
        pending.push_back(std::move(comment));
      }
      if (ends_line) line_ended = true;
      newlines = 0;
      continue;
    }
    trivia[i].leading = std::move(pending);
    pending.clear();
    trivia[i].newlines_before = newlines;
    newlines = 0;
    line_ended = false;
    last = i;
  }
  return trivia;
}

class Builder {
 public:
  Builder(std::vector<Trivia> trivia, const LayoutOptions& options)
      : trivia_(std::move(trivia)), indent_(options.indent) {}

  Doc File(CcrParser::FileContext* file) {
    std::vector<Doc> parts;
    for (CcrParser::ItemContext* item : file->item()) {
      parts.push_back(HardLine());
      parts.push_back(Item(item));
    }
    parts.push_back(Leading(file->EOF()->getSymbol()));
    return Concat(std::move(parts));
  }

 private:
  // ----- tokens with their comments -----

  const Trivia& TriviaOf(const Token* token) const { return trivia_.at(token->getTokenIndex()); }

  Doc Leading(const Token* token) const {
    std::vector<Doc> parts;
    for (const Comment& comment : TriviaOf(token).leading) {
      parts.push_back(comment.newlines_before >= 2 ? BlankLine() : HardLine());
      parts.push_back(Text(comment.text));
      parts.push_back(HardLine());
    }
    return Concat(std::move(parts));
  }

  Doc Trailing(const Token* token) const {
    if (token == tail_) return Concat({});  // printed after the whole statement
    return TrailingComments(token);
  }

  Doc TrailingComments(const Token* token) const {
    std::vector<Doc> parts;
    for (const Comment& comment : TriviaOf(token).trailing) {
      parts.push_back(UncountedText(" " + comment.text));
      if (comment.ends_line) parts.push_back(HardLine());
    }
    return Concat(std::move(parts));
  }

  // The token with its comments.
  Doc Tok(const Token* token) const {
    return Concat({Leading(token), Text(token->getText()), Trailing(token)});
  }
  Doc Tok(TerminalNode* node) const { return Tok(node->getSymbol()); }

  // The token without its leading comments (printed elsewhere, e.g. inside a block).
  Doc Bare(const Token* token) const { return Concat({Text(token->getText()), Trailing(token)}); }

  // Builds a statement with the comments after its last token printed after the statement's
  // layout: a `// comment` ending the line must not force the statement's groups to break.
  template <typename Build>
  Doc WithTail(antlr4::ParserRuleContext* context, Build build) {
    const Token* last = context->getStop();
    const Token* saved = tail_;
    tail_ = last;
    Doc body = build();
    tail_ = saved;
    return Concat({std::move(body), TrailingComments(last)});
  }

  // The first child token of `context` spelled `text`.
  static const Token* Terminal(antlr4::ParserRuleContext* context, const std::string& text) {
    for (ParseTree* child : context->children) {
      auto* terminal = dynamic_cast<TerminalNode*>(child);
      if (terminal != nullptr && terminal->getText() == text) return terminal->getSymbol();
    }
    throw std::logic_error("the parse tree has no `" + text + "` where the grammar puts one");
  }

  // The first token of a statement (item or clause): keeps one blank line before it if the
  // source had any.
  Doc StatementStart(const Token* token) const {
    if (token == hoisted_) return Bare(token);
    bool blank = TriviaOf(token).newlines_before >= 2;
    return Concat({Leading(token), blank ? BlankLine() : Concat({}), Bare(token)});
  }

  // Every child of `context` in order, tokens separated by single spaces except around
  // punctuation (`x: bool`, `a, b`, `known(x)`). Sub-rules are laid out by `Node`.
  Doc Words(antlr4::ParserRuleContext* context, bool statement = false) {
    std::vector<Doc> parts;
    std::string previous;
    for (ParseTree* child : context->children) {
      auto* terminal = dynamic_cast<TerminalNode*>(child);
      std::string text = terminal != nullptr ? terminal->getText() : "";
      bool attach = text == "," || text == ":" || text == ")" || previous == "(" ||
                    (text == "(" && previous == "known");
      if (!parts.empty() && !attach) parts.push_back(Space());
      if (terminal == nullptr) {
        parts.push_back(Node(child));
      } else if (parts.empty() && statement) {
        parts.push_back(StatementStart(terminal->getSymbol()));
      } else {
        parts.push_back(Tok(terminal));
      }
      previous = terminal != nullptr ? text : "";
    }
    return Concat(std::move(parts));
  }

  Doc Node(ParseTree* node) {
    if (auto* type = dynamic_cast<CcrParser::TypeRefContext*>(node)) return Type(type);
    if (auto* expr = dynamic_cast<CcrParser::ExprContext*>(node)) return Expr(expr);
    if (auto* body = dynamic_cast<CcrParser::EnumBodyContext*>(node)) return Braced(body);
    if (auto* set = dynamic_cast<CcrParser::SetLiteralContext*>(node)) return Braced(set);
    if (auto* block = dynamic_cast<CcrParser::SynonymBlockContext*>(node)) return Braced(block);
    if (auto* action = dynamic_cast<CcrParser::ActionContext*>(node)) return Words(action);
    if (auto* outcome = dynamic_cast<CcrParser::OutcomeContext*>(node)) return Words(outcome);
    if (auto* fact = dynamic_cast<CcrParser::GivenFactContext*>(node)) return Words(fact);
    return Words(dynamic_cast<antlr4::ParserRuleContext*>(node));
  }

  // ----- lists in braces -----

  // The elements between `{` and `}`, each with the comma after it.
  std::vector<Doc> ListItems(antlr4::ParserRuleContext* context) {
    std::vector<Doc> items;
    const auto& children = context->children;
    for (size_t i = 0; i < children.size(); ++i) {
      auto* terminal = dynamic_cast<TerminalNode*>(children[i]);
      std::string text = terminal != nullptr ? terminal->getText() : "";
      if (text == "{" || text == "}" || text == "given") continue;
      if (text == "," && !items.empty()) {
        items.back() = Concat({std::move(items.back()), Tok(terminal)});
      } else {
        items.push_back(terminal != nullptr ? Tok(terminal) : Node(children[i]));
      }
    }
    return items;
  }

  // `{ a, b }` on one line if it fits; else the elements packed on lines one level deeper than
  // the line with `{`, and `}` back at that line's indentation.
  Doc Braced(antlr4::ParserRuleContext* context) {
    const Token* open = context->getStart();
    const Token* close = context->getStop();
    std::vector<Doc> items = ListItems(context);
    if (items.empty()) {
      bool comments = !TriviaOf(close).leading.empty();
      return LineNest({Tok(open), Nest(indent_, {Leading(close)}),
                       comments ? HardLine() : Concat({}), Bare(close)});
    }
    return LineNest(
        {Group({Tok(open), Nest(indent_, {Line(), Fill(std::move(items)), Leading(close)}), Line(),
                Bare(close)})});
  }

  // A block of statements: `{`, each on its own line one level in, `}` on its own line.
  Doc Block(const Token* open, std::vector<Doc> statements, const Token* close) {
    std::vector<Doc> inner;
    for (Doc& statement : statements) {
      inner.push_back(HardLine());
      inner.push_back(std::move(statement));
    }
    inner.push_back(Leading(close));
    return Concat({Tok(open), Nest(indent_, std::move(inner)), HardLine(), Bare(close)});
  }

  // ----- declarations -----

  // The comments before a declaration are printed before its layout, so that they are never
  // indented as continuation lines nor measured as part of its first line.
  Doc Item(CcrParser::ItemContext* item) {
    const Token* first = item->getStart();
    bool blank = TriviaOf(first).newlines_before >= 2;
    Doc comments = Concat({Leading(first), blank ? BlankLine() : Concat({})});
    hoisted_ = first;
    Doc body = WithTail(item, [&] { return ItemBody(item); });
    hoisted_ = nullptr;
    return Concat({std::move(comments), std::move(body)});
  }

  Doc ItemBody(CcrParser::ItemContext* item) {
    ParseTree* child = item->children.at(0);
    if (auto* authority = dynamic_cast<CcrParser::AuthorityDeclContext*>(child)) {
      return Authority(authority);
    }
    if (auto* scheme = dynamic_cast<CcrParser::SchemeDeclContext*>(child)) return Scheme(scheme);
    if (auto* fact = dynamic_cast<CcrParser::FactDeclContext*>(child)) return Fact(fact);
    if (auto* entry = dynamic_cast<CcrParser::EntryDeclContext*>(child)) return Entry(entry);
    if (auto* rule = dynamic_cast<CcrParser::ShortRuleContext*>(child)) return ShortRule(rule);
    if (auto* rule = dynamic_cast<CcrParser::RuleDeclContext*>(child)) return Rule(rule);
    if (auto* constraint = dynamic_cast<CcrParser::ConstraintDeclContext*>(child)) {
      return Constraint(constraint);
    }
    if (auto* test = dynamic_cast<CcrParser::TestDeclContext*>(child)) return Test(test);
    if (auto* layout = dynamic_cast<CcrParser::LayoutDeclContext*>(child)) return Layout(layout);
    // import, enum, set: one line, braces laid out by Braced.
    return Words(dynamic_cast<antlr4::ParserRuleContext*>(child), true);
  }

  // Splits the children of `context` into segments, each starting at one of `starts` (token
  // types); the first segment starts at the first child.
  // Only the first `count` children are laid out (all by default).
  std::vector<Doc> Segments(antlr4::ParserRuleContext* context, const std::vector<size_t>& starts,
                            bool statement, size_t count = SIZE_MAX) {
    std::vector<std::vector<Doc>> segments(1);
    for (size_t i = 0; i < context->children.size() && i < count; ++i) {
      ParseTree* child = context->children[i];
      auto* terminal = dynamic_cast<TerminalNode*>(child);
      size_t type = terminal != nullptr ? terminal->getSymbol()->getType() : 0;
      bool starts_segment =
          terminal != nullptr && std::find(starts.begin(), starts.end(), type) != starts.end();
      if (starts_segment && !segments.back().empty()) segments.emplace_back();
      std::vector<Doc>& segment = segments.back();
      bool attach =
          terminal != nullptr && (terminal->getText() == "," || terminal->getText() == ":");
      if (!segment.empty() && !attach) segment.push_back(Space());
      if (terminal == nullptr) {
        segment.push_back(Node(child));
      } else if (statement && segments.size() == 1 && segment.empty()) {
        segment.push_back(StatementStart(terminal->getSymbol()));
      } else {
        segment.push_back(Tok(terminal));
      }
    }
    std::vector<Doc> docs;
    for (auto& segment : segments) docs.push_back(Concat(std::move(segment)));
    return docs;
  }

  // `authority ID "name" zh "..." under PARENT`: one line if it fits, else the `zh` and `under`
  // parts packed onto continuation lines.
  Doc Authority(CcrParser::AuthorityDeclContext* context) {
    return Nest(indent_, {Fill(Segments(context, {CcrLexer::ZH, CcrLexer::UNDER}, true))});
  }

  // `scheme ID "name" zh "..." by A with B mandatory impact I mode M`: the head, the Chinese
  // name and the classification (`by ...`) packed; the classification breaks only if it does
  // not fit a line of its own.
  // A next-steps block follows as a `{ }` block, one step per line, like a rule's clauses.
  Doc Scheme(CcrParser::SchemeDeclContext* context) {
    size_t head_size = 0;
    while (head_size < context->children.size() && context->children[head_size]->getText() != "{") {
      ++head_size;
    }
    std::vector<Doc> segments = Segments(context,
                                         {CcrLexer::ZH, CcrLexer::BY, CcrLexer::MANDATORY,
                                          CcrLexer::VOLUNTARY, CcrLexer::IMPACT, CcrLexer::MODE},
                                         true, head_size);
    size_t classification = context->zh != nullptr ? 2 : 1;
    std::vector<Doc> head(std::make_move_iterator(segments.begin()),
                          std::make_move_iterator(segments.begin() + classification));
    std::vector<Doc> rest(std::make_move_iterator(segments.begin() + classification),
                          std::make_move_iterator(segments.end()));
    head.push_back(Fill(std::move(rest)));
    Doc declaration = Nest(indent_, {Fill(std::move(head))});
    if (head_size == context->children.size()) return declaration;
    std::vector<Doc> steps;
    for (CcrParser::SchemeStepContext* step : context->steps) {
      steps.push_back(WithTail(step, [&] { return SchemeStep(step); }));
    }
    return Concat({std::move(declaration), Space(),
                   Block(Terminal(context, "{"), std::move(steps), context->getStop())});
  }

  // `route "text" zh "..." source "..."`: the `zh` and `source` parts move to continuation
  // lines when the line is too long (a long string stays whole).
  Doc SchemeStep(CcrParser::SchemeStepContext* context) {
    return Nest(indent_, {Fill(Segments(context, {CcrLexer::ZH, CcrLexer::SOURCE}, true))});
  }

  // `entry VALUE: ENUM "name" zh "..." aka "a", "b" code S "c"`: one line if it fits; else the
  // head on the first line and each `aka` / `code` part on its own continuation line.
  Doc Entry(CcrParser::EntryDeclContext* context) {
    std::vector<Doc> head;
    std::vector<Doc> parts;
    for (ParseTree* child : context->children) {
      if (auto* part = dynamic_cast<CcrParser::EntryPartContext*>(child)) {
        parts.push_back(Concat({Line(), Words(part)}));
        continue;
      }
      auto* terminal = dynamic_cast<TerminalNode*>(child);
      if (terminal == nullptr) continue;
      bool attach = terminal->getText() == ":";
      if (!head.empty() && !attach) head.push_back(Space());
      head.push_back(head.empty() ? StatementStart(terminal->getSymbol()) : Tok(terminal));
    }
    if (parts.empty()) return Concat(std::move(head));
    return Group({Concat(std::move(head)), Nest(indent_, std::move(parts))});
  }

  // `fact ID: TYPE default VALUE "doc"`: the doc string moves to a continuation line if the line is
  // too long.
  Doc Fact(CcrParser::FactDeclContext* context) {
    std::vector<Doc> head = {StatementStart(context->FACT()->getSymbol()),
                             Space(),
                             Tok(context->id),
                             Tok(Terminal(context, ":")),
                             Space(),
                             Type(context->type)};
    if (context->defaultValue != nullptr) {
      head.insert(head.end(),
                  {Space(), Tok(context->DEFAULT()), Space(), Words(context->defaultValue)});
    }
    if (context->doc == nullptr) return Concat(std::move(head));
    return Group({Concat(std::move(head)), Nest(indent_, {Line(), Tok(context->doc)})});
  }

  Doc Type(CcrParser::TypeRefContext* context) { return Words(context); }

  // `if COND then ACTION`: one line if it fits; else `then` on a continuation line and the
  // condition's own continuation lines one level further in.
  Doc ShortRule(CcrParser::ShortRuleContext* context) {
    return Group(
        {StatementStart(context->IF()->getSymbol()), Space(),
         Nest(2 * indent_, {Condition(context->condition)}),
         Nest(indent_, {Line(), Tok(context->THEN()), Space(), Words(context->action())})});
  }

  Doc Rule(CcrParser::RuleDeclContext* context) {
    std::vector<Doc> clauses;
    for (CcrParser::RuleClauseContext* clause : context->ruleClause()) {
      clauses.push_back(WithTail(clause, [&] { return RuleClause(clause); }));
    }
    return Concat({StatementStart(context->RULE()->getSymbol()), Space(), Tok(context->id), Space(),
                   Block(Terminal(context, "{"), std::move(clauses), context->getStop())});
  }

  Doc RuleClause(CcrParser::RuleClauseContext* clause) {
    if (auto* when = dynamic_cast<CcrParser::WhenClauseContext*>(clause)) {
      return Concat({StatementStart(when->WHEN()->getSymbol()), Space(),
                     Nest(indent_, {Condition(when->condition)})});
    }
    if (auto* action = dynamic_cast<CcrParser::ActionClauseContext*>(clause)) {
      return Words(action->action(), true);
    }
    return Words(clause, true);
  }

  // Laid out like a rule: `constraint NAME {`, one clause per line, conditions nested.
  Doc Constraint(CcrParser::ConstraintDeclContext* context) {
    std::vector<Doc> clauses;
    for (CcrParser::ConstraintClauseContext* clause : context->constraintClause()) {
      clauses.push_back(WithTail(clause, [&] { return ConstraintClause(clause); }));
    }
    return Concat({StatementStart(context->CONSTRAINT()->getSymbol()), Space(), Tok(context->id),
                   Space(), Block(Terminal(context, "{"), std::move(clauses), context->getStop())});
  }

  Doc ConstraintClause(CcrParser::ConstraintClauseContext* clause) {
    if (auto* when = dynamic_cast<CcrParser::ConstraintWhenClauseContext*>(clause)) {
      return Concat({StatementStart(when->WHEN()->getSymbol()), Space(),
                     Nest(indent_, {Condition(when->condition)})});
    }
    if (auto* holds = dynamic_cast<CcrParser::HoldsClauseContext*>(clause)) {
      return Concat({StatementStart(holds->HOLDS()->getSymbol()), Space(),
                     Nest(indent_, {Condition(holds->condition)})});
    }
    return Words(clause, true);
  }

  Doc Test(CcrParser::TestDeclContext* context) {
    std::vector<Doc> clauses;
    for (CcrParser::TestClauseContext* clause : context->testClause()) {
      clauses.push_back(WithTail(clause, [&] { return TestClause(clause); }));
    }
    return Concat({StatementStart(context->TEST()->getSymbol()), Space(), Tok(context->name),
                   Space(), Block(Terminal(context, "{"), std::move(clauses), context->getStop())});
  }

  // `layout NAME {`, one `column` or `ignore` clause per line, `}`; a column's synonyms in
  // braces laid out like a set.
  Doc Layout(CcrParser::LayoutDeclContext* context) {
    std::vector<Doc> clauses;
    for (CcrParser::LayoutClauseContext* clause : context->layoutClause()) {
      clauses.push_back(WithTail(clause, [&] { return Words(clause, true); }));
    }
    return Concat({StatementStart(context->LAYOUT()->getSymbol()), Space(), Tok(context->id),
                   Space(), Block(Terminal(context, "{"), std::move(clauses), context->getStop())});
  }

  Doc TestClause(CcrParser::TestClauseContext* clause) {
    if (auto* given = dynamic_cast<CcrParser::GivenClauseContext*>(clause)) return Given(given);
    return Words(clause, true);
  }

  // `given {` then the facts packed on lines one level in, then `}`: always broken, so that
  // adding a fact never reflows the test.
  Doc Given(CcrParser::GivenClauseContext* context) {
    const Token* open = Terminal(context, "{");
    const Token* close = context->getStop();
    std::vector<Doc> items = ListItems(context);
    Doc head = Concat({StatementStart(context->GIVEN()->getSymbol()), Space(), Tok(open)});
    if (items.empty()) {
      bool comments = !TriviaOf(close).leading.empty();
      return Concat({std::move(head), Nest(indent_, {Leading(close)}),
                     comments ? HardLine() : Concat({}), Bare(close)});
    }
    return Concat({std::move(head),
                   Nest(indent_, {HardLine(), Fill(std::move(items)), Leading(close)}), HardLine(),
                   Bare(close)});
  }

  // ----- conditions -----

  // Collects the operands of a chain of the same operator (`a and b and c`), left to right.
  template <typename Chain>
  void Operands(CcrParser::ExprContext* expr, std::vector<CcrParser::ExprContext*>& operands,
                std::vector<const Token*>& operators) {
    // Iterative: the chain nests to the left, one level per operator, and a generated file
    // may have thousands.
    std::vector<CcrParser::ExprContext*> right;
    while (auto* chain = dynamic_cast<Chain*>(expr)) {
      right.push_back(chain->rhs);
      operators.push_back(Terminal(chain, chain->children.at(1)->getText()));
      expr = chain->lhs;
    }
    operands.push_back(expr);
    operands.insert(operands.end(), right.rbegin(), right.rend());
    std::reverse(operators.begin(), operators.end());
  }

  // `a and b and c`: packed, breaking before an operator; an `and` chain inside an `or` chain
  // is one level further in, so the reader sees which operator binds.
  template <typename Chain>
  Doc ChainDoc(CcrParser::ExprContext* expr) {
    std::vector<CcrParser::ExprContext*> operands;
    std::vector<const Token*> operators;
    Operands<Chain>(expr, operands, operators);
    std::vector<Doc> items;
    for (size_t i = 0; i < operands.size(); ++i) {
      Doc operand = Expr(operands[i]);
      if (std::is_same_v<Chain, CcrParser::OrExprContext> &&
          dynamic_cast<CcrParser::AndExprContext*>(operands[i]) != nullptr) {
        operand = Nest(indent_, {std::move(operand)});
      }
      if (i == 0) {
        items.push_back(std::move(operand));
      } else {
        items.push_back(Concat({Tok(operators[i - 1]), Space(), std::move(operand)}));
      }
    }
    return Fill(std::move(items));
  }

  Doc Condition(CcrParser::ExprContext* expr) { return Expr(expr); }

  Doc Expr(CcrParser::ExprContext* expr) {
    if (dynamic_cast<CcrParser::AndExprContext*>(expr)) {
      return ChainDoc<CcrParser::AndExprContext>(expr);
    }
    if (dynamic_cast<CcrParser::OrExprContext*>(expr)) {
      return ChainDoc<CcrParser::OrExprContext>(expr);
    }
    if (auto* paren = dynamic_cast<CcrParser::ParenExprContext*>(expr)) {
      return Group(
          {Tok(paren->getStart()), Nest(indent_, {Expr(paren->inner)}), Tok(paren->getStop())});
    }
    if (auto* set = dynamic_cast<CcrParser::SetExprContext*>(expr)) {
      return Braced(set->setLiteral());
    }
    return Words(expr);
  }

  std::vector<Trivia> trivia_;
  int indent_;
  const Token* hoisted_ = nullptr;
  const Token* tail_ = nullptr;  // a statement's last token, its trailing comments printed after it
                                 // // a statement's first token, its comments already printed
};

}  // namespace

Doc LayoutFile(const std::string& text, const LayoutOptions& options) {
  antlr4::ANTLRInputStream input(text);
  CcrLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  CcrParser parser(&tokens);
  parser.removeErrorListeners();
  CcrParser::FileContext* file = parser.file();
  Builder builder(CollectTrivia(tokens.getTokens()), options);
  return builder.File(file);
}

std::vector<std::string> TokenSignature(const std::string& text) {
  antlr4::ANTLRInputStream input(text);
  CcrLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  std::vector<std::string> signature;
  for (const Token* token : tokens.getTokens()) {
    if (token->getType() == CcrLexer::WS) continue;
    if (IsComment(token)) {
      signature.push_back("comment " + CommentText(token));
    } else if (token->getType() != Token::EOF) {
      signature.push_back(std::to_string(token->getType()) + " " + token->getText());
    }
  }
  return signature;
}

}  // namespace ccr::format::internal
