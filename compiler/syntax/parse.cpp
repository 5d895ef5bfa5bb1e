#include "compiler/syntax/parse.h"

#include <antlr4-runtime.h>
#include <fmt/format.h>

#include "CcrLexer.h"
#include "CcrParser.h"
#include "compiler/syntax/internal/ast_builder.h"
#include "runtime/base/byte_order_mark.h"

namespace ccr::syntax {

namespace {

using ccr_antlr::CcrLexer;
using ccr_antlr::CcrParser;

// Byte offset of each code point, plus one past the end: ANTLR's C++ runtime decodes UTF-8
// and indexes code points, our ranges are bytes. ANTLR drops a leading byte order mark, so
// its code point 0 is the one after it.
std::vector<uint32_t> CodePointOffsets(const std::string& text) {
  std::vector<uint32_t> offsets;
  offsets.reserve(text.size() + 1);
  for (auto i = static_cast<uint32_t>(ByteOrderMarkLength(text)); i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets.push_back(i);
  }
  offsets.push_back(static_cast<uint32_t>(text.size()));
  return offsets;
}

// Returns the offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or text.size() if there is none.
// ANTLR's runtime would throw on such a byte mid-file and silently drop an incomplete
// sequence at the end, so the formatter would lose it (found by the format fuzzer).
size_t FirstInvalidUtf8(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    size_t length = lead < 0x80                    ? 1
                    : lead >= 0xC2 && lead <= 0xDF ? 2
                    : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                   : 0;
    if (length == 0 || i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return i;
    }
    // The second byte's range rules out overlong forms, surrogates and code points past
    // U+10FFFF.
    unsigned char second = length > 1 ? byte(i + 1) : 0;
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
      return i;
    }
    i += length;
  }
  return text.size();
}

// How a token is named in "unexpected ..." messages.
std::string Describe(antlr4::Token* token) {
  if (token->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = token->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return fmt::format("`{}`", text);
}

// Turns ANTLR's syntax errors into diagnostics. Tokens the lexer already flagged (bad
// characters, unterminated strings) are reported once, by the pre-scan, not again here.
class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(diag::FileId file, const std::vector<uint32_t>& offsets, diag::DiagnosticSink& sink)
      : file_(file), offsets_(offsets), sink_(sink) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* token, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    ++errors_;
    if (token == nullptr) return;
    if (token->getType() == CcrLexer::BAD_CHAR ||
        token->getType() == CcrLexer::UNTERMINATED_STRING ||
        token->getType() == CcrLexer::UNTERMINATED_COMMENT) {
      return;
    }
    auto* parser = dynamic_cast<CcrParser*>(recognizer);
    std::string help;
    if (parser != nullptr && token->getText() == "=" && EndsWithCondition(parser->getContext())) {
      help =
          "to compare, write `==`; a single `=` only gives a value (a fact's in a test's "
          "`given`, a set's elements in its declaration)";
    } else if (parser != nullptr &&
               dynamic_cast<CcrParser::ItemContext*>(parser->getContext()) != nullptr) {
      // Too many to list as "expected ...", and the list grows with the language.
      help = "expected the start of a statement: " + Names(*parser, parser->getExpectedTokens());
    } else if (parser != nullptr) {
      antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
      if (!expected.isEmpty() && expected.size() <= 8)
        help = "expected " + Names(*parser, expected);
    }
    size_t start = std::min<size_t>(token->getStartIndex(), offsets_.size() - 1);
    size_t stop = std::min<size_t>(token->getStopIndex() + 1, offsets_.size() - 1);
    if (token->getType() == antlr4::Token::EOF) stop = start;
    diag::SourceRange range{file_, offsets_[start], offsets_[std::max(start, stop)]};
    sink_.Add(diag::Kind::SyntaxError, range, fmt::format("unexpected {}", Describe(token)), help);
  }

  int errors() const { return errors_; }

 private:
  // Returns the token kinds as a reader names them: `then`, a name, end of file.
  static std::string Names(const CcrParser& parser, const antlr4::misc::IntervalSet& set) {
    const antlr4::dfa::Vocabulary& vocabulary = parser.getVocabulary();
    std::vector<std::string> names;
    for (size_t type : set.toList()) {
      if (type == antlr4::Token::EOF) {
        names.push_back("end of file");
        continue;
      }
      std::string name = vocabulary.getLiteralName(type);
      if (name.empty()) {
        name = vocabulary.getSymbolicName(type);
        for (char& c : name) c = static_cast<char>(std::tolower(c));
        if (name == "ident") name = "a name";
        if (name == "number") name = "a number";
        if (name == "string") name = "a string";
        if (name == "date") name = "a date";
      } else {
        name = fmt::format("`{}`", name.substr(1, name.size() - 2));
      }
      names.push_back(name);
    }
    std::string text;
    for (size_t i = 0; i < names.size(); ++i) {
      text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    }
    return text;
  }

  // Whether what was parsed last, before the error, is a condition (an expression): then a
  // stray `=` is a comparison written with one `=` (`if category = laptop`).
  static bool EndsWithCondition(antlr4::ParserRuleContext* context) {
    while (context != nullptr) {
      if (dynamic_cast<CcrParser::ExprContext*>(context) != nullptr) return true;
      context = context->children.empty()
                    ? nullptr
                    : dynamic_cast<antlr4::ParserRuleContext*>(context->children.back());
    }
    return false;
  }

  diag::FileId file_;
  const std::vector<uint32_t>& offsets_;
  diag::DiagnosticSink& sink_;
  int errors_ = 0;
};

