#include "compiler/diagnostics/render.h"

#include <fmt/format.h>

#include "runtime/base/json_writer.h"

namespace ccr::diag {

namespace {

const char* SeverityName(Severity severity) {
  return severity == Severity::Error ? "error" : "warning";
}

std::string Location(const SourceRange& range, const SourceManager& sources) {
  if (!range.file.valid()) return "";
  const SourceFile& file = sources.Get(range.file);
  LineColumn at = file.Position(range.begin);
  return fmt::format("{}:{}:{}: ", file.path(), at.line, at.column);
}

// The source line with a caret underline beneath the range (clipped to the first line).
std::string Snippet(const SourceRange& range, const SourceManager& sources) {
  if (!range.file.valid()) return "";
  const SourceFile& file = sources.Get(range.file);
  LineColumn begin = file.Position(range.begin);
  std::string_view line = file.Line(begin.line);
  std::string gutter = std::to_string(begin.line);
  std::string blank(gutter.size(), ' ');

  // Walk the line by characters so that multi-byte text (Chinese names) lines up and tabs
  // are echoed as tabs in the underline.
  std::string underline;
  uint32_t column = 1;
  LineColumn end = file.Position(range.end);
  uint32_t end_column = end.line == begin.line ? end.column : 0;
  for (size_t i = 0; i < line.size();) {
    auto c = static_cast<unsigned char>(line[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    if (column < begin.column) {
      underline += c == '\t' ? '\t' : ' ';
    } else if (column == begin.column) {
      underline += '^';
    } else if (end_column == 0 || column < end_column) {
      underline += '~';
    } else {
      break;
    }
    i += length;
    ++column;
  }
  if (column <= begin.column) underline += '^';  // the range starts at the end of the line
  return fmt::format("  {} | {}\n  {} | {}\n", gutter, line, blank, underline);
}

void AppendPosition(std::string& out, const char* line_key, const char* column_key, LineColumn at) {
  out += fmt::format(",\"{}\":{},\"{}\":{}", line_key, at.line, column_key, at.column);
}

}  // namespace

std::string RenderText(const Diagnostic& diagnostic, const SourceManager& sources) {
  std::string out = fmt::format("{}{}[{}]: {}\n", Location(diagnostic.range, sources),
                                SeverityName(diagnostic.severity()), Info(diagnostic.kind).code,
                                diagnostic.message);
  out += Snippet(diagnostic.range, sources);
  if (!diagnostic.help.empty()) out += fmt::format("  help: {}\n", diagnostic.help);
  for (const Note& note : diagnostic.notes) {
    out += fmt::format("  note: {}{}\n", Location(note.range, sources), note.message);
  }
  return out;
}

std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  std::string out = "{\"diagnostics\":[";
  int errors = 0, warnings = 0;
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    const Diagnostic& d = diagnostics[i];
    // The closing TooManyErrors is a notice, not one more error.
    if (d.kind != Kind::TooManyErrors) (d.severity() == Severity::Error ? errors : warnings)++;
    if (i > 0) out += ',';
    out += fmt::format("{{\"code\":\"{}\",\"severity\":\"{}\"", Info(d.kind).code,
                       SeverityName(d.severity()));
    if (d.range.file.valid()) {
      const SourceFile& file = sources.Get(d.range.file);
      out += ",\"file\":";
      AppendJsonString(out, file.path());
      AppendPosition(out, "line", "column", file.Position(d.range.begin));
      AppendPosition(out, "end_line", "end_column", file.Position(d.range.end));
      out += fmt::format(",\"begin_offset\":{},\"end_offset\":{}", d.range.begin, d.range.end);
    }
    out += ",\"message\":";
    AppendJsonString(out, d.message);
    if (!d.help.empty()) {
      out += ",\"help\":";
      AppendJsonString(out, d.help);
    }
    out += ",\"notes\":[";
    for (size_t n = 0; n < d.notes.size(); ++n) {
      const Note& note = d.notes[n];
      if (n > 0) out += ',';
      out += '{';
      if (note.range.file.valid()) {
        const SourceFile& file = sources.Get(note.range.file);
        out += "\"file\":";
        AppendJsonString(out, file.path());
        AppendPosition(out, "line", "column", file.Position(note.range.begin));
        out += ',';
      }
      out += "\"message\":";
      AppendJsonString(out, note.message);
      out += '}';
    }
    out += "]}";
  }
  out += fmt::format("],\"errors\":{},\"warnings\":{}}}\n", errors, warnings);
  return out;
}

std::string RenderSummary(int errors, int warnings) {
  auto plural = [](int n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  if (errors && warnings) return plural(errors, "error") + ", " + plural(warnings, "warning");
  if (errors) return plural(errors, "error");
  if (warnings) return plural(warnings, "warning");
  return "";
}

}  // namespace ccr::diag
