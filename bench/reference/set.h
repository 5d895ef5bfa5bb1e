// One rule set's declarations for the hand-written reference (bench/reference/reference.h).
// Not a normal header: a set's header defines the X-macro lists CCR_REFERENCE_FACTS,
// CCR_REFERENCE_SCHEMES, CCR_REFERENCE_SETS, CCR_REFERENCE_VALUES and CCR_REFERENCE_RULES,
// then includes this file inside its own namespace (ccr::bench::reference::<set>), after
// bench/reference/reference.h. The lists are undefined at the end, so several sets' headers can
// meet in one file.
// No #pragma once: it is included once per set.

#define CCR_REFERENCE_ENUMERATOR(name) name,
#define CCR_REFERENCE_NAME(name) #name,
#define CCR_REFERENCE_VALUE_ENUMERATOR(fact, value) fact##_##value,

namespace fact {
enum Id : uint8_t { CCR_REFERENCE_FACTS(CCR_REFERENCE_ENUMERATOR) kCount };
inline constexpr std::array<std::string_view, kCount> kNames = {
    CCR_REFERENCE_FACTS(CCR_REFERENCE_NAME)};
static_assert(kCount <= 128, "fact masks are one FactMask");
}  // namespace fact

namespace scheme {
enum Id : uint8_t { CCR_REFERENCE_SCHEMES(CCR_REFERENCE_ENUMERATOR) kCount };
inline constexpr std::array<std::string_view, kCount> kNames = {
    CCR_REFERENCE_SCHEMES(CCR_REFERENCE_NAME)};
}  // namespace scheme

namespace set {
enum Id : uint8_t { CCR_REFERENCE_SETS(CCR_REFERENCE_ENUMERATOR) kCount };
inline constexpr std::array<std::string_view, kCount> kNames = {
    CCR_REFERENCE_SETS(CCR_REFERENCE_NAME)};
}  // namespace set

namespace value {
enum Id : uint8_t { CCR_REFERENCE_VALUES(CCR_REFERENCE_VALUE_ENUMERATOR) kCount };
struct Name {
  fact::Id fact;
  std::string_view value;
};
#define CCR_REFERENCE_VALUE_NAME(fact_name, value_name) {fact::fact_name, #value_name},
inline constexpr std::array<Name, kCount> kNames = {
    {CCR_REFERENCE_VALUES(CCR_REFERENCE_VALUE_NAME)}};
#undef CCR_REFERENCE_VALUE_NAME
}  // namespace value

namespace rule {
enum Id : uint8_t { CCR_REFERENCE_RULES(CCR_REFERENCE_ENUMERATOR) kCount };
inline constexpr std::array<std::string_view, kCount> kNames = {
    CCR_REFERENCE_RULES(CCR_REFERENCE_NAME)};
}  // namespace rule

#undef CCR_REFERENCE_ENUMERATOR
#undef CCR_REFERENCE_NAME
#undef CCR_REFERENCE_VALUE_ENUMERATOR

// What the rules test besides the product: catalogue sets as bitsets over their enum and the
// index of each named enum value, both taken from the module.
struct Catalogues {
  std::array<std::array<uint64_t, 4>, set::kCount> sets{};
  std::array<uint32_t, value::kCount> values{};
};

// The tests rule conditions are made of, over one product. An unstated fact makes each
// unknown.
class Facts {
 public:
  Facts(const std::array<Value, fact::kCount>& values, const Catalogues& catalogues)
      : values_(values), catalogues_(catalogues) {}

