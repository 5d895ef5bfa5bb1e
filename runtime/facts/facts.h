// Product facts: binds one product's JSON object to the program's fact slots.
//
// A product is a flat JSON object: `{"product": "Seed laptop", "category": "laptop",
// "emits_radio": true, "radio_technologies": ["wifi", "bluetooth"], "rated_voltage_v": 220}`.
// The key `product` (a string) names the product and is not a fact. A fact that is absent or
// `null` is unknown. A value whose JSON type does not fit the declared type, an enum value the
// enum does not have, or malformed JSON is an error naming `where` and the fact. A key that is
// not a declared fact is a warning on the product (never silently ignored).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/expected.h"
#include "runtime/bytecode/module.h"

namespace ccr::facts {

// One fact's value for one product. Which member is meaningful follows the fact's type.
struct Value {
  bool known = false;
  bool boolean = false;              // Bool
  double number = 0;                 // Number
  uint32_t index = bytecode::kNone;  // Enum: value index; String: index of an equal string in
                                     // the program's table, or kNone if no constant equals it
  uint64_t bits = 0;                 // EnumSet: bit i set iff value i is a member
  std::string text;                  // String: the text itself
};

struct Product {
  std::string name;           // from the `product` key, or empty
  std::vector<Value> values;  // indexed by fact index; size == module.facts.size()
  // e.g. "laptop.json: `colour` is not a declared fact; ignored"
  std::vector<std::string> warnings;
};

namespace internal {
struct BindTables;
struct BindScratch;
}  // namespace internal

// Binds products to one module's facts. Construct one per program: the name lookup tables
// (facts, enum values, string constants) are built once here, not per product.
//
// A Binder is not thread-safe (it owns a JSON parser whose buffers are reused between
// products); to bind in parallel give each thread its own copy: copies share the immutable
// lookup tables and get a fresh parser. `module` must outlive the Binder and its copies.
class Binder {
 public:
  explicit Binder(const bytecode::Module& module);
  Binder(const Binder& other);
  Binder& operator=(const Binder& other);
  Binder(Binder&&) noexcept;
  Binder& operator=(Binder&&) noexcept;
  ~Binder();

  // Parses and binds one JSON object. `where` names the origin in messages: `laptop.json` or
  // `catalog.jsonl:12`. Collects every problem of the object into one Error (one per line).
  Expected<Product> Bind(std::string_view json, std::string_view where);

 private:
  std::shared_ptr<const internal::BindTables> tables_;
  std::unique_ptr<internal::BindScratch> scratch_;
};

// Binds one product with a throwaway Binder; for one-off use (a single facts file). Callers
// binding many products should keep a Binder.
Expected<Product> Bind(const bytecode::Module& module, std::string_view json,
                       std::string_view where);

// Returns a fact's type as declared: `bool`, `number in V`, `Category`, `set of RadioTech`
// (an unnamed enum prints as `enum { a, b }`). For messages and reports.
std::string DeclaredType(const bytecode::Module& module, const bytecode::Fact& fact);

// Builds the product an in-language test describes.
Product FromLiterals(const bytecode::Module& module, const std::vector<bytecode::Literal>& given);

}  // namespace ccr::facts
