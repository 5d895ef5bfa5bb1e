// ccrc doc FILES -o REFERENCE.md: the generated scheme reference.
#include <cstdio>
#include <memory>

#include "compiler/doc/reference.h"
#include "runtime/base/files.h"
#include "tools/ccrc/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

struct DocFlags {
  CompileFlags compile;
  std::string output;
};

int Doc(const CompileFlags& flags, const std::string& output) {
  int exit_code = kExitOk;
  auto c = CompileAndReport(flags, exit_code);
  if (!c || exit_code != kExitOk) return exit_code;
  std::string reference = doc::SchemeReference(c->checked);
  if (output.empty() || output == "-") return Print(reference);
  if (auto written = WriteFileAtomically(output, reference); !written) {
    std::fprintf(stderr, "error: %s\n", written.error().message.c_str());
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace

Command AddDocCommand(CLI::App& app) {
  auto flags = std::make_shared<DocFlags>();
  CLI::App* doc = app.add_subcommand("doc", "generate the scheme reference (Markdown)");
  AddCompileFlags(*doc, flags->compile);
  doc->add_option("-o,--output", flags->output, "the file to write (default: standard output)");
  return {doc, [flags] { return Doc(flags->compile, flags->output); }};
}

}  // namespace ccr::tools
