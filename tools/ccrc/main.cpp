// ccrc: the ccr compiler. Thin: parses the command line and calls the compiler libraries.
//   ccrc compile FILES|DIRS -o OUT.ccrb    type-check and write bytecode
//   ccrc check FILES|DIRS                  diagnostics only
//   ccrc test FILES|DIRS                   run in-language tests
//   ccrc disasm FILE.ccrb                  readable bytecode
//   ccrc doc FILES|DIRS -o REFERENCE.md    generated scheme reference
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "compiler/diagnostics/render.h"
#include "compiler/doc/reference.h"
#include "compiler/driver/driver.h"
#include "runtime/base/date.h"
#include "runtime/base/files.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/vm/test_runner.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

struct CompileFlags {
  std::vector<std::string> inputs;
  bool no_stdlib = false;
  std::string stdlib_dir;
  std::string error_format = "text";
};

void AddCompileFlags(CLI::App& command, CompileFlags& flags) {
  command.add_option("inputs", flags.inputs, "rule files, or directories of .ccr files")
      ->required();
  command.add_flag("--no-stdlib", flags.no_stdlib,
                   "do not compile the standard library in front of the inputs");
  command.add_option("--stdlib", flags.stdlib_dir,
                     "read the standard library from this directory instead of the built-in copy");
  command.add_option("--error-format", flags.error_format, "how to print diagnostics")
      ->check(CLI::IsMember({"text", "json"}));
}

// Compiles and prints the diagnostics. Returns nullptr (after printing) if an input could not
// be read; `exit_code` is then set.
std::unique_ptr<driver::Compilation> CompileAndReport(const CompileFlags& flags, int& exit_code) {
  driver::Options options;
  options.use_stdlib = !flags.no_stdlib;
  options.stdlib_dir = flags.stdlib_dir;
  auto compiled = driver::Compile(flags.inputs, options);
  if (!compiled) {
    std::fprintf(stderr, "error: %s\n", compiled.error().message.c_str());
    exit_code = kExitInput;
    return nullptr;
  }
  std::unique_ptr<driver::Compilation> c = std::move(*compiled);
  const auto& diagnostics = c->sink.diagnostics();
  if (flags.error_format == "json") {
    std::fputs(diag::RenderJson(diagnostics, c->sources).c_str(), stdout);
  } else {
    for (const diag::Diagnostic& d : diagnostics) {
      std::fputs(diag::RenderText(d, c->sources).c_str(), stderr);
    }
    std::string summary = diag::RenderSummary(c->sink.error_count(), c->sink.warning_count());
    if (!summary.empty()) std::fprintf(stderr, "%s\n", summary.c_str());
  }
  exit_code = c->sink.has_errors() ? kExitFindings : kExitOk;
  return c;
}

std::string DefaultOutput(const std::string& input) {
  // `rules/`, `.` and `..` name a directory: use its real name.
  std::error_code error;
  std::filesystem::path path = std::filesystem::weakly_canonical(input, error);
  if (error || path.filename().empty()) path = std::filesystem::path(input).parent_path();
  std::string stem = path.stem().string();
  return (stem.empty() || stem == "." || stem == ".." ? "rules" : stem) + ".ccrb";
}

// Prints to standard output; a closed or full output is an error, not silent success.
int Print(const std::string& text) {
  if (auto written = WriteStdout(text); !written) {
    std::fprintf(stderr, "error: %s\n", written.error().message.c_str());
    return kExitInput;
  }
  return kExitOk;
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
    std::fprintf(stderr, "error: %s\n", written.error().message.c_str());
    return kExitInput;
  }
  return kExitOk;
}

