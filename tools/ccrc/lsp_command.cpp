// ccrc lsp: the language server, speaking LSP over stdin/stdout for editors. Stdout carries
// protocol messages only; every note goes to stderr.
#include <cstdio>
#include <iostream>
#include <memory>

#include "compiler/lsp/server.h"
#include "tools/ccrc/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

int Lsp(const lsp::ServerOptions& options) {
  std::ios::sync_with_stdio(false);
  lsp::RunResult result = lsp::Run(std::cin, std::cout, std::cerr, options);
  switch (result.end) {
    case lsp::RunEnd::Exit:
    case lsp::RunEnd::EndOfInput:
      return result.exit_code == 0 ? kExitOk : kExitFindings;
    case lsp::RunEnd::BadInput:
      return kExitInput;
  }
  return kExitInternal;
}

}  // namespace

Command AddLspCommand(CLI::App& app) {
  auto options = std::make_shared<lsp::ServerOptions>();
  CLI::App* lsp = app.add_subcommand(
      "lsp", "run the language server on stdin/stdout (started by an editor, not by hand)");
  auto no_stdlib = std::make_shared<bool>(false);
  lsp->add_flag("--no-stdlib", *no_stdlib,
                "do not compile the standard library in front of documents");
  lsp->add_option("--stdlib", options->stdlib_dir,
                  "read the standard library from this directory instead of the built-in copy");
  return {lsp, [options, no_stdlib] {
            options->use_stdlib = !*no_stdlib;
            return Lsp(*options);
          }};
}

}  // namespace ccr::tools
