// ccr run [BUNDLE] --facts FILE: evaluates one product (a JSON object) or a batch (JSONL, one
// product per line) and writes a report per product.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/base/files.h"
#include "runtime/base/json_writer.h"
#include "runtime/facts/facts.h"
#include "runtime/jit/jit.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"
#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

struct RunFlags {
  std::string bundle;
  std::string facts;
  std::string format = "text";
  std::string as_of;
  std::string output;
  bool all = false;
  bool jsonl = false;
  bool jit = false;
};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

int Run(const RunFlags& flags) {
  auto program = LoadBundle(flags.bundle);
  if (!program) {
    std::fprintf(stderr, "error: %s\n", program.error().message.c_str());
    return kExitInput;
  }
  auto text = ReadWholeFile(flags.facts);
  if (!text) {
    std::fprintf(stderr, "error: %s\n", text.error().message.c_str());
    return kExitInput;
  }
  const std::string where = flags.facts == "-" ? "<stdin>" : flags.facts;
  const bool lines = flags.jsonl || EndsWith(flags.facts, ".jsonl");
  const bool json = flags.format == "json";

  report::Options report_options;
  report_options.as_of = flags.as_of.empty() ? Today() : *ParseDate(flags.as_of);
  report_options.include_not_required = flags.all;
  vm::Options vm_options{report_options.as_of};

  facts::Binder binder(program->module());
  vm::Evaluator evaluator(*program);
  std::optional<jit::Evaluator> jit_evaluator;
  if (flags.jit) {
    auto compiled = jit::Evaluator::Compile(*program);
    if (!compiled) {
      std::fprintf(stderr, "error: %s%s\n",
                   jit::Available() ? "" : "--jit: ", compiled.error().message.c_str());
      return jit::Available() ? kExitInternal : kExitUsage;
    }
    jit_evaluator = std::move(*compiled);
  }
  vm::Result result;
  std::string out;
  int failed = 0, undetermined = 0, products = 0;

  // Evaluates one product's JSON; `line` is 0 for a single-object file.
  auto evaluate = [&](std::string_view object, size_t line) {
    std::string origin = line == 0 ? where : fmt::format("{}:{}", where, line);
    auto product = binder.Bind(object, origin);
    if (!product) {
      ++failed;
      std::fprintf(stderr, "error: %s\n", product.error().message.c_str());
      if (json && line != 0) {
        // Keep one output line per input line, so consumers can zip them.
        out += fmt::format("{{\"schema\":\"ccr.report/{}\",\"line\":{},\"error\":",
                           report::kJsonSchemaVersion, line);
        AppendJsonString(out, product.error().message);
        out += "}\n";
      }
      return;
    }
    ++products;
    for (const std::string& warning : product->warnings) {
      std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }
    if (jit_evaluator) {
      jit_evaluator->Evaluate(*product, vm_options, result);
    } else {
      evaluator.Evaluate(*product, vm_options, result);
    }
    for (const vm::SchemeResult& scheme : result.schemes) {
      if (scheme.status == vm::Status::Undetermined) {
        ++undetermined;
        break;
      }
    }
    if (json) {
      out += report::RenderJson(*program, *product, result, report_options);
      out += '\n';
    } else {
      if (products > 1) out += '\n';
      out += report::RenderText(*program, *product, result, report_options);
    }
  };

  if (lines) {
    size_t start = 0, line = 0;
    while (start < text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      ++line;
      std::string_view object(text->data() + start, end - start);
      if (object.find_first_not_of(" \t\r") != std::string_view::npos) evaluate(object, line);
      start = end + 1;
    }
  } else {
    evaluate(*text, 0);
  }

  auto written = flags.output.empty() ? WriteStdout(out) : WriteFileAtomically(flags.output, out);
  if (!written) {
    std::fprintf(stderr, "error: %s\n", written.error().message.c_str());
    return kExitInput;
  }
  if (failed > 0) return kExitInput;
  return undetermined > 0 ? kExitFindings : kExitOk;
}

}  // namespace

Command AddRunCommand(CLI::App& app) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* run = app.add_subcommand("run", "evaluate products against a rule bundle");
  run->add_option("bundle", flags->bundle,
                  "a .ccrb file from `ccrc compile` (default: the built-in bundle)");
  run->add_option("--facts", flags->facts,
                  "product facts: a JSON object, or a .jsonl file with one per line; - for stdin")
      ->required();
  run->add_option("--format", flags->format, "report format")
      ->check(CLI::IsMember({"text", "json"}));
  run->add_option("--as-of", flags->as_of,
                  "evaluate the rules in force on this date (default: today)")
      ->check(CheckDate);
  run->add_flag("--all", flags->all, "also list the schemes that are not required");
  run->add_flag("--jsonl", flags->jsonl, "read one product per line (implied by a .jsonl name)");
  run->add_flag("--jit", flags->jit, "evaluate with the LLVM JIT instead of the VM");
  run->add_option("-o,--output", flags->output, "write the reports to this file (atomically)");
  return {run, [flags] { return Run(*flags); }};
}

}  // namespace ccr::tools
