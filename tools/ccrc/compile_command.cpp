// ccrc compile FILES -o OUT.ccrb: type-check rule files and write verified bytecode;
// ccrc check FILES: diagnostics only.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "compiler/check/check.h"
#include "runtime/base/files.h"
#include "runtime/bytecode/bytecode.h"
#include "tools/ccrc/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

struct CompileCommandFlags {
  CompileFlags compile;
  std::string output;
  std::string dump;
};

std::string DefaultOutput(const std::string& input) {
  // `rules/`, `.` and `..` name a directory: use its real name.
  std::error_code error;
  std::filesystem::path path = std::filesystem::weakly_canonical(input, error);
  if (error || path.filename().empty()) path = std::filesystem::path(input).parent_path();
  std::string stem = path.stem().string();
  return (stem.empty() || stem == "." || stem == ".." ? "rules" : stem) + ".ccrb";
}

int Compile(const CompileFlags& flags, std::string output, const std::string& dump) {
  int exit_code = kExitOk;
  auto c = CompileAndReport(flags, exit_code);
  if (!c || exit_code != kExitOk) return exit_code;
  if (dump == "checked") return Print(check::Dump(c->checked));
  if (dump == "bytecode") return Print(bytecode::Disassemble(*c->bytecode));
  std::vector<uint8_t> bytes = bytecode::Write(*c->bytecode);
  // Never write what the VM would refuse: verify the exact bytes we are about to ship.
  auto verified = bytecode::Load(bytes, "<compiled>");
  if (!verified) {
    std::fprintf(stderr, "internal error: the compiled bytecode does not verify: %s\n",
                 verified.error().message.c_str());
    return kExitInternal;
  }
  if (output.empty()) output = DefaultOutput(flags.inputs.front());
  auto written = WriteFileAtomically(
      output, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (!written) {
    std::fputs(FormatError(written.error()).c_str(), stderr);
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace

Command AddCompileCommand(CLI::App& app) {
  auto flags = std::make_shared<CompileCommandFlags>();
  CLI::App* compile = app.add_subcommand("compile", "type-check rule files and write bytecode");
  AddCompileFlags(*compile, flags->compile);
  compile->add_option("-o,--output", flags->output,
                      "the .ccrb file to write (default: INPUT.ccrb)");
  compile->add_option("--dump", flags->dump, "print a phase's output instead of writing bytecode")
      ->check(CLI::IsMember({"checked", "bytecode"}));
  return {compile, [flags] { return Compile(flags->compile, flags->output, flags->dump); }};
}

Command AddCheckCommand(CLI::App& app) {
  auto flags = std::make_shared<CompileFlags>();
  flags->analyze = true;
  CLI::App* check = app.add_subcommand(
      "check",
      "report diagnostics, plus dead, conflicting, redundant rules and useless exemptions");
  AddCompileFlags(*check, *flags);
  check
      ->add_option("--analysis-budget", flags->analysis_budget,
                   "candidate products the rule analysis may try before it stops (default 2000000)")
      ->check(CLI::PositiveNumber);
  return {check, [flags] {
            int exit_code = kExitOk;
            CompileAndReport(*flags, exit_code);
            return exit_code;
          }};
}

}  // namespace ccr::tools