  // `fact` (a bool) is true; IsFalse: `fact == false`.
  CCR_REFERENCE_INLINE Cond Is(fact::Id fact) const { return Test(fact, values_[fact].boolean); }
  CCR_REFERENCE_INLINE Cond IsFalse(fact::Id fact) const {
    return Test(fact, !values_[fact].boolean);
  }
  // `fact in set` for an enum fact and a catalogue set.
  CCR_REFERENCE_INLINE Cond In(fact::Id fact, set::Id set) const {
    uint32_t index = values_[fact].index;
    return Test(fact, (catalogues_.sets[set][index / 64] >> (index % 64)) & 1);
  }
  // `fact in { a, b }` for an enum fact.
  CCR_REFERENCE_INLINE Cond In(fact::Id fact, std::initializer_list<value::Id> members) const {
    bool found = false;
    for (value::Id member : members) found |= values_[fact].index == catalogues_.values[member];
    return Test(fact, found);
  }
  CCR_REFERENCE_INLINE Cond Eq(fact::Id fact, value::Id value) const {
    return Test(fact, values_[fact].index == catalogues_.values[value]);
  }
  CCR_REFERENCE_INLINE Cond Ne(fact::Id fact, value::Id value) const {
    return Test(fact, values_[fact].index != catalogues_.values[value]);
  }
  // `value in fact` for a set-of-enum fact.
  CCR_REFERENCE_INLINE Cond Has(fact::Id fact, value::Id value) const {
    return Test(fact, (values_[fact].bits >> catalogues_.values[value]) & 1);
  }
  CCR_REFERENCE_INLINE Cond Gt(fact::Id fact, double x) const {
    return Test(fact, values_[fact].number > x);
  }
  CCR_REFERENCE_INLINE Cond Ge(fact::Id fact, double x) const {
    return Test(fact, values_[fact].number >= x);
  }
  CCR_REFERENCE_INLINE Cond Le(fact::Id fact, double x) const {
    return Test(fact, values_[fact].number <= x);
  }
  CCR_REFERENCE_INLINE Cond Lt(fact::Id fact, double x) const {
    return Test(fact, values_[fact].number < x);
  }

 private:
  CCR_REFERENCE_INLINE Cond Test(fact::Id fact, bool outcome) const {
    if (!values_[fact].known) return {Cond::kUnknown, FactMask{1} << fact};
    return outcome ? kTrue : kFalse;
  }

  const std::array<Value, fact::kCount>& values_;
  const Catalogues& catalogues_;
};

// Every rule's condition on one product, as the rule files set them (`r[rule::x] = ...`).
// Kept as two arrays so the evaluator can turn the truths into rule bitmasks eight rules at a
// time.
class Conditions {
 public:
  static constexpr size_t kPadded = (rule::kCount + 7) / 8 * 8;

  class Slot {
   public:
    Slot(Conditions& conditions, size_t rule) : conditions_(conditions), rule_(rule) {}
    void operator=(Cond cond) {
      conditions_.truths_[rule_] = cond.truth;
      conditions_.unknowns_[rule_] = cond.unknown;
    }

   private:
    Conditions& conditions_;
    size_t rule_;
  };
  Slot operator[](rule::Id rule) { return {*this, rule}; }

  // Cond::Truth by rule, padded with kFalse to a multiple of eight.
  const std::array<Cond::Truth, kPadded>& truths() const { return truths_; }
  // Meaningful only for a rule whose truth is kUnknown.
  FactMask unknown(size_t rule) const { return unknowns_[rule]; }

 private:
  // Not uint8_t: a store through a character type may alias anything, so every store would
  // make the compiler reload the facts.
  std::array<Cond::Truth, kPadded> truths_{};  // every rule file sets all its rules
  std::array<FactMask, rule::kCount> unknowns_;
};

using SchemeMask = uint32_t;
constexpr SchemeMask Bit(scheme::Id scheme) { return SchemeMask{1} << scheme; }
inline constexpr SchemeMask kAllSchemes = (SchemeMask{1} << scheme::kCount) - 1;

// What a rule does, hard-coded beside its condition (and checked against the module): the
// days it is in force (`from` <= day < `until`) and the schemes it requires (by level) or
// exempts.
struct RuleSpec {
  rule::Id rule;
  int32_t from = kAlways;
  int32_t until = kForever;
  SchemeMask mandatory = 0;
  SchemeMask voluntary = 0;
  SchemeMask exempts = 0;
  // The component its `require` attaches to (a declared component's id); empty: the product
  // itself. Exemptions here name no component: they hold for every obligation.
  std::string_view component = {};
};

// Everything a Reference takes from the module once (reference_impl.h).
struct Tables;

// A set of rules, one bit per rule::Id; a hand-written program's natural rule list.
struct RuleMask {
  static constexpr size_t kWords = (rule::kCount + 63) / 64;
  std::array<uint64_t, kWords> words{};

