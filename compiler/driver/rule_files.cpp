#include "compiler/driver/rule_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <system_error>

namespace ccr::driver {

namespace fs = std::filesystem;

fs::path FileKey(const fs::path& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(path, error);
  return error ? path.lexically_normal() : canonical;
}

std::vector<fs::path> CanonicalOrder(std::vector<fs::path> files) {
  std::sort(files.begin(), files.end());
  std::set<fs::path> seen;
  std::vector<fs::path> unique;
  unique.reserve(files.size());
  for (fs::path& file : files) {
    if (seen.insert(FileKey(file)).second) unique.push_back(std::move(file));
  }
  return unique;
}

Expected<std::vector<fs::path>> CollectRuleFiles(const std::vector<std::string>& inputs,
                                                 const std::map<fs::path, std::string>& overlay) {
  std::vector<fs::path> files;
  for (const std::string& input : inputs) {
    std::error_code error;
    fs::path path(input);
    if (fs::is_directory(path, error)) {
      size_t before = files.size();
      for (auto it = fs::recursive_directory_iterator(path, error);
           !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        std::error_code type_error;  // an entry that vanished or cannot be examined: skip it
        if (it->is_regular_file(type_error) && it->path().extension() == ".ccr") {
          files.push_back(it->path());
        }
      }
      if (error) {
        return Error{fmt::format("{}: cannot list: {}", input, error.message()),
                     ErrorKind::FileUnreadable};
      }
      if (files.size() == before) {
        return Error{fmt::format("{}: no `.ccr` files in this directory", input),
                     ErrorKind::NoRuleFiles};
      }
    } else if (overlay.count(FileKey(path)) || fs::exists(path, error)) {
      files.push_back(path);
    } else {
      return Error{fmt::format("{}: no such file or directory", input), ErrorKind::FileUnreadable};
    }
  }
  return CanonicalOrder(std::move(files));
}

}  // namespace ccr::driver
