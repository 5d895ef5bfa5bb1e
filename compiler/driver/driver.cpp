#include "compiler/driver/driver.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "compiler/analysis/analysis.h"
#include "compiler/driver/rule_files.h"
#include "compiler/lower/lower.h"

namespace ccr::driver {

namespace fs = std::filesystem;

namespace {

// Overlay texts by FileKey, so `a/../b.ccr` and `b.ccr` find the same buffer.
using Overlay = std::map<fs::path, std::string>;

Expected<std::string> ReadFile(const fs::path& path, const Overlay& overlay) {
  if (auto it = overlay.find(FileKey(path)); it != overlay.end()) return it->second;
  std::error_code error;
  if (fs::is_directory(path, error)) {
    return Error{fmt::format("{}: is a directory, not a rule file", path.string()),
                 ErrorKind::FileUnreadable};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{fmt::format("{}: cannot read: {}", path.string(),
                             std::error_code(errno, std::generic_category()).message()),
                 ErrorKind::FileUnreadable};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Expected<std::unique_ptr<Compilation>> Compile(const std::vector<std::string>& inputs,
                                               const Options& options) {
  auto compilation = std::make_unique<Compilation>(options.max_errors);
  Compilation& c = *compilation;
  Overlay overlay;
  for (const auto& [path, text] : options.overlay) overlay[FileKey(path)] = text;

  if (options.use_stdlib) {
    if (options.stdlib_dir.empty()) {
      for (const EmbeddedFile& file : StdlibFiles()) {
        c.sources.Add(std::string(file.path), std::string(file.bytes));
      }
    } else {
      auto files = CollectRuleFiles({options.stdlib_dir}, overlay);
      if (!files) return files.error();
      for (const fs::path& path : *files) {
        auto text = ReadFile(path, overlay);
        if (!text) return text.error();
        c.sources.Add(path.string(), std::move(*text));
      }
    }
    c.library_files = c.sources.size();
  }

  auto files = CollectRuleFiles(inputs, overlay);
  if (!files) return files.error();
  std::set<fs::path> loaded;
  for (const fs::path& path : *files) {
    if (!loaded.insert(FileKey(path)).second) continue;
    auto text = ReadFile(path, overlay);
    if (!text) return text.error();
    c.sources.Add(path.string(), std::move(*text));
  }

  // Parse every file; imports found on the way are appended and parsed in turn, once each.
  c.parsed = true;
  bool refused = false;
  for (size_t i = 0; i < c.sources.size(); ++i) {
    diag::FileId id{static_cast<int32_t>(i)};
    syntax::ParseResult result = syntax::Parse(c.sources, id, c.ast, c.sink, options.parse);
    c.parsed = c.parsed && result.ok;
    refused = refused || result.refused;
    fs::path directory = fs::path(c.sources.Get(id).path()).parent_path();
    for (const ast::Import& import : result.imports) {
      fs::path target = directory / import.path;
      if (!loaded.insert(FileKey(target)).second) continue;
      auto text = ReadFile(target, overlay);
      if (!text) {
        c.sink.Add(diag::Kind::ImportNotFound, import.range,
                   fmt::format("cannot import \"{}\": {}", import.path, text.error().message),
                   "import paths are relative to the importing file");
        c.parsed = false;
        // Like a failed `import` statement: what the file declares is unknown.
        c.ast.dropped.push_back({import.range, {}, /*may_declare_anything=*/true});
        continue;
      }
      c.sources.Add(target.lexically_normal().string(), std::move(*text));
    }
  }
  // Statements with syntax errors were left out and the rest is checked (the checker stays
  // quiet about their names); a file refused whole would make every use of its names an echo.
  if (refused) {
    c.sink.SortBySource();
    return compilation;
  }

  check::CheckOptions check_options;
  size_t library_files = c.library_files;
  check_options.is_library_file = [library_files](diag::FileId file) {
    return static_cast<size_t>(file.index) < library_files;
  };
  c.checked = check::Check(c.ast, c.sources, c.sink, check_options);
  c.check_ran = true;
  c.checked_ok = !c.sink.has_errors();
  if (c.checked_ok && options.analyze) {
    analysis::Options analysis_options;
    analysis_options.is_library_file = check_options.is_library_file;
    analysis_options.budget = options.analysis_budget;
    analysis::Analyze(c.checked, c.sink, analysis_options);
  }
  if (c.checked_ok && options.lower) c.bytecode = lower::Lower(c.checked);
  c.sink.SortBySource();
  return compilation;
}

}  // namespace ccr::driver
