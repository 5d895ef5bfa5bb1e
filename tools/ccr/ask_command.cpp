// ccr ask [BUNDLE] [--facts PARTIAL.json]: asks only the facts that matter, most decisive
// first, until no scheme is undetermined; then prints the report and offers to save the facts.
// The conversation is runtime/ask/interview.h, on stdin and stderr (interactive in a
// terminal); this file parses the arguments and prints. `--next` prints the ranked questions
// as JSON (docs/ask.md) for other front ends.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "runtime/ask/ask.h"
#include "runtime/ask/interview.h"
#include "runtime/base/files.h"
#include "runtime/explain/constraints.h"
#include "runtime/facts/facts.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"
#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

struct AskFlags {
  std::string bundle;
  std::string facts;
  std::string as_of;
  std::string format = "text";
  std::string save;
  bool next = false;
};

// The conversation on this process's stdin and stderr (stdout carries only the report).
class StdioConsole final : public ask::Console {
 public:
  void Say(std::string_view text) override {
    std::fputs(std::string(text).c_str(), stderr);
    std::fflush(stderr);
  }
  bool ReadLine(std::string& line) override {
    return static_cast<bool>(std::getline(std::cin, line));
  }
  bool interactive() const override { return terminal_; }

 private:
  bool terminal_ = isatty(STDIN_FILENO) != 0;
};

int Ask(const AskFlags& flags) {
  auto program = LoadBundle(flags.bundle);
  if (!program) {
    std::fputs(FormatError(program.error()).c_str(), stderr);
    return kExitInput;
  }
  const bytecode::Module& module = program->module();
  facts::Product product;
  product.values.resize(module.facts.size());
  if (!flags.facts.empty()) {
    auto text = ReadWholeFile(flags.facts);
    if (!text) {
      std::fputs(FormatError(text.error()).c_str(), stderr);
      return kExitInput;
    }
    auto bound = facts::Bind(module, *text, flags.facts);
    if (!bound) {
      std::fputs(FormatError(bound.error()).c_str(), stderr);
      return kExitInput;
    }
    product = std::move(*bound);
    for (const std::string& warning : product.warnings) {
      std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }
    vm::ConstraintChecker constraints(*program);
    if (auto broken = explain::CheckConstraints(module, constraints, product, flags.facts)) {
      std::fputs(FormatError(*broken).c_str(), stderr);
      return kExitInput;
    }
  } else {
    facts::ApplyDefaults(module, product);
  }
  const Date as_of = flags.as_of.empty() ? Today() : *ParseDate(flags.as_of);

  if (flags.next) {
    vm::ConstraintChecker constraints(*program);
    std::vector<ask::Implied> implied = ask::FillImplied(module, constraints, product);
    vm::Result result;
    vm::Evaluator(*program).Evaluate(product, vm::Options{as_of}, result);
    auto questions = ask::RankQuestions(*program, product, ask::Options{as_of, {}});
    auto written = WriteStdout(
        ask::RenderNextJson(*program, product, result, questions, as_of, implied) + "\n");
    if (!written) {
      std::fputs(FormatError(written.error()).c_str(), stderr);
      return kExitInput;
    }
    return ask::OpenSchemes(result).empty() ? kExitOk : kExitFindings;
  }

  StdioConsole console;
  auto interview = ask::RunInterview(*program, std::move(product), {as_of}, console);
  if (!interview) {
    std::fputs(FormatError(interview.error()).c_str(), stderr);
    return kExitInput;
  }
  report::Options report_options;
  report_options.as_of = as_of;
  std::string out =
      flags.format == "json"
          ? report::RenderJson(*program, interview->product, interview->result, report_options) +
                "\n"
          : report::RenderText(*program, interview->product, interview->result, report_options);
  console.Say("\n");  // sets the report apart from the questions on a terminal
  auto written = WriteStdout(out);
  if (!written) {
    std::fputs(FormatError(written.error()).c_str(), stderr);
    return kExitInput;
  }
  if (!flags.save.empty()) {
    auto saved = WriteFileAtomically(flags.save, ask::FactsJson(module, interview->product));
    if (!saved) {
      std::fputs(FormatError(saved.error()).c_str(), stderr);
      return kExitInput;
    }
  } else if (console.interactive() && !interview->input_ended) {
    ask::OfferSave(module, interview->product, console);
  }
  return ask::OpenSchemes(interview->result).empty() ? kExitOk : kExitFindings;
}

}  // namespace

Command AddAskCommand(CLI::App& app) {
  auto flags = std::make_shared<AskFlags>();
  CLI::App* ask = app.add_subcommand(
      "ask", "ask only the facts that decide a product's requirements, most decisive first");
  ask->add_option("bundle", flags->bundle,
                  "a .ccrb file from `ccrc compile` (default: the built-in bundle)");
  ask->add_option("--facts", flags->facts, "what is already known: a JSON object of facts")
      ->check([](const std::string& path) {
        return path == "-" ? std::string("the answers come on stdin; give --facts a file")
                           : std::string();
      });
  ask->add_option("--as-of", flags->as_of,
                  "evaluate the rules in force on this date (default: today)")
      ->check(CheckDate);
  ask->add_flag("--next", flags->next,
                "print the ranked next questions as JSON (docs/ask.md) and exit");
  ask->add_option("--format", flags->format, "format of the final report")
      ->check(CLI::IsMember({"text", "json"}));
  ask->add_option("--save", flags->save,
                  "write the facts to this file at the end (atomically), without asking");
  return {ask, [flags] { return Ask(*flags); }};
}

}  // namespace ccr::tools