// Thrown to give up the statement being parsed (not an antlr4::RecognitionException, so the
// generated rules' handlers let it through to Parse).
struct StatementFailed {};

// ANTLR's default strategy repairs a statement (deletes or invents a token) and goes on, so one
// mistake would give a tree the checker turns into echoes. This one reports the first error of
// a statement, as the default does, and gives the statement up: Parse drops it and resumes at
// the next statement.
class StatementErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  void recover(antlr4::Parser*, std::exception_ptr) override { throw StatementFailed{}; }

  antlr4::Token* recoverInline(antlr4::Parser* parser) override {
    reportError(parser, antlr4::InputMismatchException(parser));
    throw StatementFailed{};
  }

  // Checks, at a loop or an optional part, that the next token fits something (the default
  // does so too, but then deletes a token or skips to what may follow the rule: to the end of
  // the file for a statement). The rule's handler reports it with everything that fits.
  void sync(antlr4::Parser* parser) override {
    if (inErrorRecoveryMode(parser)) return;
    antlr4::atn::ATNState* state = parser->getATN().states[parser->getState()];
    switch (state->getStateType()) {
      case antlr4::atn::ATNState::BLOCK_START:
      case antlr4::atn::ATNState::STAR_BLOCK_START:
      case antlr4::atn::ATNState::PLUS_BLOCK_START:
      case antlr4::atn::ATNState::STAR_LOOP_ENTRY:
      case antlr4::atn::ATNState::STAR_LOOP_BACK:
      case antlr4::atn::ATNState::PLUS_LOOP_BACK:
        break;
      default:
        return;
    }
    const antlr4::misc::IntervalSet& next = parser->getATN().nextTokens(state);
    size_t token = parser->getTokenStream()->LA(1);
    if (next.contains(antlr4::Token::EPSILON) || next.contains(token)) return;
    throw antlr4::InputMismatchException(parser);
  }
};

// Returns whether token `index` (on the default channel) is the first on its line.
bool FirstOnLine(antlr4::CommonTokenStream& tokens, size_t index) {
  size_t line = tokens.get(index)->getLine();
  for (size_t i = index; i-- > 0;) {
    antlr4::Token* token = tokens.get(i);
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return token->getLine() < line;
  }
  return true;
}

