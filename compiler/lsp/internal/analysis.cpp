#include "compiler/lsp/internal/analysis.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/lsp/uri.h"

namespace ccr::lsp {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A tenth of `ccrc check`'s default: the repository's rules need a few thousand; a rule set so
// large that this runs out gets a warning saying the analysis is partial.
constexpr int64_t kAnalysisBudget = 200'000;

// The same identity the driver gives files (so the document is found among its sources).
fs::path Key(const fs::path& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(path, error);
  return error ? path.lexically_normal() : canonical;
}

std::optional<std::string> ReadSmallFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Returns the embedded file a path names, if the path is a copy of the standard library
// (`.../stdlib/facts.ccr`): then the document is compiled as part of the stdlib, not after it,
// which would declare everything twice.
bool IsStdlibCopy(const fs::path& path) {
  if (path.parent_path().filename() != "stdlib") return false;
  std::string embedded = "stdlib/" + path.filename().string();
  for (const EmbeddedFile& file : driver::StdlibFiles()) {
    if (file.path == embedded) return true;
  }
  return false;
}

// Returns the URI of an embedded stdlib file: the workspace's own copy when it has the same
// bytes (so the editor opens a real file), else a `ccr-stdlib:` URI.
std::string EmbeddedStdlibUri(const std::string& path, const std::string& text,
                              const Workspace& workspace) {
  for (const std::string& root : workspace.roots) {
    fs::path candidate = fs::path(root) / path;
    if (auto bytes = ReadSmallFile(candidate); bytes && *bytes == text) {
      return FileUri(candidate.lexically_normal().string());
    }
  }
  return StdlibUri(path);
}

json MakeDiagnostic(const Range& range, int severity, std::string code, std::string message) {
  return {{"range", ToJson(range)},
          {"severity", severity},
          {"code", std::move(code)},
          {"source", "ccr"},
          {"message", std::move(message)}};
}

}  // namespace

json ToJson(const Range& range) {
  return {{"start", {{"line", range.start.line}, {"character", range.start.character}}},
          {"end", {{"line", range.end.line}, {"character", range.end.character}}}};
}

Range Analysis::ToRange(const diag::SourceRange& range) const {
  if (!range.file.valid() || static_cast<size_t>(range.file.index) >= compilation->sources.size()) {
    return {};
  }
  LineIndex index(Source(range.file).text());
  return index.ToRange(range.begin, range.end);
}

uint32_t Analysis::Offset(Position position) const {
  return LineIndex(Source(file).text()).Offset(position);
}

json Analysis::Location(const diag::SourceRange& range) const {
  return {{"uri", uris.at(range.file.index)}, {"range", ToJson(ToRange(range))}};
}

Analysis Analyze(const std::string& uri, const Workspace& workspace) {
  Analysis analysis;
  driver::Options options;
  options.lower = false;
  // The same findings as `ccrc check` (dead, conflicting, redundant rules), within a budget
  // that keeps a keystroke's answer well under a second on any rule set.
  options.analyze = true;
  options.analysis_budget = kAnalysisBudget;
  options.stdlib_dir = workspace.stdlib_dir;
  options.use_stdlib = workspace.use_stdlib;
  for (const auto& [open_uri, text] : workspace.open) {
    if (auto path = FilePathOfUri(open_uri)) options.overlay[*path] = text;
  }
  std::vector<std::string> inputs;
  std::optional<std::string> stdlib_path = StdlibPathOfUri(uri);
  std::optional<std::string> path = FilePathOfUri(uri);
  if (stdlib_path) {
    options.stdlib_dir.clear();  // the document is an embedded file
    options.use_stdlib = true;
  } else if (path && options.use_stdlib && IsStdlibCopy(*path)) {
    options.stdlib_dir = fs::path(*path).parent_path().string();
  } else if (path) {
    inputs.push_back(*path);
  } else {
    // An unsaved buffer (`untitled:`): its URI serves as its path.
    auto it = workspace.open.find(uri);
    options.overlay[uri] = it == workspace.open.end() ? "" : it->second;
    inputs.push_back(uri);
    path = uri;
  }
  analysis.embedded_stdlib = options.stdlib_dir.empty();

  auto compiled = driver::Compile(inputs, options);
  if (!compiled) {
    analysis.error = compiled.error().message;
    return analysis;
  }
  analysis.compilation = std::move(*compiled);
  const driver::Compilation& c = *analysis.compilation;
  for (size_t i = 0; i < c.sources.size(); ++i) {
    const diag::SourceFile& source = c.sources.Get(diag::FileId{static_cast<int32_t>(i)});
    bool embedded =
        i < c.library_files && analysis.embedded_stdlib;  // library_files is 0 without a stdlib
    bool is_document = stdlib_path ? embedded && source.path() == *stdlib_path
                                   : !embedded && Key(source.path()) == Key(*path);
    if (is_document && !analysis.file.valid())
      analysis.file = diag::FileId{static_cast<int32_t>(i)};
    if (is_document) {
      analysis.uris.push_back(uri);
    } else if (embedded) {
      analysis.uris.push_back(EmbeddedStdlibUri(source.path(), source.text(), workspace));
    } else if (workspace.open.count(source.path())) {
      analysis.uris.push_back(source.path());  // another unsaved buffer
    } else {
      analysis.uris.push_back(FileUri(fs::absolute(source.path()).lexically_normal().string()));
    }
  }
  if (!analysis.file.valid()) analysis.error = "the document is not part of its own compilation";
  return analysis;
}

