#include "runtime/ask/interview.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "runtime/ask/ask.h"
#include "runtime/base/files.h"

namespace ccr::ask {
namespace {

using bytecode::kNone;
using bytecode::TypeKind;

// Width the value list is laid out in (a classic terminal).
constexpr size_t kScreenWidth = 80;

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

std::string QuestionText(const bytecode::Module& module, const Question& question, size_t number,
                         size_t open, bool full) {
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

}  // namespace

Expected<Interview> RunInterview(const bytecode::VerifiedProgram& program, facts::Product product,
                                 const InterviewOptions& options, Console& console) {
  const bytecode::Module& module = program.module();
  const bool interactive = console.interactive();
  const vm::Options vm_options{options.as_of};
  vm::Evaluator evaluator(program);
  vm::ConstraintChecker checker(program);
  Interview interview;
  std::vector<uint32_t> skipped;  // facts the person chose not to answer: never asked again
  size_t asked = 0, line = 0;
  while (!interview.input_ended) {
    // What the constraints decide is filled in and said, not asked.
    for (const Implied& implied : FillImplied(module, checker, product)) {
      std::string value;
      AppendValueJson(value, module, implied.fact, product.values[implied.fact]);
      console.Say(fmt::format("  {} = {} follows from the other facts (constraint `{}`)\n",
                              module.strings[module.facts[implied.fact].name], value,
                              module.strings[module.constraints[implied.constraint].name]));
    }
    evaluator.Evaluate(product, vm_options, interview.result);
    std::vector<Question> questions =
        RankQuestions(program, product, Options{options.as_of, skipped});
    std::vector<uint32_t> open = OpenSchemes(interview.result);
    if (open.empty()) break;
    if (questions.empty()) {
      console.Say(
          fmt::format("\n{} scheme{} still open ({}): only the facts you skipped would settle "
                      "{}\n",
                      open.size(), open.size() == 1 ? "" : "s", SchemeList(module, open),
                      open.size() == 1 ? "it" : "them"));
      break;
    }
    if (asked == 0) {
      console.Say(fmt::format("{} scheme{} open: {}\n", open.size(),
                              open.size() == 1 ? " is" : "s are", SchemeList(module, open)));
    }
    const Question& question = questions.front();
    const std::string& name = module.strings[module.facts[question.fact].name];
    console.Say(QuestionText(module, question, ++asked, open.size(), interactive));
    while (true) {
      if (interactive) console.Say("> ");
      std::string answer_text;
      if (!console.ReadLine(answer_text)) {
        console.Say(interactive ? "\n(end of input: stopping with what is known)\n"
                                : "(end of input: stopping with what is known)\n");
        interview.input_ended = true;
        break;
      }
      ++line;
      auto answer = ParseAnswer(module, question.fact, answer_text);
      if (!answer) {
        if (!interactive) {
          return Error{fmt::format("{}:{}: answer to `{}`: {}", options.where, line, name,
                                   answer.error().message),
                       ErrorKind::BadAnswer};
        }
        console.Say(fmt::format("  {}\n", answer.error().message));
        continue;
      }
      if (!interactive) console.Say(fmt::format("> {}\n", answer_text));
      if (!answer->known) {
        skipped.push_back(question.fact);
        break;
      }
      // An answer that contradicts the facts already known is asked again (or, piped, an
      // error like any bad answer): it would make the product an error.
      facts::Value before = std::move(product.values[question.fact]);
      product.values[question.fact] = std::move(*answer);
      std::span<const uint32_t> broken = checker.Broken(product);
      if (!broken.empty()) {
        const bytecode::Constraint& constraint = module.constraints[broken.front()];
        std::string message =
            fmt::format("this answer contradicts the facts already known: {} (constraint `{}`)",
                        module.strings[constraint.because], module.strings[constraint.name]);
        product.values[question.fact] = std::move(before);
        if (!interactive) {
          return Error{fmt::format("{}:{}: answer to `{}`: {}", options.where, line, name, message),
                       ErrorKind::BadAnswer};
        }
        console.Say(fmt::format("  {}\n", message));
        continue;
      }
      break;
    }
    if (!interview.input_ended) {
      evaluator.Evaluate(product, vm_options, interview.result);
      size_t still = OpenSchemes(interview.result).size();
      console.Say(fmt::format("  {} scheme{} still open\n", still, still == 1 ? "" : "s"));
    }
  }
  FillImplied(module, checker, product);
  evaluator.Evaluate(product, vm_options, interview.result);
  interview.product = std::move(product);
  return interview;
}

void OfferSave(const bytecode::Module& module, const facts::Product& product, Console& console) {
  std::string saved = FactsJson(module, product);
  while (true) {
    console.Say("\nSave these facts to a file? Path (empty to skip): ");
    std::string path;
    if (!console.ReadLine(path)) {
      console.Say("\n");
      return;
    }
    path.erase(0, path.find_first_not_of(" \t"));
    path.erase(path.find_last_not_of(" \t\r") + 1);
    if (path.empty()) return;
    if (access(path.c_str(), F_OK) == 0) {
      console.Say(fmt::format("{} exists; replace it? [y/N] ", path));
      std::string yes;
      if (!console.ReadLine(yes)) return;
      if (yes != "y" && yes != "yes") continue;
    }
    auto written = WriteFileAtomically(path, saved);
    if (written) {
      console.Say(fmt::format("saved {} (use it with: ccr run --facts {})\n", path, path));
      return;
    }
    console.Say(FormatError(written.error()));
  }
}

}  // namespace ccr::ask
