// Product facts: binds one product's JSON object to the program's fact slots.
//
// A product is a flat JSON object: `{"product": "Seed laptop", "category": "laptop",
// "emits_radio": true, "radio_technologies": ["wifi", "bluetooth"], "rated_voltage_v": 220}`.
// The key `product` (a string) names the product and is not a fact. A fact that is absent or
// `null` is unknown. A value whose JSON type does not fit the declared type, an enum value the
// enum does not have, or malformed JSON is an error naming `where` and the fact. A key that is
// not a declared fact is never silently ignored: it is a warning on the product, or, in a
// batch, collected in `undeclared` so the batch warns once per name (BindOptions).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
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
  std::string name;           // from the `product` key, or empty: the product's id in reports
  std::vector<Value> values;  // indexed by fact index; size == module.facts.size()
  // e.g. "laptop.json: `colour` is not a declared fact; ignored"
  std::vector<std::string> warnings;
  // The keys (or columns) that are not declared facts, as given, in input order.
  std::vector<std::string> undeclared;
  // The facts the product did not state that took their declared default, ascending: reports
  // list them as assumptions, so a default is never silent.
  std::vector<uint32_t> assumed;
};

// What a key that is not a declared fact does.
enum class Undeclared : uint8_t {
  WarnEach,  // a warning on the product (one object on its own)
  Collect,   // only listed in Product::undeclared: a batch warns once per name at the end
  Refuse,    // an error (`ccr run --strict`)
};

struct BindOptions {
  Undeclared undeclared = Undeclared::WarnEach;
  // An input layout of the module (its index), or kNone: keys and columns are fact names.
  uint32_t layout = bytecode::kNone;
  // Binds every JSON object with the simdjson DOM alone. By default Binder::Bind first tries a
  // faster path (simdjson On-Demand) that binds clean objects and hands everything else to the
  // DOM path; both give the same Product or the same error. For tests, the fuzzer and
  // `ccr-bench`'s bind/dom rows, which compare the two.
  bool dom_only = false;
};

// Returns the index of the module's layout named `name`, or kNone.
uint32_t FindLayout(const bytecode::Module& module, std::string_view name);

// What one column of a table catalogue (CSV, TSV) holds, from its header and, later, a
// declared input layout. Built once per file by Binder::ColumnsFor.
struct Column {
  enum class Kind : uint8_t {
    Undeclared,  // names no fact: warned about once per file, its cells skipped
    Ignored,     // declared as not a fact: skipped without a warning
    Product,     // the product's id (`product`)
    Fact,        // a declared fact
  };
  Kind kind = Kind::Undeclared;
  uint32_t fact = bytecode::kNone;
  std::string header;  // as written in the file
  // Numbers: the cell times `scale` is the value in the fact's declared unit (kV -> V: 1000).
  double scale = 1;
  // Set-valued facts: what separates the members in one cell.
  std::string separator = ";";
  // Texts that stand for a value: (text, enum value index) or (text, 0/1) for a bool.
  std::vector<std::pair<std::string, uint32_t>> synonyms;
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
  explicit Binder(const bytecode::Module& module, const BindOptions& options = {});
  Binder(const Binder& other);
  Binder& operator=(const Binder& other);
  Binder(Binder&&) noexcept;
  Binder& operator=(Binder&&) noexcept;
  ~Binder();

  const bytecode::Module& module() const;

  // Returns what each header of a table catalogue holds: the `product` column, a declared
  // fact (by its exact name), or nothing (Undeclared). Two columns for the same fact, or two
  // `product` columns, are an error naming `where` (the file) and both columns.
  Expected<std::vector<Column>> ColumnsFor(const std::vector<std::string>& headers,
                                           std::string_view where) const;

  // Binds one table row: `cells` are its cells, one per column of `columns`. An
  // empty cell (spaces only, except for a string fact) is unknown. Collects every problem of
  // the row into one Error, each naming `where` (`catalog.csv:12`), the column's header and
  // the cell: `catalog.csv:12: column `Type` (fact `category`): no value "Notebok"; did you mean
  // `notebook`?`.
  Expected<Product> BindRow(std::span<const std::string_view> cells,
                            const std::vector<Column>& columns, std::string_view where);

  // Parses and binds one JSON object. `where` names the origin in messages: `laptop.json` or
  // `catalog.jsonl:12`. Collects every problem of the object into one Error (one per line).
  // A clean object (every key a declared fact with a value of its type, or an undeclared key
  // with a scalar value) is bound without a DOM; any other is bound by the DOM path, which
  // writes every message (BindOptions::dom_only).
  Expected<Product> Bind(std::string_view json, std::string_view where);

  // The same into `product`, reusing its storage (the values, their strings, the lists) from
  // whatever it held: a batch binds every line into one Product instead of allocating one per
  // line. On success `product` equals what Bind above returns; after an error it holds no
  // product (a partly bound one, or none).
  Expected<Ok> Bind(std::string_view json, std::string_view where, Product& product);

 private:
  std::shared_ptr<const internal::BindTables> tables_;
  BindOptions options_;
  std::unique_ptr<internal::BindScratch> scratch_;
};

// Binds one product with a throwaway Binder; for one-off use (a single facts file). Callers
// binding many products should keep a Binder.
Expected<Product> Bind(const bytecode::Module& module, std::string_view json,
                       std::string_view where);

// Returns the message for a key (or column) that is not a declared fact: ``where: `colour` is
// not a declared fact; CONSEQUENCE`` and a did-you-mean when a declared fact is a likely typo.
// The key is shown inert (runtime/base/inert_text.h).
std::string UndeclaredMessage(const bytecode::Module& module, std::string_view key,
                              std::string_view where, std::string_view consequence);

// Returns a fact's type as declared: `bool`, `number in V`, `Category`, `set of RadioTech`
// (an unnamed enum prints as `enum { a, b }`). For messages and reports.
std::string DeclaredType(const bytecode::Module& module, const bytecode::Fact& fact);

// Gives every fact the product does not state its declared default (Module::defaults) and
// records it in `assumed`. Bind, BindRow and FromLiterals call it; a caller that fills
// `values` itself calls it once the product's stated facts are in.
void ApplyDefaults(const bytecode::Module& module, Product& product);

// Builds the product an in-language test describes (its facts, then the defaults).
Product FromLiterals(const bytecode::Module& module, const std::vector<bytecode::Literal>& given);

}  // namespace ccr::facts
