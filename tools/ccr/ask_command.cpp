// ccr ask [BUNDLE] [--facts PARTIAL.json]: asks only the facts that matter, most decisive
// first (runtime/ask), until no scheme is undetermined; then prints the report and offers to
// save the facts. In a terminal it shows each fact's doc and allowed values and re-asks on a
// bad answer; otherwise it reads one answer per line from stdin. `--next` prints the ranked
// questions as JSON (docs/ask.md) for other front ends.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "runtime/ask/ask.h"
#include "runtime/base/files.h"
#include "runtime/facts/facts.h"
#include "runtime/report/report.h"
#include "runtime/vm/vm.h"
#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

using bytecode::kNone;
using bytecode::TypeKind;

struct AskFlags {
  std::string bundle;
  std::string facts;
  std::string as_of;
  std::string format = "text";
  std::string save;
  bool next = false;
};

// Width the value list is laid out in (a classic terminal).
constexpr size_t kScreenWidth = 80;

void Say(const std::string& text) {
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

std::string SchemeList(const bytecode::Module& module, const std::vector<uint32_t>& schemes) {
  std::string out;
  for (uint32_t scheme : schemes) {
    if (!out.empty()) out += ", ";
    out += module.strings[module.schemes[scheme].id];
  }
  return out;
}

// The allowed values, numbered, in columns.
std::string ValueColumns(const bytecode::Module& module, uint32_t enum_index) {
  const auto& values = module.enums[enum_index].values;
  size_t width = 0;
  for (uint32_t name : values) width = std::max(width, module.strings[name].size());
  width += 6;  // "NNN " before, two blanks after
  size_t columns = std::max<size_t>(1, (kScreenWidth - 4) / width);
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i % columns == 0) out += "   ";
    std::string cell = fmt::format("{:>3} {}", i + 1, module.strings[values[i]]);
    bool last = i + 1 == values.size() || (i + 1) % columns == 0;
    out += last ? cell + "\n" : fmt::format("{:<{}}", cell, width);
  }
  return out;
}

// What to type for a fact, one line.
std::string AnswerHint(const bytecode::Module& module, const bytecode::Fact& fact) {
  switch (fact.type.kind) {
    case TypeKind::Bool:
      return "answer yes or no";
    case TypeKind::Number:
      return fact.unit != kNone ? "answer a number in " + module.strings[fact.unit]
                                : "answer a number";
    case TypeKind::String:
      return "answer the text";
    case TypeKind::Enum:
      return "answer one value, by name or number";
    case TypeKind::EnumSet:
      return "answer the values that apply, separated by commas (none for no value)";
  }
  return "";
}

std::string QuestionText(const bytecode::Module& module, const ask::Question& question,
                         size_t number, size_t open, bool full) {
  const bytecode::Fact& fact = module.facts[question.fact];
  std::string out = fmt::format("\nQuestion {}: {} ({})\n", number, module.strings[fact.name],
                                facts::DeclaredType(module, fact));
  if (fact.doc != kNone) out += "  " + module.strings[fact.doc] + "\n";
  if (!full) return out;
  if (fact.type.kind == TypeKind::Enum || fact.type.kind == TypeKind::EnumSet) {
    out += ValueColumns(module, fact.type.enum_index);
  }
  out += fmt::format("  decides {}; settles {} of the {} open on average, {} whatever the answer\n",
                     SchemeList(module, question.open_in),
                     fmt::format("{:.3g}", question.settles_mean()), open, question.settles_always);
  out += "  " + AnswerHint(module, fact) + "; ? to skip\n";
  return out;
}

// Reads one line; false at end of input.
bool ReadLine(std::string& line) { return static_cast<bool>(std::getline(std::cin, line)); }