int Test(const CompileFlags& flags, bool through_bytecode, const std::string& as_of_text,
         bool show_coverage) {
  Date as_of = Today();
  if (!as_of_text.empty()) as_of = *ParseDate(as_of_text);
  int exit_code = kExitOk;
  auto c = CompileAndReport(flags, exit_code);
  if (!c || exit_code != kExitOk) return exit_code;

  // By default the tests run on the program exactly as it would ship: written, read back and
  // verified. `--in-memory` skips the round trip (the test suite runs both).
  Expected<bytecode::VerifiedProgram> program =
      through_bytecode ? bytecode::Load(bytecode::Write(*c->bytecode), "<compiled>")
                       : bytecode::Verify(*c->bytecode, "<compiled>");
  if (!program) {
    std::fprintf(stderr, "internal error: %s\n", program.error().message.c_str());
    return kExitInternal;
  }
  vm::TestRun run = vm::RunTests(*program, as_of);
  for (const vm::TestResult& test : run.tests) {
    std::printf("%s  %s  %s\n", test.failures.empty() ? "PASS" : "FAIL", test.location.c_str(),
                test.name.c_str());
    for (const vm::TestFailure& failure : test.failures) {
      std::printf("  %s: %s\n", failure.location.c_str(), failure.message.c_str());
      std::string explanation = failure.explanation;
      size_t start = 0;
      while (start < explanation.size()) {
        size_t end = explanation.find('\n', start);
        if (end == std::string::npos) end = explanation.size();
        std::printf("    %s\n", explanation.substr(start, end - start).c_str());
        start = end + 1;
      }
    }
  }
  const auto& rules = program->module().rules;
  size_t covered = 0;
  for (bool fired : run.rule_fired) covered += fired;
  std::printf("\nrule coverage: %zu of %zu rules fired in some test\n", covered, rules.size());
  if (show_coverage) {
    const auto& strings = program->module().strings;
    for (size_t i = 0; i < rules.size(); ++i) {
      if (i < run.rule_fired.size() && run.rule_fired[i]) continue;
      const auto& rule = rules[i];
      std::printf("  not covered: %s (%s:%u:%u)\n", strings[rule.name].c_str(),
                  strings[rule.location.file].c_str(), rule.location.line, rule.location.column);
    }
  }
  std::printf("%d passed, %d failed\n", run.passed, run.failed);
  return run.failed > 0 ? kExitFindings : kExitOk;
}

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

int Disasm(const std::string& path) {
  auto bytes = ReadWholeFile(path);
  if (!bytes) {
    std::fprintf(stderr, "error: %s\n", bytes.error().message.c_str());
    return kExitInput;
  }
  std::span<const uint8_t> view(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
  auto module = bytecode::Read(view, path);
  if (!module) {
    std::fprintf(stderr, "error: %s\n", module.error().message.c_str());
    return kExitInput;
  }
  if (int printed = Print(bytecode::Disassemble(*module)); printed != kExitOk) return printed;
  // A listing of a file the VM would refuse must say so.
  auto verified = bytecode::Verify(std::move(*module), path);
  if (!verified) {
    std::fprintf(stderr, "error: %s\n", verified.error().message.c_str());
    return kExitInput;
  }
  return kExitOk;
}

int Main(int argc, char** argv) {
  CLI::App app{"ccrc: compile, check and test ccr rule files"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ccrc 0.1.0 (bytecode format " +
                                        std::to_string(bytecode::kFormatVersion) + ")");

  CompileFlags compile_flags, check_flags, test_flags, doc_flags;
  std::string output, dump, as_of, disasm_path, doc_output;
  bool in_memory = false, coverage = false;

  CLI::App* compile = app.add_subcommand("compile", "type-check rule files and write bytecode");
  AddCompileFlags(*compile, compile_flags);
  compile->add_option("-o,--output", output, "the .ccrb file to write (default: INPUT.ccrb)");
  compile->add_option("--dump", dump, "print a phase's output instead of writing bytecode")
      ->check(CLI::IsMember({"checked", "bytecode"}));

  CLI::App* check = app.add_subcommand("check", "report diagnostics only");
  AddCompileFlags(*check, check_flags);

  CLI::App* test = app.add_subcommand("test", "run the in-language tests");
  AddCompileFlags(*test, test_flags);
  test->add_flag("--in-memory", in_memory, "run on the compiled program without the "
                                           "write/read/verify round trip");
  test->add_flag("--coverage", coverage, "list the rules no test made fire");
  test->add_option("--as-of", as_of, "date for tests without `as of` (default: today)")
      ->check([](const std::string& text) {
        return ParseDate(text) ? std::string() : "expected a date YYYY-MM-DD, got " + text;
      });

  CLI::App* disasm = app.add_subcommand("disasm", "print a .ccrb file as readable bytecode");
  disasm->add_option("file", disasm_path, "the .ccrb file")->required();

  CLI::App* doc = app.add_subcommand("doc", "generate the scheme reference (Markdown)");
  AddCompileFlags(*doc, doc_flags);
  doc->add_option("-o,--output", doc_output, "the file to write (default: standard output)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }

  if (*compile) return Compile(compile_flags, output, dump);
  if (*check) {
    int exit_code = kExitOk;
    CompileAndReport(check_flags, exit_code);
    return exit_code;
  }
  if (*test) return Test(test_flags, !in_memory, as_of, coverage);
  if (*disasm) return Disasm(disasm_path);
  if (*doc) return Doc(doc_flags, doc_output);
  return kExitUsage;
}

}  // namespace
}  // namespace ccr::tools

int main(int argc, char** argv) {
  try {
    return ccr::tools::Main(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "internal error: %s\n", error.what());
    return ccr::tools::kExitInternal;
  }
}
