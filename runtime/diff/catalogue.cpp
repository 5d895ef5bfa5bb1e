// A whole catalogue through the diff: lines bound in both states, each product compared.
#include <fmt/format.h>

#include "runtime/diff/diff.h"

namespace ccr::diff {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string StateName(std::string_view bundle, Date date, bool two_bundles) {
  if (!two_bundles) return FormatDate(date);
  return fmt::format("{} as of {}", bundle.empty() ? "<default bundle>" : bundle, FormatDate(date));
}

Report CompareCatalogue(const State& old_state, const State& new_state, std::string_view text,
                        std::string_view where,
                        const std::function<void(std::string_view)>& diagnostics) {
  Report report;
  report.catalogue = std::string(where);
  report.edits = RuleEdits(old_state, new_state);
  const bool lines = EndsWith(where, ".jsonl");
  facts::Binder old_binder(old_state.program->module()), new_binder(new_state.program->module());
  auto compare = [&](std::string_view object, size_t line) {
    std::string origin = lines ? fmt::format("{}:{}", where, line) : std::string(where);
    auto old_product = old_binder.Bind(object, origin);
    auto new_product = new_binder.Bind(object, origin);
    if (!old_product || !new_product) {
      // A problem shown once when both bundles see it the same way, each with its code.
      std::string message = !old_product ? old_product.error().message : "";
      std::string printed = !old_product ? FormatError(old_product.error()) : "";
      if (!new_product && new_product.error().message != message) {
        message += (message.empty() ? "" : "\n") + new_product.error().message;
        printed += FormatError(new_product.error());
      }
      if (diagnostics) diagnostics(printed);
      report.errors.push_back(message);
      return;
    }
    ++report.products;
    auto changes = CompareProduct(old_state, new_state, *old_product, *new_product, report.edits);
    if (!changes.empty()) {
      report.changed.push_back({line, new_product->name, std::move(changes)});
    }
  };
  if (lines) {
    size_t start = 0, line = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      ++line;
      std::string_view object = text.substr(start, end - start);
      if (object.find_first_not_of(" \t\r") != std::string_view::npos) compare(object, line);
      start = end + 1;
    }
  } else {
    compare(text, 1);
  }
  return report;
}

}  // namespace ccr::diff