// Offers to save the facts; asks for a path until a write succeeds or the user declines.
void OfferSave(const bytecode::Module& module, const facts::Product& product) {
  std::string saved = ask::FactsJson(module, product);
  while (true) {
    Say("\nSave these facts to a file? Path (empty to skip): ");
    std::string path;
    if (!ReadLine(path)) {
      Say("\n");
      return;
    }
    path.erase(0, path.find_first_not_of(" \t"));
    path.erase(path.find_last_not_of(" \t\r") + 1);
    if (path.empty()) return;
    if (access(path.c_str(), F_OK) == 0) {
      Say(fmt::format("{} exists; replace it? [y/N] ", path));
      std::string yes;
      if (!ReadLine(yes)) return;
      if (yes != "y" && yes != "yes") continue;
    }
    auto written = WriteFileAtomically(path, saved);
    if (written) {
      Say(fmt::format("saved {} (use it with: ccr run --facts {})\n", path, path));
      return;
    }
    Say(FormatError(written.error()));
  }
}

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
  }
  const Date as_of = flags.as_of.empty() ? Today() : *ParseDate(flags.as_of);
  vm::Evaluator evaluator(*program);
  vm::Result result;
  std::vector<uint32_t> skipped;
  auto rank = [&] {
    evaluator.Evaluate(product, vm::Options{as_of}, result);
    return ask::RankQuestions(*program, product, ask::Options{as_of, skipped});
  };

  if (flags.next) {
    auto questions = rank();
    auto written =
        WriteStdout(ask::RenderNextJson(*program, product, result, questions, as_of) + "\n");
    if (!written) {
      std::fputs(FormatError(written.error()).c_str(), stderr);
      return kExitInput;
    }
    return ask::OpenSchemes(result).empty() ? kExitOk : kExitFindings;
  }

  const bool terminal = isatty(STDIN_FILENO) != 0;
  size_t asked = 0, line = 0;
  bool ended = false;
  while (!ended) {
    auto questions = rank();
    std::vector<uint32_t> open = ask::OpenSchemes(result);
    if (open.empty()) break;
    if (questions.empty()) {
      Say(
          fmt::format("\n{} scheme{} still open ({}): only the facts you skipped would settle "
                      "{}\n",
                      open.size(), open.size() == 1 ? "" : "s", SchemeList(module, open),
                      open.size() == 1 ? "it" : "them"));
      break;
    }
    if (asked == 0) {
      Say(fmt::format("{} scheme{} open: {}\n", open.size(), open.size() == 1 ? " is" : "s are",
                      SchemeList(module, open)));
    }
    const ask::Question& question = questions.front();
    const std::string& name = module.strings[module.facts[question.fact].name];
    Say(QuestionText(module, question, ++asked, open.size(), terminal));
    while (true) {
      if (terminal) Say("> ");
      std::string answer_text;
      if (!ReadLine(answer_text)) {
        Say(terminal ? "\n(end of input: stopping with what is known)\n"
                     : "(end of input: stopping with what is known)\n");
        ended = true;
        break;
      }
      ++line;
      auto answer = ask::ParseAnswer(module, question.fact, answer_text);
      if (!answer) {
        if (!terminal) {
          std::fputs(FormatError(Error{fmt::format("<stdin>:{}: answer to `{}`: {}", line, name,
                                                   answer.error().message),
                                       ErrorKind::BadAnswer})
                         .c_str(),
                     stderr);
          return kExitInput;
        }
        Say(fmt::format("  {}\n", answer.error().message));
        continue;
      }
      if (!terminal) Say(fmt::format("> {}\n", answer_text));
      if (!answer->known) {
        skipped.push_back(question.fact);
      } else {
        product.values[question.fact] = std::move(*answer);
      }
      break;
    }
    if (!ended) {
      evaluator.Evaluate(product, vm::Options{as_of}, result);
      size_t still = ask::OpenSchemes(result).size();
      Say(fmt::format("  {} scheme{} still open\n", still, still == 1 ? "" : "s"));
    }
  }

  evaluator.Evaluate(product, vm::Options{as_of}, result);
  report::Options report_options;
  report_options.as_of = as_of;
  std::string out = flags.format == "json"
                        ? report::RenderJson(*program, product, result, report_options) + "\n"
                        : report::RenderText(*program, product, result, report_options);
  Say("\n");  // sets the report apart from the questions on a terminal; stdout stays clean
  auto written = WriteStdout(out);
  if (!written) {
    std::fputs(FormatError(written.error()).c_str(), stderr);
    return kExitInput;
  }
  if (!flags.save.empty()) {
    auto saved = WriteFileAtomically(flags.save, ask::FactsJson(module, product));
    if (!saved) {
      std::fputs(FormatError(saved.error()).c_str(), stderr);
      return kExitInput;
    }
  } else if (terminal && !ended) {
    OfferSave(module, product);
  }
  return ask::OpenSchemes(result).empty() ? kExitOk : kExitFindings;
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
