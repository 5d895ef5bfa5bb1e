#include "compiler/syntax/parse.h"

#include <antlr4-runtime.h>
#include <fmt/format.h>

#include "CcrLexer.h"
#include "CcrParser.h"
#include "compiler/syntax/internal/ast_builder.h"

namespace ccr::syntax {

namespace {

using ccr_antlr::CcrLexer;
using ccr_antlr::CcrParser;

// Byte offset of each code point, plus one past the end: ANTLR's C++ runtime decodes UTF-8
// and indexes code points, our ranges are bytes.
std::vector<uint32_t> CodePointOffsets(const std::string& text) {
  std::vector<uint32_t> offsets;
  offsets.reserve(text.size() + 1);
  for (uint32_t i = 0; i < text.size(); ++i) {
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
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    std::string expected;
    if (parser != nullptr) {
      antlr4::misc::IntervalSet set = parser->getExpectedTokens();
      const antlr4::dfa::Vocabulary& vocabulary = parser->getVocabulary();
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
      if (!names.empty() && names.size() <= 8) {
        expected = "expected " + names[0];
        for (size_t i = 1; i < names.size(); ++i) {
          expected += (i + 1 == names.size() ? " or " : ", ") + names[i];
        }
      }
    }
    size_t start = std::min<size_t>(token->getStartIndex(), offsets_.size() - 1);
    size_t stop = std::min<size_t>(token->getStopIndex() + 1, offsets_.size() - 1);
    if (token->getType() == antlr4::Token::EOF) stop = start;
    diag::SourceRange range{file_, offsets_[start], offsets_[std::max(start, stop)]};
    sink_.Add(diag::Kind::SyntaxError, range, fmt::format("unexpected {}", Describe(token)),
              expected);
  }

  int errors() const { return errors_; }

 private:
  diag::FileId file_;
  const std::vector<uint32_t>& offsets_;
  diag::DiagnosticSink& sink_;
  int errors_ = 0;
};

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
    return result;
  }
  if (size_t bad = FirstInvalidUtf8(source.text()); bad < source.text().size()) {
    sink.Add(diag::Kind::BadCharacter,
             {file, static_cast<uint32_t>(bad), static_cast<uint32_t>(bad + 1)},
             fmt::format("byte 0x{:02X} is not valid UTF-8",
                         static_cast<unsigned char>(source.text()[bad])),
             "save the file as UTF-8; rule files must be UTF-8 text");
    result.ok = false;
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
      return result;
    }

    CcrParser parser(&tokens);
    parser.removeErrorListeners();
    ErrorListener listener(file, offsets, sink);
    parser.addErrorListener(&listener);
    CcrParser::FileContext* tree = parser.file();

    if (had_errors || listener.errors() > 0) {
      // A tree repaired by error recovery would only produce echoes in the checker.
      result.ok = false;
      return result;
    }
    int errors_before = sink.error_count();
    internal::AstBuilder builder(file, source.path(), offsets, module, sink);
    result.imports = builder.Build(tree);
    result.ok = sink.error_count() == errors_before;
  } catch (const std::exception& error) {
    sink.Add(diag::Kind::SyntaxError, {file, 0, 0},
             fmt::format("the parser failed: {}", error.what()),
             "this is a bug in ccr; please report it with this file");
    result.ok = false;
  } catch (...) {
    // ANTLR has been known to throw C string literals.
    sink.Add(diag::Kind::SyntaxError, {file, 0, 0}, "the parser failed",
             "this is a bug in ccr; please report it with this file");
    result.ok = false;
  }
  return result;
}

}  // namespace ccr::syntax