// Returns where parsing resumes after the statement that began at token `statement` failed at
// token `failed_at`: the first token from there on (past the statement's first) that can begin
// a statement and is the first on its line, or the end of file. A keyword mid-line does not
// count: `set` and `enum` also begin types (`fact x: set of Y`), and rule files put each
// statement on a line of its own.
size_t NextStatement(antlr4::CommonTokenStream& tokens, const antlr4::misc::IntervalSet& starts,
                     size_t statement, size_t failed_at) {
  size_t i = std::max(failed_at, statement + 1);
  for (; i < tokens.size(); ++i) {
    antlr4::Token* token = tokens.get(i);
    if (token->getType() == antlr4::Token::EOF) break;
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    if (starts.contains(token->getType()) && FirstOnLine(tokens, i)) break;
  }
  return i;
}

// Records the statement of tokens [begin, end) as dropped, with every name in it.
ast::DroppedStatement Dropped(antlr4::CommonTokenStream& tokens, size_t begin, size_t end,
                              diag::FileId file, const std::vector<uint32_t>& offsets) {
  ast::DroppedStatement dropped;
  size_t last = begin;
  for (size_t i = begin; i < end; ++i) {
    antlr4::Token* token = tokens.get(i);
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    last = i;
    if (token->getType() == CcrLexer::IDENT) dropped.names.push_back(token->getText());
  }
  // A failed `import`: the file it names, and so what that declares, is unknown.
  dropped.may_declare_anything = tokens.get(begin)->getType() == CcrLexer::IMPORT;
  auto offset = [&](size_t code_point) {
    return offsets[std::min(code_point, offsets.size() - 1)];
  };
  dropped.range = {file, offset(tokens.get(begin)->getStartIndex()),
                   offset(tokens.get(last)->getStopIndex() + 1)};
  return dropped;
}

// Reports lexer-level problems and refuses input nested deeper than the limit, before ANTLR
// recurses into it. Returns false if parsing must not proceed.
bool PreScan(antlr4::CommonTokenStream& tokens, diag::FileId file,
             const std::vector<uint32_t>& offsets, diag::DiagnosticSink& sink,
             const ParseOptions& options, bool& had_errors) {
  int depth = 0, nots = 0;
  for (antlr4::Token* token : tokens.getTokens()) {
    size_t start = std::min<size_t>(token->getStartIndex(), offsets.size() - 1);
    size_t stop = std::min<size_t>(token->getStopIndex() + 1, offsets.size() - 1);
    diag::SourceRange range{file, offsets[start], offsets[std::max(start, stop)]};
    switch (token->getType()) {
      case CcrLexer::BAD_CHAR:
        had_errors = true;
        sink.Add(diag::Kind::BadCharacter, range,
                 fmt::format("unexpected character `{}`", token->getText()),
                 "ccr text is made of names, numbers, \"strings\", dates and the symbols "
                 "( ) { } , : = == != < <= > >=");
        break;
      case CcrLexer::UNTERMINATED_STRING:
        had_errors = true;
        sink.Add(diag::Kind::UnterminatedString, range, "string has no closing `\"`",
                 "close the string on the same line");
        break;
      case CcrLexer::UNTERMINATED_COMMENT:
        had_errors = true;
        sink.Add(diag::Kind::UnterminatedComment, {file, range.begin, range.begin + 2},
                 "unterminated block comment: it runs to the end of the file",
                 // Not spelled out: a golden test's expectations sit inside the comment.
                 "end the comment with `*` followed by `/`");
        break;
      case CcrLexer::STRING:
        if (token->getText().size() > options.max_string_bytes + 2) {
          had_errors = true;
          sink.Add(diag::Kind::StringTooLong, {file, range.begin, range.begin + 1},
                   fmt::format("string is {} bytes; the limit is {} bytes (max_string_bytes)",
                               token->getText().size() - 2, options.max_string_bytes),
                   "shorten the text; reasons and citations are meant to be read in a report");
        }
        break;
      default:
        break;
    }
    const std::string text = token->getType() == antlr4::Token::EOF ? "" : token->getText();
    if (text == "(" || text == "{") ++depth;
    if (text == ")" || text == "}") --depth;
    nots = token->getType() == CcrLexer::NOT                      ? nots + 1
           : token->getChannel() == antlr4::Token::HIDDEN_CHANNEL ? nots
                                                                  : 0;
    if (depth > options.max_nesting_depth || nots > options.max_nesting_depth) {
      sink.Add(diag::Kind::NestingTooDeep, range,
               fmt::format("nesting deeper than {} levels", options.max_nesting_depth),
               "split the condition into several rules or named sets; the limit "
               "(max_nesting_depth) keeps the compiler's stack bounded");
      return false;
    }
  }
  return true;
}

}  // namespace