json Diagnostics(const Analysis& analysis) {
  json list = json::array();
  if (!analysis.ok()) {
    list.push_back(
        MakeDiagnostic({}, 1, "", fmt::format("cannot check this file: {}", analysis.error)));
    return list;
  }
  const driver::Compilation& c = *analysis.compilation;
  // Errors in other files (imports, a stdlib directory): one summary per file, at the import.
  std::map<int32_t, std::vector<const diag::Diagnostic*>> elsewhere;
  for (const diag::Diagnostic& d : c.sink.diagnostics()) {
    bool here = d.range.file == analysis.file || !d.range.file.valid();
    if (!here) {
      if (d.severity() == diag::Severity::Error) elsewhere[d.range.file.index].push_back(&d);
      continue;
    }
    const diag::KindInfo& info = diag::Info(d.kind);
    std::string message = d.message;
    if (!d.help.empty()) message += "\nhelp: " + d.help;
    json related = json::array();
    for (const diag::Note& note : d.notes) {
      if (note.range.file.valid()) {
        related.push_back({{"location", analysis.Location(note.range)}, {"message", note.message}});
      } else {
        message += "\nnote: " + note.message;
      }
    }
    Range range = d.range.file.valid() ? analysis.ToRange(d.range) : Range{};
    json item = MakeDiagnostic(range, d.severity() == diag::Severity::Error ? 1 : 2, info.code,
                               std::move(message));
    if (!related.empty()) item["relatedInformation"] = std::move(related);
    if (!d.help.empty()) item["data"] = {{"help", d.help}};
    list.push_back(std::move(item));
  }
  // Point at the document's first import if it has one: that is how the other file came in.
  Range at;
  for (const ast::Import& import : c.ast.imports) {
    if (import.range.file == analysis.file) {
      at = analysis.ToRange(import.range);
      break;
    }
  }
  for (const auto& [file, errors] : elsewhere) {
    const diag::Diagnostic& first = *errors.front();
    const std::string& path = c.sources.Get(diag::FileId{file}).path();
    json item = MakeDiagnostic(
        at, 1, diag::Info(first.kind).code,
        fmt::format("`{}` has {} error{}{}; the first: {}", path, errors.size(),
                    errors.size() == 1 ? "" : "s",
                    c.check_ran ? "" : ", so this file cannot be checked", first.message));
    item["relatedInformation"] =
        json::array({{{"location", analysis.Location(first.range)}, {"message", first.message}}});
    list.push_back(std::move(item));
  }
  return list;
}

std::optional<std::string> StdlibText(const std::string& uri) {
  auto path = StdlibPathOfUri(uri);
  if (!path) return std::nullopt;
  for (const EmbeddedFile& file : driver::StdlibFiles()) {
    if (file.path == *path) return std::string(file.bytes);
  }
  return std::nullopt;
}

}  // namespace ccr::lsp
