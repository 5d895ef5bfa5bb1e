// Over every .ccr file of the repository: formatting is idempotent, and the formatted file
// compiles to the same bytecode as the original. Source positions legitimately move (a rule
// that was on line 40 may be on line 38), so they are zeroed in both modules before writing
// (NormalisePositions); every other byte must be equal.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/driver/driver.h"
#include "compiler/format/format.h"
#include "runtime/bytecode/bytecode.h"

namespace ccr::format {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = CCR_SOURCE_DIR;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteText(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<fs::path> CcrFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".ccr") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Zeroes what depends on where things are written: lines and columns, the short-form rule
// names made from them (`file:12`), and the directory the files were compiled from.
void NormalisePositions(bytecode::Module& module, const std::string& root) {
  auto zero = [](bytecode::SourceLocation& location) { location.line = location.column = 0; };
  for (bytecode::Rule& rule : module.rules) {
    zero(rule.location);
    std::string& name = module.strings.at(rule.name);
    if (size_t colon = name.rfind(':'); colon != std::string::npos) name.resize(colon + 1);
  }
  for (bytecode::Test& test : module.tests) {
    zero(test.location);
    for (bytecode::Expectation& expectation : test.expectations) zero(expectation.location);
  }
  for (bytecode::Constraint& constraint : module.constraints) zero(constraint.location);
  // The standard library is compiled from the repository in both compilations (its
  // constraints carry locations), the formatted copies from `root`.
  const std::string repository = kRoot.string() + "/";
  for (std::string& text : module.strings) {
    if (text.rfind(root, 0) == 0) {
      text = text.substr(root.size());
    } else if (text.rfind(repository, 0) == 0) {
      text = text.substr(repository.size());
    }
  }
}

// What a compilation of `inputs` produced, positions aside: the bytecode, or the diagnostics'
// kinds and messages when it has errors.
std::string Outcome(const std::vector<std::string>& inputs, const fs::path& stdlib,
                    const std::string& root) {
  driver::Options options;
  options.stdlib_dir = stdlib.string();
  auto compiled = driver::Compile(inputs, options);
  REQUIRE_MESSAGE(compiled.ok(), compiled.error().message);
  driver::Compilation& c = **compiled;
  if (!c.bytecode) {
    std::string diagnostics = "errors:\n";
    for (const diag::Diagnostic& d : c.sink.diagnostics()) {
      diagnostics += std::string(diag::Info(d.kind).code) + " " + d.message + "\n";
    }
    for (size_t at; (at = diagnostics.find(root)) != std::string::npos;) {
      diagnostics.erase(at, root.size());
    }
    return diagnostics;
  }
  NormalisePositions(*c.bytecode, root);
  std::vector<uint8_t> bytes = bytecode::Write(*c.bytecode);
  return std::string(bytes.begin(), bytes.end());
}

struct Copy {
  fs::path original;
  fs::path formatted;
};

// Formats each file into `out` (same relative path), checking idempotence; skips files that
// do not parse (golden inputs with syntax errors) and returns the ones it wrote.
std::vector<Copy> FormatInto(const std::vector<fs::path>& files, const fs::path& out) {
  std::vector<Copy> copies;
  for (const fs::path& file : files) {
    FormattedText once = FormatText(file.string(), ReadText(file));
    if (!once.text.ok()) {
      // Refused only for syntax errors, never for a formatter bug.
      CHECK_MESSAGE(!once.diagnostics.empty(), once.text.error().message);
      continue;
    }
    FormattedText twice = FormatText(file.string(), *once.text);
    REQUIRE_MESSAGE(twice.text.ok(), file.string());
    CHECK_MESSAGE(*twice.text == *once.text, "not idempotent: ", file.string());
    fs::path target = out / fs::relative(file, kRoot);
    WriteText(target, *once.text);
    copies.push_back({file, target});
  }
  return copies;
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("ccr_format_test_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("the repository's rule sets compile to the same bytecode once formatted") {
  TempDir temp;
  std::vector<fs::path> files = CcrFiles(kRoot / "stdlib");
  for (const fs::path& file : CcrFiles(kRoot / "rules")) files.push_back(file);
  std::vector<Copy> copies = FormatInto(files, temp.path);
  CHECK(copies.size() == files.size());
  fs::path original_stdlib = kRoot / "stdlib", formatted_stdlib = temp.path / "stdlib";
  // Each directory of rules is one program (rules/products includes its tests/).
  for (const char* program : {"rules/products", "rules/bodies"}) {
    CAPTURE(program);
    std::string original =
        Outcome({(kRoot / program).string()}, original_stdlib, kRoot.string() + "/");
    std::string formatted =
        Outcome({(temp.path / program).string()}, formatted_stdlib, temp.path.string() + "/");
    CHECK(original.rfind("errors:", 0) != 0);
    CHECK(original == formatted);
  }
}

TEST_CASE("every golden input that parses formats idempotently to the same bytecode") {
  TempDir temp;
  std::vector<Copy> copies = FormatInto(CcrFiles(kRoot / "tests/golden"), temp.path);
  CHECK(copies.size() > 50);
  for (const Copy& copy : copies) {
    CAPTURE(copy.original.string());
    // Compiled alone against the standard library: a file meant for --no-stdlib or one with
    // imports may have errors, and then the same errors must come out of both.
    std::string original =
        Outcome({copy.original.string()}, kRoot / "stdlib", kRoot.string() + "/");
    std::string formatted =
        Outcome({copy.formatted.string()}, kRoot / "stdlib", temp.path.string() + "/");
    CHECK(original == formatted);
  }
}

}  // namespace ccr::format
