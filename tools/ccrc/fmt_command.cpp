// ccrc fmt FILES|DIRS: rewrite rule files in the canonical layout (in place, atomically, only
// files that change); --check lists the files that would change; `-` formats stdin to stdout,
// --stdout prints the formatted files instead of rewriting them.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "compiler/diagnostics/render.h"
#include "compiler/format/format.h"
#include "runtime/base/files.h"
#include "tools/ccrc/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

namespace fs = std::filesystem;

struct FmtFlags {
  std::vector<std::string> inputs;
  bool check = false;
  bool to_stdout = false;
};

// The worst outcome decides the exit code: a bug, then unusable input, then findings.
int Worse(int a, int b) {
  auto rank = [](int code) {
    return code == kExitInternal ? 3 : code == kExitInput ? 2 : code == kExitFindings ? 1 : 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

// Expands directories into their `.ccr` files (recursively, in path order), like the
// compiler does; files and `-` are taken as given.
Expected<std::vector<std::string>> ExpandInputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code error;
    if (input == "-" || !fs::is_directory(input, error)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(input, error), end; !error && it != end;
         it.increment(error)) {
      if (it->is_regular_file(error) && it->path().extension() == ".ccr") {
        found.push_back(it->path().string());
      }
    }
    if (error) {
      return Error{input + ": cannot list the directory: " + error.message(),
                   ErrorKind::FileUnreadable};
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Formats one file (or stdin); prints diagnostics and errors. Returns the exit code.
int FormatOne(const std::string& path, const FmtFlags& flags) {
  auto text = ReadWholeFile(path);
  if (!text) return Fail(text.error(), kExitInput);
  std::string name = path == "-" ? "<stdin>" : path;
  format::FormattedText result = format::FormatText(name, std::move(*text));
  if (!result.text) {
    for (const diag::Diagnostic& d : result.diagnostics) {
      std::fputs(diag::RenderText(d, result.sources).c_str(), stderr);
    }
    if (result.diagnostics.empty()) {  // the message says `internal error: ...`
      std::fprintf(stderr, "%s\n", result.text.error().message.c_str());
      return kExitInternal;
    }
    return Fail(Error{result.text.error().message, ErrorKind::NotFormattable}, kExitFindings);
  }
  const std::string& original = result.sources.Get(diag::FileId{0}).text();
  const std::string& formatted = *result.text;
  if (flags.check) {
    if (formatted == original) return kExitOk;
    if (int printed = Print(name + "\n"); printed != kExitOk) return printed;
    return kExitFindings;
  }
  if (path == "-" || flags.to_stdout) return Print(formatted);
  if (formatted == original) return kExitOk;
  // A read-only file is a request not to change it; renaming over it would succeed anyway (and
  // root may write anything), so the permission bits decide.
  std::error_code error;
  fs::perms permissions = fs::status(path, error).permissions();
  if (error || access(path.c_str(), W_OK) != 0 ||
      (permissions & (fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write)) ==
          fs::perms::none) {
    return Fail(Error{path + ": not formatted: the file is not writable (check its permissions)",
                      ErrorKind::FileUnwritable},
                kExitInput);
  }
  if (auto written = WriteFileAtomically(path, formatted); !written) {
    return Fail(written.error(), kExitInput);
  }
  // The rewrite is a new file: give it the permissions the old one had.
  fs::permissions(path, permissions, error);
  return kExitOk;
}

int Fmt(const FmtFlags& flags) {
  auto files = ExpandInputs(flags.inputs);
  if (!files) return Fail(files.error(), kExitInput);
  int exit_code = kExitOk;
  for (const std::string& file : *files) exit_code = Worse(exit_code, FormatOne(file, flags));
  return exit_code;
}

}  // namespace

Command AddFmtCommand(CLI::App& app) {
  auto flags = std::make_shared<FmtFlags>();
  CLI::App* fmt = app.add_subcommand("fmt", "rewrite rule files in the canonical layout");
  fmt->add_option("inputs", flags->inputs,
                  "rule files, directories of .ccr files, or - for standard input")
      ->required();
  fmt->add_flag("--check", flags->check,
                "change nothing; list the files that are not formatted and exit 1 if any");
  fmt->add_flag("--stdout", flags->to_stdout,
                "change nothing; print the formatted text of each file to standard output");
  fmt->get_option("--check")->excludes("--stdout");
  return {fmt, [flags] { return Fmt(*flags); }};
}

}  // namespace ccr::tools
