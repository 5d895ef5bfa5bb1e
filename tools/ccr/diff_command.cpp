// ccr diff: which products of a catalogue change requirements between two dates
// (`--as-of A --as-of B`) or two bundles (`OLD.ccrb NEW.ccrb`), and the rule edits that cause
// each change. The comparison is runtime/diff (CompareCatalogue); this file parses the
// arguments, loads and prints. Exit 0: nothing changes; 1: some product changes.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/files.h"
#include "runtime/diff/diff.h"
#include "runtime/facts/facts.h"
#include "tools/ccr/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

struct DiffFlags {
  std::vector<std::string> bundles;
  std::string facts;
  std::vector<std::string> as_of;
  std::string format = "text";
};

int Diff(const DiffFlags& flags) {
  if (flags.bundles.size() > 2 || flags.as_of.size() > 2) {
    std::fputs(FormatError(Error{"ccr diff compares two states: give at most two bundles and "
                                 "two --as-of dates",
                                 ErrorKind::DiffStates})
                   .c_str(),
               stderr);
    return kExitUsage;
  }
  if (flags.bundles.size() < 2 && flags.as_of.size() < 2) {
    std::fputs(FormatError(Error{"nothing to compare: give two dates (--as-of A --as-of B) or "
                                 "two bundles (OLD.ccrb NEW.ccrb)",
                                 ErrorKind::DiffStates})
                   .c_str(),
               stderr);
    return kExitUsage;
  }
  const std::string old_path = flags.bundles.empty() ? "" : flags.bundles[0];
  const std::string new_path = flags.bundles.size() == 2 ? flags.bundles[1] : old_path;
  auto old_program = LoadBundle(old_path);
  if (!old_program) {
    std::fputs(FormatError(old_program.error()).c_str(), stderr);
    return kExitInput;
  }
  std::optional<Expected<bytecode::VerifiedProgram>> new_loaded;
  if (flags.bundles.size() == 2) {
    new_loaded.emplace(LoadBundle(new_path));
    if (!*new_loaded) {
      std::fputs(FormatError(new_loaded->error()).c_str(), stderr);
      return kExitInput;
    }
  }
  const bytecode::VerifiedProgram& new_program = new_loaded ? new_loaded->value() : *old_program;
  const Date old_date = flags.as_of.empty() ? Today() : *ParseDate(flags.as_of[0]);
  const Date new_date = flags.as_of.size() == 2 ? *ParseDate(flags.as_of[1]) : old_date;
  diff::State old_state{&*old_program, old_date}, new_state{&new_program, new_date};

  auto text = ReadWholeFile(flags.facts);
  if (!text) {
    std::fputs(FormatError(text.error()).c_str(), stderr);
    return kExitInput;
  }
  const std::string where = flags.facts == "-" ? "<stdin>" : flags.facts;
  const bool two_bundles = flags.bundles.size() == 2;
  diff::Report report = diff::CompareCatalogue(
      old_state, new_state, *text, where,
      [](std::string_view problems) { std::fputs(std::string(problems).c_str(), stderr); });
  report.old_name = diff::StateName(old_path, old_date, two_bundles);
  report.new_name = diff::StateName(new_path, new_date, two_bundles);

  std::string out =
      flags.format == "json" ? diff::RenderJson(report) + "\n" : diff::RenderText(report);
  auto written = WriteStdout(out);
  if (!written) {
    std::fputs(FormatError(written.error()).c_str(), stderr);
    return kExitInput;
  }
  if (!report.errors.empty()) return kExitInput;
  return report.changed.empty() ? kExitOk : kExitFindings;
}

}  // namespace

Command AddDiffCommand(CLI::App& app) {
  auto flags = std::make_shared<DiffFlags>();
  CLI::App* diff = app.add_subcommand(
      "diff", "which products' requirements change between two dates or two bundles, and why");
  diff->add_option("bundles", flags->bundles,
                   "OLD.ccrb NEW.ccrb to compare two bundles; one or none (the built-in "
                   "bundle) to compare two dates");
  diff->add_option("--facts", flags->facts,
                   "the catalogue: a .jsonl file with one product per line (or one JSON object); "
                   "- for stdin")
      ->required();
  diff->add_option("--as-of", flags->as_of,
                   "the date of the old state, then of the new one (default: today)")
      ->check(CheckDate);
  diff->add_option("--format", flags->format, "output format")
      ->check(CLI::IsMember({"text", "json"}));
  return {diff, [flags] { return Diff(*flags); }};
}

}  // namespace ccr::tools
