// The order rule files are compiled in depends only on which files are named: not on the order
// of the command line, nor on the order a directory lists its entries.
#include "compiler/driver/rule_files.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>

namespace ccr::driver {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system's temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "ccr-rule-files-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code error;
    fs::remove_all(path, error);
  }
  void Touch(const std::string& name) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name) << "// " << name << "\n";
  }
};

// Names relative to `base`, to compare listings of two directories.
std::vector<std::string> Relative(const std::vector<fs::path>& files, const fs::path& base) {
  std::vector<std::string> names;
  for (const fs::path& file : files) names.push_back(file.lexically_relative(base).string());
  return names;
}

const std::vector<std::string> kNames = {"b.ccr",     "a.ccr",          "sub/z.ccr", "sub/a.ccr",
                                         "c.ccr",     "sub/deep/m.ccr", "A.ccr",     "a_b.ccr",
                                         "notes.txt", "sub/x.ccrb"};

TEST_CASE("a directory gives the same files in the same order whatever the creation order") {
  TempDir forward;
  TempDir backward;
  for (const std::string& name : kNames) forward.Touch(name);
  for (auto it = kNames.rbegin(); it != kNames.rend(); ++it) backward.Touch(*it);
  auto one = CollectRuleFiles({forward.path.string()}, {});
  auto two = CollectRuleFiles({backward.path.string()}, {});
  REQUIRE(one.ok());
  REQUIRE(two.ok());
  std::vector<std::string> expected = {"A.ccr", "a.ccr",     "a_b.ccr",        "b.ccr",
                                       "c.ccr", "sub/a.ccr", "sub/deep/m.ccr", "sub/z.ccr"};
  CHECK(Relative(*one, forward.path) == expected);
  CHECK(Relative(*two, backward.path) == expected);
}

TEST_CASE("shuffled command lines give one order, duplicates once") {
  TempDir dir;
  for (const std::string& name : kNames) dir.Touch(name);
  std::vector<std::string> inputs = {(dir.path / "b.ccr").string(), (dir.path / "a.ccr").string(),
                                     (dir.path / "sub").string(), (dir.path / "c.ccr").string(),
                                     (dir.path / "sub" / ".." / "b.ccr").string()};
  auto reference = CollectRuleFiles(inputs, {});
  REQUIRE(reference.ok());
  CHECK(Relative(*reference, dir.path) == std::vector<std::string>{"a.ccr", "b.ccr", "c.ccr",
                                                                   "sub/a.ccr", "sub/deep/m.ccr",
                                                                   "sub/z.ccr"});
  std::mt19937 random(20261121);  // fixed: a failure must be reproducible
  for (int round = 0; round < 50; ++round) {
    std::shuffle(inputs.begin(), inputs.end(), random);
    auto shuffled = CollectRuleFiles(inputs, {});
    REQUIRE(shuffled.ok());
    CHECK(Relative(*shuffled, dir.path) == Relative(*reference, dir.path));
  }
}

TEST_CASE("CanonicalOrder sorts and keeps the first name of each file") {
  std::vector<fs::path> files = {"z.ccr", "m/../a.ccr", "a.ccr", "b.ccr", "z.ccr"};
  std::vector<fs::path> expected = {"a.ccr", "b.ccr", "z.ccr"};
  CHECK(CanonicalOrder(files) == expected);
  std::reverse(files.begin(), files.end());
  CHECK(CanonicalOrder(files) == expected);
}

TEST_CASE("what cannot be collected has a code") {
  TempDir dir;
  fs::create_directories(dir.path / "empty");
  auto missing = CollectRuleFiles({(dir.path / "nope.ccr").string()}, {});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::FileUnreadable);
  auto empty = CollectRuleFiles({(dir.path / "empty").string()}, {});
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().kind == ErrorKind::NoRuleFiles);
  // A file only in the overlay (an editor's unsaved buffer) counts.
  fs::path unsaved = dir.path / "unsaved.ccr";
  auto overlay = CollectRuleFiles({unsaved.string()}, {{FileKey(unsaved), "x"}});
  REQUIRE(overlay.ok());
  CHECK(overlay->size() == 1);
}

}  // namespace
}  // namespace ccr::driver
