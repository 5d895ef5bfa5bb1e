// `ccr diff` output: text for people, JSON (`ccr.diff/1`, docs/diff.md) for machines.
#include <fmt/format.h>

#include "runtime/base/json_writer.h"
#include "runtime/diff/diff.h"

namespace ccr::diff {

namespace {

std::string OutcomeText(const Outcome& outcome) {
  if (outcome.status == "absent") return "(scheme not declared)";
  std::string text = outcome.status == "not_required" ? "not required" : outcome.status;
  // As the reports word it: a voluntary scheme that applies is recommended, never "voluntary
  // required" (docs/report.md).
  if (outcome.status == "required") {
    text = outcome.level == "voluntary" ? "recommended (voluntary)" : text + " " + outcome.level;
  }
  return text;
}

std::string EditText(const RuleEdit& edit) {
  std::string text;
  switch (edit.kind) {
    case EditKind::Added:
      text = "added";
      break;
    case EditKind::Removed:
      text = "removed";
      break;
    case EditKind::Changed:
      text = "changed ";
      for (size_t i = 0; i < edit.what.size(); ++i) {
        text += (i == 0 ? "" : ", ") + edit.what[i];
      }
      if (edit.into_force) text += "; comes into force";
      if (edit.out_of_force) text += "; goes out of force";
      break;
    case EditKind::IntoForce:
      text = "comes into force";
      break;
    case EditKind::OutOfForce:
      text = "goes out of force";
      break;
  }
  if (!edit.effective.empty()) text += "; effective " + edit.effective;
  return text;
}

std::string EditAt(const RuleEdit& edit) {
  if (edit.old_at.empty()) return edit.new_at;
  if (edit.new_at.empty() || edit.new_at == edit.old_at) return edit.old_at;
  return edit.old_at + " -> " + edit.new_at;
}

void AppendOutcomeJson(std::string& out, const Outcome& outcome) {
  out += "{\"status\":";
  AppendJsonString(out, outcome.status);
  if (!outcome.level.empty()) {
    out += ",\"level\":";
    AppendJsonString(out, outcome.level);
    out += ",\"authority\":";
    AppendJsonString(out, outcome.authority);
  }
  out += '}';
}

void AppendStrings(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, items[i]);
  }
  out += ']';
}

}  // namespace

std::string RenderText(const Report& report) {
  std::string out = fmt::format("Requirements that change from {} to {} ({}: {} product{})\n",
                                report.old_name, report.new_name, report.catalogue, report.products,
                                report.products == 1 ? "" : "s");
  for (const ProductChange& product : report.changed) {
    out += fmt::format("\n{} ({}:{})\n",
                       product.product.empty() ? "(unnamed product)" : product.product,
                       report.catalogue, product.line);
    for (const SchemeChange& change : product.changes) {
      std::string from = OutcomeText(change.from), to = OutcomeText(change.to);
      if (change.from.authority != change.to.authority && !change.from.authority.empty() &&
          !change.to.authority.empty()) {
        from += " by " + change.from.authority;
        to += " by " + change.to.authority;
      }
      out += fmt::format("  {}: {} -> {}\n", change.scheme, from, to);
      for (size_t cause : change.causes) {
        const RuleEdit& edit = report.edits[cause];
        out += fmt::format("    rule {}: {} ({})\n", edit.rule, EditText(edit), EditAt(edit));
      }
      if (change.causes.empty()) {
        out += "    no rule about it was edited: the scheme's declaration or the facts changed\n";
      }
    }
  }
  if (report.changed.empty()) out += "\nNo product's requirements change.\n";
  if (!report.edits.empty()) {
    out += "\nRule edits\n";
    for (const RuleEdit& edit : report.edits) {
      out += fmt::format("  {}: {} ({})\n", edit.rule, EditText(edit), EditAt(edit));
    }
  }
  if (!report.errors.empty()) {
    out += "\nProducts not compared\n";
    for (const std::string& error : report.errors) out += "  " + error + "\n";
  }
  out += fmt::format("\n{} of {} product{} change{}; {} rule edit{}\n", report.changed.size(),
                     report.products, report.products == 1 ? "" : "s",
                     report.changed.size() == 1 ? "s" : "", report.edits.size(),
                     report.edits.size() == 1 ? "" : "s");
  return out;
}

std::string RenderJson(const Report& report) {
  std::string out = "{\"schema\":\"ccr.diff/1\",\"from\":";
  AppendJsonString(out, report.old_name);
  out += ",\"to\":";
  AppendJsonString(out, report.new_name);
  out += ",\"catalogue\":";
  AppendJsonString(out, report.catalogue);
  out += fmt::format(",\"products\":{},\"changed\":[", report.products);
  for (size_t p = 0; p < report.changed.size(); ++p) {
    const ProductChange& product = report.changed[p];
    if (p > 0) out += ',';
    out += fmt::format("{{\"line\":{}", product.line);
    if (!product.product.empty()) {
      out += ",\"product\":";
      AppendJsonString(out, product.product);
    }
    out += ",\"changes\":[";
    for (size_t c = 0; c < product.changes.size(); ++c) {
      const SchemeChange& change = product.changes[c];
      if (c > 0) out += ',';
      out += "{\"scheme\":";
      AppendJsonString(out, change.scheme);
      out += ",\"from\":";
      AppendOutcomeJson(out, change.from);
      out += ",\"to\":";
      AppendOutcomeJson(out, change.to);
      std::vector<std::string> causes;
      for (size_t cause : change.causes) causes.push_back(report.edits[cause].rule);
      out += ",\"because\":";
      AppendStrings(out, causes);
      out += '}';
    }
    out += "]}";
  }
  out += "],\"edits\":[";
  for (size_t e = 0; e < report.edits.size(); ++e) {
    const RuleEdit& edit = report.edits[e];
    if (e > 0) out += ',';
    out += "{\"rule\":";
    AppendJsonString(out, edit.rule);
    out += ",\"edit\":";
    AppendJsonString(out, EditKindText(edit.kind));
    if (!edit.what.empty()) {
      out += ",\"what\":";
      AppendStrings(out, edit.what);
    }
    if (edit.into_force) out += ",\"comes_into_force\":true";
    if (edit.out_of_force) out += ",\"goes_out_of_force\":true";
    if (!edit.effective.empty()) {
      out += ",\"effective\":";
      AppendJsonString(out, edit.effective);
    }
    if (!edit.old_at.empty()) {
      out += ",\"old_at\":";
      AppendJsonString(out, edit.old_at);
    }
    if (!edit.new_at.empty()) {
      out += ",\"new_at\":";
      AppendJsonString(out, edit.new_at);
    }
    out += '}';
  }
  out += "],\"errors\":";
  AppendStrings(out, report.errors);
  out += '}';
  return out;
}

}  // namespace ccr::diff
