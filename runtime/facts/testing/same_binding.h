// Compares two bindings of the same input: the binder's fast path against the DOM path
// (BindOptions::dom_only). For facts_test.cpp and the facts fuzzer; header-only so both use the
// one comparison.
#pragma once

#include <fmt/format.h>

#include <bit>
#include <cstdint>
#include <string>

#include "runtime/base/expected.h"
#include "runtime/facts/facts.h"

namespace ccr::facts::testing {

// Returns how `a` and `b` differ (the first difference), or an empty string if they are the
// same product: name, every value (numbers by their bits, so -0 differs from 0), warnings,
// undeclared keys and assumed facts.
inline std::string ProductDifference(const Product& a, const Product& b) {
  if (a.name != b.name) return fmt::format("name {:?} vs {:?}", a.name, b.name);
  if (a.values.size() != b.values.size()) return "a different number of values";
  for (size_t i = 0; i < a.values.size(); ++i) {
    const Value& x = a.values[i];
    const Value& y = b.values[i];
    if (x.known != y.known || x.boolean != y.boolean ||
        std::bit_cast<uint64_t>(x.number) != std::bit_cast<uint64_t>(y.number) ||
        x.index != y.index || x.bits != y.bits || x.text != y.text) {
      return fmt::format(
          "fact {}: known {}/{}, bool {}/{}, number {}/{}, index {}/{}, "
          "bits {}/{}, text {:?}/{:?}",
          i, x.known, y.known, x.boolean, y.boolean, x.number, y.number, x.index, y.index, x.bits,
          y.bits, x.text, y.text);
    }
  }
  if (a.warnings != b.warnings) return "different warnings";
  if (a.undeclared != b.undeclared) return "different undeclared keys";
  if (a.assumed != b.assumed) return "different assumed facts";
  return "";
}

// Returns how two results of binding the same input differ, or an empty string if both are
// the same product or both the same error (message and kind).
inline std::string BindingDifference(const Expected<Product>& a, const Expected<Product>& b) {
  if (a.ok() != b.ok()) {
    return fmt::format("one binds, the other fails: {}",
                       a.ok() ? b.error().message : a.error().message);
  }
  if (a.ok()) return ProductDifference(*a, *b);
  if (a.error().message != b.error().message) {
    return fmt::format("messages differ: {:?} vs {:?}", a.error().message, b.error().message);
  }
  if (a.error().kind != b.error().kind) return "error kinds differ";
  return "";
}

}  // namespace ccr::facts::testing
