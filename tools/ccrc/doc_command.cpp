// ccrc doc FILES -o REFERENCE.md: the generated scheme reference (Markdown);
// ccrc doc FILES --html DIR: the static HTML site with the authorities picture (Graphviz).
#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "compiler/doc/html_site.h"
#include "compiler/doc/reference.h"
#include "runtime/base/files.h"
#include "runtime/base/temporary_files.h"
#include "tools/ccrc/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

struct DocFlags {
  CompileFlags compile;
  std::string output;
  std::string html_dir;
};

extern "C" char** environ;

// Runs Graphviz's `dot` (no shell) to render `dot_path` as SVG into `svg_path`. Returns "" on
// success, else why not.
std::string RenderSvg(const std::string& dot_path, const std::string& svg_path) {
  std::vector<std::string> args = {"dot", "-Tsvg", dot_path, "-o", svg_path};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "dot", nullptr, nullptr, argv.data(), environ) != 0) {
    return "Graphviz `dot` was not found (install the graphviz package)";
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return "Graphviz `dot` failed on " + dot_path;
  }
  return "";
}

int WriteSite(const driver::Compilation& c, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(fs::path(dir) / "schemes", error);
  if (error)
    return Fail(
        Error{dir + ": cannot create the directory: " + error.message(), ErrorKind::FileUnwritable},
        kExitInput);
  for (const doc::SiteFile& file : doc::HtmlSite(c.checked)) {
    if (auto written = WriteFileAtomically((fs::path(dir) / file.path).string(), file.content);
        !written) {
      return Fail(written.error(), kExitInput);
    }
  }
  // The picture goes through a temporary too, so a failed render leaves the old one intact.
  fs::path svg = fs::path(dir) / doc::kGraphSvg;
  fs::path temporary = fs::path(dir) / (std::string(".") + doc::kGraphSvg + ".tmp");
  int cleanup_slot = RegisterTemporary(temporary.string());  // removed on SIGINT, SIGTERM, SIGHUP
  std::string problem = RenderSvg((fs::path(dir) / doc::kGraphDot).string(), temporary.string());
  if (problem.empty()) fs::rename(temporary, svg, error);
  ForgetTemporary(cleanup_slot);
  if (!problem.empty() || error) {
    fs::remove(temporary, error);
    std::fprintf(stderr, "warning: %s; the site has no %s picture (%s is its source)\n",
                 problem.empty() ? "cannot rename the picture" : problem.c_str(), doc::kGraphSvg,
                 doc::kGraphDot);
  }
  return kExitOk;
}

int Doc(const CompileFlags& flags, const std::string& output, const std::string& html_dir) {
  int exit_code = kExitOk;
  auto c = CompileAndReport(flags, exit_code);
  if (!c || exit_code != kExitOk) return exit_code;
  if (!html_dir.empty()) return WriteSite(*c, html_dir);
  std::string reference = doc::SchemeReference(c->checked);
  if (output.empty() || output == "-") return Print(reference);
  if (auto written = WriteFileAtomically(output, reference); !written) {
    std::fputs(FormatError(written.error()).c_str(), stderr);
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace

Command AddDocCommand(CLI::App& app) {
  auto flags = std::make_shared<DocFlags>();
  CLI::App* doc = app.add_subcommand(
      "doc", "generate the scheme reference (Markdown, or an HTML site with --html)");
  AddCompileFlags(*doc, flags->compile);
  auto* output =
      doc->add_option("-o,--output", flags->output, "the file to write (default: standard output)");
  doc->add_option("--html", flags->html_dir,
                  "write a static HTML site into this directory: an index, a page per scheme, "
                  "and the authorities picture (Graphviz SVG)")
      ->excludes(output);
  return {doc, [flags] { return Doc(flags->compile, flags->output, flags->html_dir); }};
}

}  // namespace ccr::tools
