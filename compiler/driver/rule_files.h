// Which rule files a command line names, in one canonical order. A bundle must depend only on
// the set of files given, never on the order the user typed them or the order the file system
// lists a directory (which differs between machines and with the order files were created), so
// the same rules compile to the same bytes everywhere (docs/cli.md, "Reproducible output").
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "runtime/base/expected.h"

namespace ccr::driver {

// Returns the key under which a file is loaded once: its canonical path when it exists, else
// the path made lexically normal, so `a/../b.ccr` and `b.ccr` name the same file.
std::filesystem::path FileKey(const std::filesystem::path& path);

// Sorts `files` by path and drops later names of a file already listed (same FileKey). The
// result depends only on the set of names given, not on their order.
std::vector<std::filesystem::path> CanonicalOrder(std::vector<std::filesystem::path> files);

// Expands `inputs` into rule files, in CanonicalOrder: a directory contributes its `.ccr` files
// (recursively), a file stands for itself. `overlay` holds texts by FileKey that need not exist
// on disk. Errors: an input that does not exist or cannot be listed (R0101), a directory
// without `.ccr` files (R0103).
Expected<std::vector<std::filesystem::path>> CollectRuleFiles(
    const std::vector<std::string>& inputs,
    const std::map<std::filesystem::path, std::string>& overlay);

}  // namespace ccr::driver