  bool Any() const {
    uint64_t any = 0;
    for (uint64_t word : words) any |= word;
    return any != 0;
  }
  void Set(size_t rule) { words[rule / 64] |= uint64_t{1} << (rule % 64); }
  friend RuleMask operator&(const RuleMask& a, const RuleMask& b) {
    RuleMask out;
    for (size_t i = 0; i < kWords; ++i) out.words[i] = a.words[i] & b.words[i];
    return out;
  }
  friend RuleMask operator~(const RuleMask& a) {
    RuleMask out;
    for (size_t i = 0; i < kWords; ++i) out.words[i] = ~a.words[i];
    return out;
  }
  friend RuleMask operator|(const RuleMask& a, const RuleMask& b) {
    RuleMask out;
    for (size_t i = 0; i < kWords; ++i) out.words[i] = a.words[i] | b.words[i];
    return out;
  }
  // Calls `visit(rule::Id)` for each member, in rule order.
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (size_t i = 0; i < kWords; ++i) {
      for (uint64_t word = words[i]; word != 0; word &= word - 1) {
        visit(static_cast<rule::Id>(i * 64 + std::countr_zero(word)));
      }
    }
  }
};

// One product as bound from its JSON line: the facts the rules read and its name.
struct Product {
  std::array<Value, fact::kCount> values{};
  std::string name;  // empty: unnamed
};

// How one obligation came out for one product (vm::Decision, with rule lists as masks).
struct Outcome {
  enum Status : uint8_t { kRequired, kUndetermined, kExempt, kNotRequired, kAvailable };
  Status status = kNotRequired;
  bool required = false;   // some `require` rule is true
  bool mandatory = false;  // the reported level
  RuleMask fired;          // true `require` rules
  RuleMask exempting;      // exempt only: true `exempt` rules
  RuleMask undetermined;   // undetermined and available: the unknown rules that would decide
  RuleMask deciding;       // not required only: the false `require` rules
  FactMask missing = 0;    // undetermined only: bits by fact::Id
};

// How one scheme came out (vm::SchemeResult): its overall outcome and, for a scheme some rule
// attaches to a component, each obligation's, in the order of Tables::SchemeInfo.
struct SchemeDecision : Outcome {
  static constexpr size_t kMaxObligations = 4;
  std::array<Outcome, kMaxObligations> obligations;
  size_t obligation_count = 0;  // 0: the product's is the only obligation
};

struct Decision {
  std::array<SchemeDecision, scheme::kCount> schemes;
  bool complete = true;  // no scheme or obligation undetermined
};

class Reference {
 public:
  // `module` must be the set's program (the default bundle, or the set's .ccr compiled with the
  // standard library) and outlive this object.
  // Aborts (CCR_CHECK) if it does not match the hard-coded rules.
  Reference(const bytecode::Module& module, Date as_of);
  ~Reference();

  // Evaluates one JSON line and appends its report (without a newline) to `out`. Returns
  // false if the line is not a JSON object. Bind, Evaluate, Render.
  bool Run(std::string_view line, std::string& out);

  // Parses one JSON line into `product` (overwriting it). Returns false if the line is not a
  // JSON object.
  bool Bind(std::string_view line, Product& product) const;
  // Decides every scheme for `product` as of the Reference's date.
  void Evaluate(const Product& product, Decision& decision) const;
  // Appends the report of `product` decided as `decision` to `out`.
  void Render(const Product& product, const Decision& decision, std::string& out) const;

 private:
  std::unique_ptr<Tables> tables_;
  Date as_of_;
  // Run's scratch, reused from line to line.
  Product product_;
  Decision decision_;
};

// Provided by the set (its rule files): every rule's condition on one product (in force or
// not; the caller applies `from` and `until`), and every rule's spec, in the module's order.
void EvaluateRules(const Facts& f, Conditions& r);
std::vector<RuleSpec> RuleSpecs();

#undef CCR_REFERENCE_FACTS
#undef CCR_REFERENCE_SCHEMES
#undef CCR_REFERENCE_SETS
#undef CCR_REFERENCE_VALUES
#undef CCR_REFERENCE_RULES