ParseResult Parse(const diag::SourceManager& sources, diag::FileId file, ast::Module& module,
                  diag::DiagnosticSink& sink, const ParseOptions& options) {
  const diag::SourceFile& source = sources.Get(file);
  ParseResult result;
  if (source.text().size() > options.max_source_bytes) {
    sink.Add(diag::Kind::SourceTooLarge, {file, 0, 0},
             fmt::format("file is {} bytes; the limit is {} bytes (max_source_bytes)",
                         source.text().size(), options.max_source_bytes),
             "split the rules across several files");
    result.ok = false;
    result.refused = true;
    return result;
  }
  if (size_t bad = FirstInvalidUtf8(source.text()); bad < source.text().size()) {
    sink.Add(diag::Kind::BadCharacter,
             {file, static_cast<uint32_t>(bad), static_cast<uint32_t>(bad + 1)},
             fmt::format("byte 0x{:02X} is not valid UTF-8",
                         static_cast<unsigned char>(source.text()[bad])),
             "save the file as UTF-8; rule files must be UTF-8 text");
    result.ok = false;
    result.refused = true;
    return result;
  }
  try {
    std::vector<uint32_t> offsets = CodePointOffsets(source.text());
    antlr4::ANTLRInputStream input(source.text());
    CcrLexer lexer(&input);
    lexer.removeErrorListeners();  // BAD_CHAR matches anything: the lexer cannot fail
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();

    bool had_errors = false;
    if (!PreScan(tokens, file, offsets, sink, options, had_errors)) {
      result.ok = false;
      result.refused = true;
      return result;
    }

    // Statements are parsed one at a time: one that fails is reported once and dropped, and
    // parsing resumes at the next statement, so every syntax error of the file is reported and
    // the statements that parsed are still checked. Only statements that parsed reach the
    // AST, so the checker never sees a repaired tree.
    CcrParser parser(&tokens);
    parser.removeErrorListeners();
    ErrorListener listener(file, offsets, sink);
    parser.addErrorListener(&listener);
    auto strategy = std::make_shared<StatementErrorStrategy>();
    parser.setErrorHandler(strategy);
    const antlr4::atn::ATN& atn = parser.getATN();
    const antlr4::misc::IntervalSet& statement_starts =
        atn.nextTokens(atn.ruleToStartState[CcrParser::RuleItem]);
    std::vector<CcrParser::ItemContext*> statements;
    bool dropped = false;
    while (tokens.LA(1) != antlr4::Token::EOF && !sink.stopped()) {
      size_t begin = tokens.index();
      strategy->reset(&parser);
      try {
        statements.push_back(parser.item());
      } catch (const StatementFailed&) {
        size_t end = NextStatement(tokens, statement_starts, begin, tokens.index());
        module.dropped.push_back(Dropped(tokens, begin, end, file, offsets));
        dropped = true;
        tokens.seek(end);
      }
    }
    had_errors = had_errors || listener.errors() > 0 || dropped;

    int errors_before = sink.error_count();
    internal::AstBuilder builder(file, source.path(), offsets, module, sink);
    result.imports = builder.Build(statements);
    result.ok = !had_errors && sink.error_count() == errors_before;
  } catch (const std::exception& error) {
    sink.Add(diag::Kind::SyntaxError, {file, 0, 0},
             fmt::format("the parser failed: {}", error.what()),
             "this is a bug in ccr; please report it with this file");
    result.ok = false;
    result.refused = true;
  } catch (...) {
    // ANTLR has been known to throw C string literals.
    sink.Add(diag::Kind::SyntaxError, {file, 0, 0}, "the parser failed",
             "this is a bug in ccr; please report it with this file");
    result.ok = false;
    result.refused = true;
  }
  return result;
}

}  // namespace ccr::syntax
