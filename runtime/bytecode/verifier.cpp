// Verify: the only way from a Module (read from a file nobody vouches for, or produced by a
// compiler that may have bugs) to a VerifiedProgram, the one thing the VM runs. The VM indexes
// tables and pops its stack without checks, so everything it relies on is proved here: every
// cross-reference is in range, and every rule's code decodes, jumps only forward to
// instruction boundaries, stays within kMaxStackDepth, is well typed on every path, ends in
// `return` on every path and has no unreachable instruction. docs/bytecode.md lists the guarantees.
//
// Verification time and memory are linear in the module size: rules may not share code, the
// authority tree is walked once, and the stack states waiting at jump targets share storage.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/base/check.h"
#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/bytecode/internal/dates.h"
#include "runtime/bytecode/internal/errors.h"

// A new opcode in opcodes.def must get typing rules here before anything compiles: the switch
// over Opcode has no default, and this turns the missing case into an error, not a warning.
#pragma GCC diagnostic error "-Wswitch"

namespace ccr::bytecode {

namespace {

// Step pops and pushes what opcodes.def says; a value is at most one stack slot.
constexpr bool StackColumnsInRange() {
  for (const OpcodeInfo& info : internal::kOpcodeInfos) {
    if (info.pops < 0 || info.pushes < 0 || info.pushes > 1) return false;
  }
  return true;
}
static_assert(StackColumnsInRange(), "opcodes.def: pops must be >= 0, pushes 0 or 1");

constexpr Type kBool{TypeKind::Bool, kNone};
constexpr Type kNumber{TypeKind::Number, kNone};
constexpr Type kString{TypeKind::String, kNone};

// The enum fields of a Module come from files as bytes; these say whether a byte names a
// declared enumerator. Exhaustive switches, so a new enumerator is accepted on purpose.
bool IsValid(Level level) {
  switch (level) {
    case Level::Mandatory:
    case Level::Voluntary:
      return true;
  }
  return false;
}

bool IsValid(AssessmentRoute route) {
  switch (route) {
    case AssessmentRoute::None:
#define ASSESSMENT(name, value, keyword, description, zh_description) case AssessmentRoute::name:
#include "runtime/bytecode/assessment_routes.def"
#undef ASSESSMENT
      return true;
  }
  return false;
}

bool IsValid(TypeKind kind) {
  switch (kind) {
    case TypeKind::Bool:
    case TypeKind::Number:
    case TypeKind::String:
    case TypeKind::Enum:
    case TypeKind::EnumSet:
      return true;
  }
  return false;
}

bool IsValid(ActionKind kind) {
  switch (kind) {
    case ActionKind::Require:
    case ActionKind::Exempt:
      return true;
  }
  return false;
}

bool IsValid(Outcome outcome) {
  switch (outcome) {
    case Outcome::RequiredAny:
    case Outcome::RequiredMandatory:
    case Outcome::RequiredVoluntary:
    case Outcome::NotRequired:
    case Outcome::Undetermined:
    case Outcome::Exempt:
    case Outcome::Available:
      return true;
  }
  return false;
}

std::string KindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::Bool:
      return "bool";
    case TypeKind::Number:
      return "number";
    case TypeKind::String:
      return "string";
    case TypeKind::Enum:
      return "enum";
    case TypeKind::EnumSet:
      return "enum set";
  }
  return fmt::format("<bad kind {}>", static_cast<int>(kind));
}

std::string ShowIndex(uint32_t index) {
  return index == kNone ? std::string("none") : std::to_string(index);
}

// Stack states for one rule's abstract interpretation. A state is a node in a tree of pushes:
// storing the state that waits at a jump target costs one Ref, never a copy, so memory stays
// linear in the code size however many jumps are pending at once.
class StackPool {
 public:
  struct Ref {
    uint32_t top = kNone;  // node index, kNone for the empty stack
    uint32_t depth = 0;
  };

  Ref Push(Ref below, Type type) {
    nodes_.push_back(Node{type, below.top});
    return Ref{static_cast<uint32_t>(nodes_.size() - 1), below.depth + 1};
  }

  // Returns the type `position` entries below the top; requires `position < stack.depth`.
  Type Peek(Ref stack, uint32_t position) const {
    uint32_t node = stack.top;
    for (uint32_t i = 0; i < position; ++i) node = nodes_[node].below;
    return nodes_[node].type;
  }

  // Requires `count <= stack.depth`.
  Ref Pop(Ref stack, uint32_t count) const {
    for (uint32_t i = 0; i < count; ++i) stack = Ref{nodes_[stack.top].below, stack.depth - 1};
    return stack;
  }

  bool Same(Ref a, Ref b) const {
    if (a.depth != b.depth) return false;
    while (a.top != b.top) {
      if (nodes_[a.top].type != nodes_[b.top].type) return false;
      a = Pop(a, 1);
      b = Pop(b, 1);
    }
    return true;
  }

 private:
  struct Node {
    Type type;
    uint32_t below;
  };
  std::vector<Node> nodes_;
};

class Verifier {
 public:
  Verifier(const Module& module, std::string_view name) : module_(module), name_(name) {}

  // Returns the first problem found, or nullopt when the module is well formed.
  std::optional<Error> Run() {
    bool ok = CheckAuthorities() && CheckSchemes() && CheckComponents() && CheckEnums() &&
              CheckFacts() && CheckSets() && CheckEntries() && CheckSteps() && CheckRules() &&
              CheckTests() && CheckLayouts() && CheckDefaults();
    if (ok) return std::nullopt;
    return std::move(error_);
  }

 private:
  using Ref = StackPool::Ref;

  template <typename... Args>
  bool Fail(fmt::format_string<Args...> format, Args&&... args) {
    error_ = internal::Corrupt(name_, format, std::forward<Args>(args)...);
    return false;
  }

  // Names a table entry for messages: "rule `ccc_it`" when its name string is valid, else
  // "rule #3".
  std::string Where(std::string_view table, size_t index, uint32_t name) const {
    if (name < module_.strings.size()) {
      return fmt::format("{} `{}`", table, module_.strings[name]);
    }
    return fmt::format("{} #{}", table, index);
  }

  // Checks `index < count`; `what` names the field ("parent authority").
  bool InRange(uint32_t index, size_t count, std::string_view what, std::string_view where) {
    if (index < count) return true;
    return Fail("{} {} out of range (table has {}) in {}", what, ShowIndex(index), count, where);
  }

  bool OptionalInRange(uint32_t index, size_t count, std::string_view what,
                       std::string_view where) {
    return index == kNone || InRange(index, count, what, where);
  }

  bool String(uint32_t index, std::string_view what, std::string_view where) {
    return InRange(index, module_.strings.size(), what, where);
  }

  bool OptionalString(uint32_t index, std::string_view what, std::string_view where) {
    return OptionalInRange(index, module_.strings.size(), what, where);
  }

  bool CheckLevel(Level level, std::string_view where) {
    if (IsValid(level)) return true;
    return Fail("level {} is not a level in {}", static_cast<int>(level), where);
  }

  bool CheckDate(Date date, std::string_view what, std::string_view where) {
    if (internal::InDateRange(date)) return true;
    return Fail("{} date (day {}) outside years 0000-9999 in {}", what, date.days, where);
  }

  bool CheckLocation(const SourceLocation& location, std::string_view where) {
    return String(location.file, "source file string", where);
  }

  // Checks a type as a fact or set declares it: a known kind, with an element enum exactly
  // for Enum and EnumSet.
  bool CheckType(Type type, std::string_view where) {
    if (!IsValid(type.kind)) {
      return Fail("type kind {} is not a type kind in {}", static_cast<int>(type.kind), where);
    }
    switch (type.kind) {
      case TypeKind::Bool:
      case TypeKind::Number:
      case TypeKind::String:
        if (type.enum_index == kNone) return true;
        return Fail("{} type carries enum {} (must be none) in {}", DescribeType(type),
                    type.enum_index, where);
      case TypeKind::Enum:
      case TypeKind::EnumSet:
        return InRange(type.enum_index, module_.enums.size(), "type enum", where);
    }
    return false;
  }

  // Checks `values` is strictly ascending and below `count`: sets and set literals are sorted
  // so the VM can binary-search them and compare them member by member.
  bool CheckMembers(const std::vector<uint32_t>& values, size_t count, std::string_view where) {
    for (size_t i = 0; i < values.size(); ++i) {
      if (!InRange(values[i], count, "member", where)) return false;
      if (i > 0 && values[i] <= values[i - 1]) {
        return Fail("members not sorted and unique ({} after {}) in {}", values[i], values[i - 1],
                    where);
      }
    }
    return true;
  }

  std::string DescribeType(Type type) const {
    std::string element = type.enum_index < module_.enums.size() &&
                                  module_.enums[type.enum_index].name < module_.strings.size()
                              ? module_.strings[module_.enums[type.enum_index].name]
                              : fmt::format("#{}", ShowIndex(type.enum_index));
    switch (type.kind) {
      case TypeKind::Bool:
        return "bool";
      case TypeKind::Number:
        return "number";
      case TypeKind::String:
        return "string";
      case TypeKind::Enum:
        return fmt::format("enum `{}`", element);
      case TypeKind::EnumSet:
        return fmt::format("set of `{}`", element);
    }
    return fmt::format("<bad kind {}>", static_cast<int>(type.kind));
  }

  // ---- Tables ----

  bool CheckAuthorities() {
    const auto& authorities = module_.authorities;
    for (size_t i = 0; i < authorities.size(); ++i) {
      const Authority& authority = authorities[i];
      std::string where = Where("authority", i, authority.id);
      if (!String(authority.id, "id string", where) ||
          !String(authority.name, "name string", where) ||
          !OptionalString(authority.zh_name, "zh name string", where) ||
          !OptionalInRange(authority.parent, authorities.size(), "parent authority", where)) {
        return false;
      }
    }
    return CheckAuthorityTree();
  }

  // Rejects a cycle of `under` links (reports walk parent chains to the root). Each authority
  // is walked once, so a long hostile chain costs linear time.
  bool CheckAuthorityTree() {
    enum class Mark : uint8_t { Unvisited, OnPath, Done };
    const auto& authorities = module_.authorities;
    std::vector<Mark> marks(authorities.size(), Mark::Unvisited);
    std::vector<uint32_t> path;
    for (uint32_t start = 0; start < authorities.size(); ++start) {
      path.clear();
      uint32_t at = start;
      while (at != kNone && marks[at] == Mark::Unvisited) {
        marks[at] = Mark::OnPath;
        path.push_back(at);
        at = authorities[at].parent;
      }
      if (at != kNone && marks[at] == Mark::OnPath) {
        return Fail("authority parent chain is cyclic at {}",
                    Where("authority", at, authorities[at].id));
      }
      for (uint32_t visited : path) marks[visited] = Mark::Done;
    }
    return true;
  }

  bool CheckSchemes() {
    for (size_t i = 0; i < module_.schemes.size(); ++i) {
      const Scheme& scheme = module_.schemes[i];
      std::string where = Where("scheme", i, scheme.id);
      size_t authority_count = module_.authorities.size();
      if (!String(scheme.id, "id string", where) || !String(scheme.name, "name string", where) ||
          !OptionalString(scheme.zh_name, "zh name string", where) ||
          !InRange(scheme.authority, authority_count, "authority", where) ||
          !CheckLevel(scheme.level, where) ||
          !OptionalString(scheme.impact, "impact string", where) ||
          !OptionalString(scheme.mode, "mode string", where)) {
        return false;
      }
      // The applicant chooses only voluntary marks (the checker's E0405).
      if (scheme.on_request && scheme.level != Level::Voluntary) {
        return Fail("{} is on request but not voluntary", where);
      }
      for (uint32_t partner : scheme.partners) {
        if (!InRange(partner, authority_count, "partner authority", where)) return false;
      }
    }
    return true;
  }

  bool CheckComponents() {
    for (size_t i = 0; i < module_.components.size(); ++i) {
      const Component& component = module_.components[i];
      std::string where = Where("component", i, component.id);
      if (!String(component.id, "id string", where) ||
          !String(component.name, "name string", where) ||
          !OptionalString(component.zh_name, "zh name string", where)) {
        return false;
      }
    }
    return true;
  }

  bool CheckEnums() {
    for (size_t i = 0; i < module_.enums.size(); ++i) {
      const Enum& enumeration = module_.enums[i];
      std::string where = Where("enum", i, enumeration.name);
      if (!String(enumeration.name, "name string", where)) return false;
      for (uint32_t value : enumeration.values) {
        if (!String(value, "value string", where)) return false;
      }
    }
    return true;
  }

  bool CheckFacts() {
    for (size_t i = 0; i < module_.facts.size(); ++i) {
      const Fact& fact = module_.facts[i];
      std::string where = Where("fact", i, fact.name);
      if (!String(fact.name, "name string", where) || !CheckType(fact.type, where) ||
          !OptionalString(fact.unit, "unit string", where) ||
          !OptionalString(fact.doc, "doc string", where)) {
        return false;
      }
      if (fact.type.kind == TypeKind::EnumSet) {
        size_t size = module_.enums[fact.type.enum_index].values.size();
        if (size > kMaxSetFactEnumSize) {
          return Fail("set-valued fact over an enum of {} values, more than {} in {}", size,
                      kMaxSetFactEnumSize, where);
        }
      }
    }
    return true;
  }

  bool CheckSets() {
    for (size_t i = 0; i < module_.sets.size(); ++i) {
      const ValueSet& set = module_.sets[i];
      std::string where = Where("set", i, set.name);
      if (!OptionalString(set.name, "name string", where) || !CheckType(set.element, where)) {
        return false;
      }
      if (set.element.kind != TypeKind::Enum && set.element.kind != TypeKind::String) {
        return Fail("set element type {} is not an enum or string in {}", DescribeType(set.element),
                    where);
      }
      size_t count = set.element.kind == TypeKind::Enum
                         ? module_.enums[set.element.enum_index].values.size()
                         : module_.strings.size();
      if (!CheckMembers(set.members, count, where)) return false;
    }
    return true;
  }

  // ---- Rules ----

  bool CheckRules() {
    for (size_t i = 0; i < module_.rules.size(); ++i) {
      if (!CheckRuleHeader(i)) return false;
    }
    for (size_t i = 0; i < module_.constraints.size(); ++i) {
      if (!CheckConstraintHeader(i)) return false;
    }
    if (!CheckCodeDisjoint()) return false;
    for (size_t i = 0; i < module_.rules.size(); ++i) {
      if (!CheckCode(i)) return false;
    }
    for (size_t i = 0; i < module_.constraints.size(); ++i) {
      const Constraint& constraint = module_.constraints[i];
      if (!CheckCode(constraint, Where("constraint", i, constraint.name))) return false;
    }
    return true;
  }

  // ---- Constraints ----

  // A constraint is named, says why (its `because` is the error a product breaking it
  // gets), and owns a code range like a rule's, checked with the rules' code.
  bool CheckConstraintHeader(size_t index) {
    const Constraint& constraint = module_.constraints[index];
    std::string where = Where("constraint", index, constraint.name);
    if (!String(constraint.name, "name string", where) ||
        !String(constraint.because, "because string", where) ||
        !OptionalString(constraint.source, "source string", where) ||
        !CheckLocation(constraint.location, where) || !CheckReads(constraint, where)) {
      return false;
    }
    if (constraint.code_size == 0) return Fail("empty code in {}", where);
    uint64_t end = uint64_t{constraint.code_offset} + constraint.code_size;
    if (end > module_.code.size()) {
      return Fail("code range {}+{} runs past the code section ({} bytes) in {}",
                  constraint.code_offset, constraint.code_size, module_.code.size(), where);
    }
    return true;
  }

  bool CheckRuleHeader(size_t index) {
    const Rule& rule = module_.rules[index];
    std::string where = Where("rule", index, rule.name);
    if (!String(rule.name, "name string", where) ||
        !OptionalString(rule.because, "because string", where) ||
        !OptionalString(rule.source, "source string", where) ||
        !CheckLocation(rule.location, where) || !CheckEffective(rule, where) ||
        !CheckReads(rule, where) || !CheckActions(rule, where) || !CheckRows(rule, where)) {
      return false;
    }
    if (rule.code_size == 0) return Fail("empty code in {}", where);
    uint64_t end = uint64_t{rule.code_offset} + rule.code_size;
    if (end > module_.code.size()) {
      return Fail("code range {}+{} runs past the code section ({} bytes) in {}", rule.code_offset,
                  rule.code_size, module_.code.size(), where);
    }
    return true;
  }

  bool CheckEffective(const Rule& rule, std::string_view where) {
    if (rule.has_from && !CheckDate(rule.from, "effective from", where)) return false;
    if (rule.has_until && !CheckDate(rule.until, "effective until", where)) return false;
    if (rule.has_from && rule.has_until && !(rule.from < rule.until)) {
      return Fail("effective from {} is not before until {} in {}", FormatDate(rule.from),
                  FormatDate(rule.until), where);
    }
    return true;
  }

  // Reads are the facts whose unknownness the VM tracks in a 64-bit mask, one bit each.
  template <typename Owner>
  bool CheckReads(const Owner& rule, std::string_view where) {
    if (rule.reads.size() > kMaxReadsPerRule) {
      return Fail("reads {} facts, more than kMaxReadsPerRule ({}) in {}", rule.reads.size(),
                  kMaxReadsPerRule, where);
    }
    for (uint32_t fact : rule.reads) {
      if (!InRange(fact, module_.facts.size(), "read fact", where)) return false;
    }
    std::vector<uint32_t> sorted = rule.reads;
    std::sort(sorted.begin(), sorted.end());
    auto repeated = std::adjacent_find(sorted.begin(), sorted.end());
    if (repeated != sorted.end()) {
      return Fail("reads {} twice in {}", Where("fact", *repeated, module_.facts[*repeated].name),
                  where);
    }
    return true;
  }

  bool CheckActions(const Rule& rule, std::string_view where) {
    if (rule.actions.empty()) return Fail("no actions in {}", where);
    for (const Action& action : rule.actions) {
      if (!IsValid(action.kind)) {
        return Fail("action kind {} is not an action in {}", static_cast<int>(action.kind), where);
      }
      if (!InRange(action.scheme, module_.schemes.size(), "action scheme", where) ||
          (!(action.component == kProductItself && action.kind == ActionKind::Exempt) &&
           !OptionalInRange(action.component, module_.components.size(), "action component",
                            where)) ||
          !CheckLevel(action.level, where)) {
        return false;
      }
      // A mark the applicant chooses is never a legal duty.
      if (action.kind == ActionKind::Require && action.level == Level::Mandatory &&
          module_.schemes[action.scheme].on_request) {
        return Fail("{} requires {} mandatory, but it is on request", where,
                    Where("scheme", action.scheme, module_.schemes[action.scheme].id));
      }
    }
    return true;
  }

  // A rule's rows name codes that some entry lists; the report and `ccr catalog` join on them.
  bool CheckRows(const Rule& rule, std::string_view where) {
    if (!IsValid(rule.assessment)) {
      return Fail("assessment {} is not an assessment route in {}",
                  static_cast<int>(rule.assessment), where);
    }
    for (const CatalogueCode& row : rule.rows) {
      if (!CheckCatalogueCode(row, where)) return false;
      if (!entry_codes_.count({row.scheme, row.code})) {
        return Fail("row `{}` of {} is the code of no entry in {}", module_.strings[row.code],
                    Where("scheme", row.scheme, module_.schemes[row.scheme].id), where);
      }
    }
    return true;
  }

  bool CheckCatalogueCode(const CatalogueCode& code, std::string_view where) {
    return InRange(code.scheme, module_.schemes.size(), "catalogue scheme", where) &&
           String(code.code, "catalogue code string", where);
  }

  // ---- Entries ----

  // One entry per enum value, sorted, so lookups can binary-search and a value has one name.
  bool CheckEntries() {
    for (size_t i = 0; i < module_.entries.size(); ++i) {
      const Entry& entry = module_.entries[i];
      std::string where = fmt::format("entry {}", i);
      if (!InRange(entry.enum_index, module_.enums.size(), "entry enum", where) ||
          !InRange(entry.value, module_.enums[entry.enum_index].values.size(), "entry value",
                   where) ||
          !OptionalString(entry.name, "name string", where) ||
          !OptionalString(entry.zh_name, "Chinese name string", where)) {
        return false;
      }
      for (uint32_t aka : entry.akas) {
        if (!String(aka, "aka string", where)) return false;
      }
      for (const CatalogueCode& code : entry.codes) {
        if (!CheckCatalogueCode(code, where)) return false;
        entry_codes_.insert({code.scheme, code.code});
      }
      if (i > 0) {
        const Entry& before = module_.entries[i - 1];
        if (std::pair(before.enum_index, before.value) >=
            std::pair(entry.enum_index, entry.value)) {
          return Fail("entries {} and {} are not in ascending (enum, value) order", i - 1, i);
        }
      }
    }
    return true;
  }

  // ---- Steps ----

  // Grouped by scheme, so StepsOf can binary-search; texts and sources are strings.
  bool CheckSteps() {
    for (size_t i = 0; i < module_.steps.size(); ++i) {
      const SchemeStep& step = module_.steps[i];
      std::string where = fmt::format("step {}", i);
      if (!InRange(step.scheme, module_.schemes.size(), "step scheme", where)) return false;
      if (StepKindKeyword(step.kind).empty()) {
        return Fail("step kind {} is not a step kind in {}", static_cast<int>(step.kind), where);
      }
      if (!String(step.text, "step text string", where) ||
          !OptionalString(step.zh_text, "step zh text string", where) ||
          !String(step.source, "step source string", where)) {
        return false;
      }
      if (i > 0 && module_.steps[i - 1].scheme > step.scheme) {
        return Fail("steps {} and {} are not grouped by ascending scheme", i - 1, i);
      }
    }
    return true;
  }

  // Rules may not share code bytes: each rule's code is verified once for that rule's reads,
  // and overlapping ranges would let a small file demand quadratic verification time.
  bool CheckCodeDisjoint() {
    // (code offset, size, owner): rules by index, then constraints by index + rule count.
    std::vector<std::tuple<uint32_t, uint32_t, size_t>> starts;
    starts.reserve(module_.rules.size() + module_.constraints.size());
    for (size_t i = 0; i < module_.rules.size(); ++i) {
      starts.emplace_back(module_.rules[i].code_offset, module_.rules[i].code_size, i);
    }
    for (size_t i = 0; i < module_.constraints.size(); ++i) {
      const Constraint& constraint = module_.constraints[i];
      starts.emplace_back(constraint.code_offset, constraint.code_size, module_.rules.size() + i);
    }
    std::sort(starts.begin(), starts.end());
    auto owner = [&](size_t index) {
      if (index < module_.rules.size()) {
        return Where("rule", index, module_.rules[index].name);
      }
      index -= module_.rules.size();
      return Where("constraint", index, module_.constraints[index].name);
    };
    for (size_t i = 1; i < starts.size(); ++i) {
      const auto& [before_offset, before_size, before] = starts[i - 1];
      const auto& [after_offset, after_size, after] = starts[i];
      if (uint64_t{before_offset} + before_size > after_offset) {
        return Fail("code of {} overlaps code of {}", owner(before), owner(after));
      }
    }
    return true;
  }

  // ---- Rule code ----

  // Decodes and type-checks one rule's code in offset order. Jumps only go forward, so when
  // an instruction is reached every path into it (fallthrough and earlier jumps) is known.
  bool CheckCode(size_t index) {
    const Rule& rule = module_.rules[index];
    return CheckCode(rule, Where("rule", index, rule.name));
  }

  // Rules and constraints: code that reads `rule.reads` in `rule`'s range.
  template <typename Owner>
  bool CheckCode(const Owner& rule, const std::string& where) {
    std::span<const uint8_t> code(module_.code.data() + rule.code_offset, rule.code_size);
    StackPool pool;
    std::map<uint32_t, Ref> waiting;     // stack states of jumps to offsets ahead
    std::optional<Ref> current = Ref{};  // nullopt: no path falls through to here
    uint32_t offset = 0;
    while (offset < code.size()) {
      if (!Arrive(pool, waiting, offset, current, where)) return false;
      ReadResult read = ReadInstruction(code, offset);
      if (read.status == ReadStatus::BadOpcode) {
        return Fail("byte {} at offset {} is not an opcode in {}", code[offset], offset, where);
      }
      if (read.status == ReadStatus::Truncated) {
        return Fail("`{}` at offset {} runs past the end of the code in {}",
                    Info(read.instruction.opcode).mnemonic, offset, where);
      }
      const Instruction& instruction = read.instruction;
      auto inside = waiting.upper_bound(offset);
      if (inside != waiting.end() && inside->first < offset + instruction.size) {
        return Fail("jump target {} is inside the instruction at offset {} in {}", inside->first,
                    offset, where);
      }
      if (!CheckOperands(rule, instruction, where)) return false;
      // Dead code is never what the compiler means, and rejecting it lets the VM size its
      // stack with one linear pass over the code.
      if (!current) {
        return Fail("unreachable `{}` at offset {} in {}", Info(instruction.opcode).mnemonic,
                    offset, where);
      }
      if (!Flow(rule, instruction, pool, waiting, current, where)) return false;
      offset += instruction.size;
    }
    if (current || !waiting.empty()) {
      return Fail("a path reaches the end of the code (offset {}) without `return` in {}",
                  code.size(), where);
    }
    return true;
  }

  // Merges the states waiting at `offset` with the fallthrough state `current`.
  bool Arrive(const StackPool& pool, std::map<uint32_t, Ref>& waiting, uint32_t offset,
              std::optional<Ref>& current, std::string_view where) {
    auto found = waiting.find(offset);
    if (found == waiting.end()) return true;
    Ref arriving = found->second;
    waiting.erase(found);
    if (!current) {
      current = arriving;
      return true;
    }
    return Join(pool, *current, arriving, offset, where);
  }

  bool Join(const StackPool& pool, Ref a, Ref b, uint32_t offset, std::string_view where) {
    if (pool.Same(a, b)) return true;
    return Fail("paths join at offset {} with different stacks: {} and {} in {}", offset,
                DescribeStack(pool, a), DescribeStack(pool, b), where);
  }

  // Types one reachable instruction and passes its result on: to the next instruction, to a
  // jump's target, or (for `return`) nowhere.
  template <typename Owner>
  bool Flow(const Owner& rule, const Instruction& instruction, StackPool& pool,
            std::map<uint32_t, Ref>& waiting, std::optional<Ref>& current, std::string_view where) {
    if (!Step(rule, instruction, pool, *current, where)) return false;
    const OpcodeInfo& info = Info(instruction.opcode);
    if (instruction.opcode == Opcode::Return) {
      current.reset();
    } else if (info.operands[0] == OperandKind::Target) {
      uint32_t target = instruction.operands[0];
      auto [found, inserted] = waiting.emplace(target, *current);
      if (!inserted && !Join(pool, found->second, *current, target, where)) return false;
    }
    return true;
  }

  template <typename Owner>
  bool CheckOperands(const Owner& rule, const Instruction& instruction, std::string_view where) {
    const OpcodeInfo& info = Info(instruction.opcode);
    for (int i = 0; i < info.operand_count; ++i) {
      if (!CheckOperand(rule, instruction, i, where)) return false;
    }
    return true;
  }

  template <typename Owner>
  bool CheckOperand(const Owner& rule, const Instruction& instruction, int position,
                    std::string_view where) {
    const OpcodeInfo& info = Info(instruction.opcode);
    uint32_t value = instruction.operands[position];
    std::string what = fmt::format("`{}` at offset {}: operand", info.mnemonic, instruction.offset);
    switch (info.operands[position]) {
      case OperandKind::None:
        return true;
      case OperandKind::Read:
        return InRange(value, rule.reads.size(), what + " read", where);
      case OperandKind::Number:
        return InRange(value, module_.numbers.size(), what + " number", where);
      case OperandKind::String:
        return InRange(value, module_.strings.size(), what + " string", where);
      case OperandKind::Enum:
        return InRange(value, module_.enums.size(), what + " enum", where);
      case OperandKind::EnumValue:
        // opcodes.def puts an EnumValue right after the Enum it belongs to, checked first.
        CCR_CHECK(position == 1 && info.operands[0] == OperandKind::Enum);
        return InRange(value, module_.enums[instruction.operands[0]].values.size(),
                       what + " enum value", where);
      case OperandKind::Set:
        return InRange(value, module_.sets.size(), what + " set", where);
      case OperandKind::Target:
        return CheckTarget(rule, instruction, value, where);
    }
    return false;
  }

  // Forward-only jumps make every rule terminate and let CheckCode type it in one pass.
  template <typename Owner>
  bool CheckTarget(const Owner& rule, const Instruction& instruction, uint32_t target,
                   std::string_view where) {
    if (target > rule.code_size) return Fail("jump target {} out of range in {}", target, where);
    if (target < instruction.offset + instruction.size) {
      return Fail("jump target {} at offset {} does not go forward in {}", target,
                  instruction.offset, where);
    }
    return true;
  }

  // Applies one instruction to `stack`. Its typing rule (Typing) checks the values it reads
  // and names the type it produces; how many values it pops and pushes comes from the `pops`
  // and `pushes` columns of opcodes.def.
  template <typename Owner>
  bool Step(const Owner& rule, const Instruction& instruction, StackPool& pool, Ref& stack,
            std::string_view where) {
    Type result = kBool;
    if (!Typing(rule, instruction, pool, stack, result, where)) return false;
    const OpcodeInfo& info = Info(instruction.opcode);
    // Every typing rule checks at least the values its opcode pops.
    CCR_CHECK(stack.depth >= static_cast<uint32_t>(info.pops));
    stack = pool.Pop(stack, static_cast<uint32_t>(info.pops));
    if (info.pushes == 0) return true;
    return Push(pool, stack, result, instruction, where);
  }

  // Checks the types of the values `instruction` reads from the top of `stack` (without
  // popping them) and sets `result` to the type of the value it pushes, if it pushes one.
  template <typename Owner>
  bool Typing(const Owner& rule, const Instruction& instruction, const StackPool& pool, Ref stack,
              Type& result, std::string_view where) {
    uint32_t operand = instruction.operands[0];
    switch (instruction.opcode) {
      case Opcode::PushTrue:
      case Opcode::PushFalse:
      case Opcode::Known:
        result = kBool;
        return true;
      case Opcode::LoadFact:
        result = module_.facts[rule.reads[operand]].type;
        return true;
      case Opcode::PushNumber:
        result = kNumber;
        return true;
      case Opcode::PushString:
        result = kString;
        return true;
      case Opcode::PushEnum:
        result = Type{TypeKind::Enum, operand};
        return true;
      case Opcode::Not:
        return Expect(pool, stack, {kBool}, "a bool", instruction, where);
      case Opcode::And:
      case Opcode::Or:
        return Expect(pool, stack, {kBool, kBool}, "two bools", instruction, where);
      case Opcode::Less:
      case Opcode::LessEqual:
      case Opcode::Greater:
      case Opcode::GreaterEqual:
        return Expect(pool, stack, {kNumber, kNumber}, "two numbers", instruction, where);
      case Opcode::Equal:
      case Opcode::NotEqual:
        return CheckEquality(pool, stack, instruction, where);
      case Opcode::InSet:
        return Expect(
            pool, stack, {module_.sets[operand].element},
            fmt::format("a value of type {}", DescribeType(module_.sets[operand].element)),
            instruction, where);
      case Opcode::Has:
        return CheckHas(pool, stack, instruction, where);
      case Opcode::JumpIfFalse:
      case Opcode::JumpIfTrue:
        // The condition stays on the stack: both the target and the fallthrough see it.
        return Expect(pool, stack, {kBool}, "a bool", instruction, where);
      case Opcode::Return:
        if (stack.depth == 1 && pool.Peek(stack, 0) == kBool) return true;
        return Fail("`return` at offset {} needs exactly one bool on the stack, found {} in {}",
                    instruction.offset, DescribeStack(pool, stack), where);
    }
    CCR_CHECK(false && "ReadInstruction only yields opcodes from opcodes.def");
    return false;
  }

  bool Push(StackPool& pool, Ref& stack, Type type, const Instruction& instruction,
            std::string_view where) {
    if (stack.depth >= kMaxStackDepth) {
      return Fail("stack deeper than {} (kMaxStackDepth) at offset {} in {}", kMaxStackDepth,
                  instruction.offset, where);
    }
    stack = pool.Push(stack, type);
    return true;
  }

  // Checks that the top of `stack` holds `types` (listed bottom to top); `wanted` describes
  // them for the message.
  bool Expect(const StackPool& pool, Ref stack, std::initializer_list<Type> types,
              std::string_view wanted, const Instruction& instruction, std::string_view where) {
    uint32_t count = static_cast<uint32_t>(types.size());
    if (!Need(pool, stack, count, instruction, where)) return false;
    uint32_t position = count;
    for (Type type : types) {
      --position;
      if (pool.Peek(stack, position) != type) {
        return Fail("`{}` at offset {} needs {}, found {} in {}", Info(instruction.opcode).mnemonic,
                    instruction.offset, wanted, DescribeTop(pool, stack, count), where);
      }
    }
    return true;
  }

  bool Need(const StackPool& pool, Ref stack, uint32_t count, const Instruction& instruction,
            std::string_view where) {
    if (stack.depth >= count) return true;
    return Fail("stack underflow: `{}` at offset {} needs {} values, found {} in {}",
                Info(instruction.opcode).mnemonic, instruction.offset, count,
                DescribeStack(pool, stack), where);
  }

  // `==` and `!=` compare two values of one type; sets have no equality in the language.
  bool CheckEquality(const StackPool& pool, Ref stack, const Instruction& instruction,
                     std::string_view where) {
    if (!Need(pool, stack, 2, instruction, where)) return false;
    Type right = pool.Peek(stack, 0);
    if (right.kind == TypeKind::EnumSet || pool.Peek(stack, 1) != right) {
      return Fail(
          "`{}` at offset {} needs two values of the same type (not sets), found {} "
          "in {}",
          Info(instruction.opcode).mnemonic, instruction.offset, DescribeTop(pool, stack, 2),
          where);
    }
    return true;
  }

  bool CheckHas(const StackPool& pool, Ref stack, const Instruction& instruction,
                std::string_view where) {
    if (!Need(pool, stack, 2, instruction, where)) return false;
    Type value = pool.Peek(stack, 0);
    Type set{TypeKind::EnumSet, value.enum_index};
    if (value.kind != TypeKind::Enum || pool.Peek(stack, 1) != set) {
      return Fail(
          "`has` at offset {} needs an enum set below a value of its enum, found {} "
          "in {}",
          instruction.offset, DescribeTop(pool, stack, 2), where);
    }
    return true;
  }

  // Describes the top `count` entries, bottom to top: "number and bool".
  std::string DescribeTop(const StackPool& pool, Ref stack, uint32_t count) const {
    std::string text;
    for (uint32_t position = count; position-- > 0;) {
      if (!text.empty()) text += " and ";
      text += DescribeType(pool.Peek(stack, position));
    }
    return text;
  }

  // Describes a whole stack, bottom to top: "[bool, number]".
  std::string DescribeStack(const StackPool& pool, Ref stack) const {
    std::string text;
    for (uint32_t position = stack.depth; position-- > 0;) {
      if (!text.empty()) text += ", ";
      text += DescribeType(pool.Peek(stack, position));
    }
    return "[" + text + "]";
  }

  // ---- Tests ----

  bool CheckTests() {
    for (size_t i = 0; i < module_.tests.size(); ++i) {
      const Test& test = module_.tests[i];
      std::string where = Where("test", i, test.name);
      if (!String(test.name, "name string", where) || !CheckLocation(test.location, where) ||
          (test.has_as_of && !CheckDate(test.as_of, "as of", where)) || !CheckGiven(test, where)) {
        return false;
      }
      for (size_t v = 0; v < test.violations.size(); ++v) {
        if (!InRange(test.violations[v], module_.constraints.size(), "expected violation", where)) {
          return false;
        }
        if (v > 0 && test.violations[v] <= test.violations[v - 1]) {
          return Fail("expected violations are not ascending and unique in {}", where);
        }
      }
      for (const Expectation& expectation : test.expectations) {
        if (!InRange(expectation.scheme, module_.schemes.size(), "expectation scheme", where) ||
            (expectation.component != kProductItself &&
             !OptionalInRange(expectation.component, module_.components.size(),
                              "expectation component", where)) ||
            !CheckLocation(expectation.location, where)) {
          return false;
        }
        if (!IsValid(expectation.outcome)) {
          return Fail("outcome {} is not an outcome in {}", static_cast<int>(expectation.outcome),
                      where);
        }
        if (expectation.outcome == Outcome::Available &&
            !module_.schemes[expectation.scheme].on_request) {
          return Fail("{} expects {} available, but it is not on request", where,
                      Where("scheme", expectation.scheme, module_.schemes[expectation.scheme].id));
        }
      }
    }
    return true;
  }

  // ---- Defaults ----

  // One literal per defaulted fact, ascending, each a value of its fact's type.
  bool CheckDefaults() {
    for (size_t i = 0; i < module_.defaults.size(); ++i) {
      const Literal& literal = module_.defaults[i];
      std::string where = fmt::format("default {}", i);
      if (!InRange(literal.fact, module_.facts.size(), "fact", where) ||
          !CheckLiteral(literal, where)) {
        return false;
      }
      if (i > 0 && module_.defaults[i - 1].fact >= literal.fact) {
        return Fail("defaults {} and {} are not in ascending fact order", i - 1, i);
      }
    }
    return true;
  }

  // A test states each fact at most once, with a value of the fact's type.
  bool CheckGiven(const Test& test, std::string_view where) {
    std::vector<uint32_t> facts;
    for (const Literal& literal : test.given) {
      if (!InRange(literal.fact, module_.facts.size(), "given fact", where)) return false;
      facts.push_back(literal.fact);
      if (!CheckLiteral(literal, where)) return false;
    }
    std::sort(facts.begin(), facts.end());
    auto repeated = std::adjacent_find(facts.begin(), facts.end());
    if (repeated != facts.end()) {
      return Fail("gives {} twice in {}", Where("fact", *repeated, module_.facts[*repeated].name),
                  where);
    }
    return true;
  }

  // Whether a test's literal fits its fact: what CheckLiteral checks, without building any
  // message. A bundle's tests give thousands of literals, and formatting each one's `given`
  // text up front was a sixth of loading the default bundle.
  bool LiteralFits(const Literal& literal, const Fact& fact) const {
    if (literal.kind != fact.type.kind) return false;
    switch (literal.kind) {
      case TypeKind::Bool:
      case TypeKind::Number:
        return true;
      case TypeKind::String:
        return literal.index < module_.strings.size();
      case TypeKind::Enum:
        return literal.index < module_.enums[fact.type.enum_index].values.size();
      case TypeKind::EnumSet: {
        const std::vector<uint32_t>& members = literal.members;
        size_t count = module_.enums[fact.type.enum_index].values.size();
        for (size_t i = 0; i < members.size(); ++i) {
          if (members[i] >= count || (i > 0 && members[i] <= members[i - 1])) return false;
        }
        return true;
      }
    }
    return false;
  }

  bool CheckLiteral(const Literal& literal, std::string_view where) {
    const Fact& fact = module_.facts[literal.fact];
    if (LiteralFits(literal, fact)) return true;
    std::string given = fmt::format("given {}", Where("fact", literal.fact, fact.name));
    if (literal.kind != fact.type.kind) {
      return Fail("{}: a {} value for a fact of type {} in {}", given, KindName(literal.kind),
                  DescribeType(fact.type), where);
    }
    switch (literal.kind) {
      case TypeKind::Bool:
      case TypeKind::Number:
        return true;
      case TypeKind::String:
        return String(literal.index, given + ": string", where);
      case TypeKind::Enum:
        return InRange(literal.index, module_.enums[fact.type.enum_index].values.size(),
                       given + ": enum value", where);
      case TypeKind::EnumSet:
        return CheckMembers(literal.members, module_.enums[fact.type.enum_index].values.size(),
                            fmt::format("{} ({})", where, given));
    }
    return false;
  }

  // ---- Layouts ----

  // Every reference in range; a synonym's value fits its fact (0/1 for a bool, a value of the
  // enum); a separator only on a set-valued fact, never empty; a positive finite scale only on
  // a number; headers unique within a layout, so a column maps to one thing.
  bool CheckLayouts() {
    for (size_t i = 0; i < module_.layouts.size(); ++i) {
      const Layout& layout = module_.layouts[i];
      std::string where = Where("layout", i, layout.name);
      if (!String(layout.name, "name string", where)) return false;
      std::vector<std::string_view> headers;
      for (const LayoutColumn& column : layout.columns) {
        if (!String(column.header, "column header", where)) return false;
        headers.push_back(module_.strings[column.header]);
        if (!CheckLayoutColumn(column, where)) return false;
      }
      for (uint32_t ignored : layout.ignored) {
        if (!String(ignored, "ignored column", where)) return false;
        headers.push_back(module_.strings[ignored]);
      }
      std::sort(headers.begin(), headers.end());
      if (auto twice = std::adjacent_find(headers.begin(), headers.end()); twice != headers.end()) {
        return Fail("column `{}` is mapped twice in {}", *twice, where);
      }
    }
    return true;
  }

  bool CheckLayoutColumn(const LayoutColumn& column, std::string_view where) {
    std::string what = fmt::format("column `{}` of {}", module_.strings[column.header], where);
    if (column.fact == kNone) {
      if (column.scale != 1 || column.separator != kNone || !column.synonyms.empty()) {
        return Fail("the product id {} has a unit, separator or synonyms", what);
      }
      return true;
    }
    if (!InRange(column.fact, module_.facts.size(), "column fact", what)) return false;
    const Fact& fact = module_.facts[column.fact];
    if (!(column.scale > 0 && column.scale < 1e300) ||
        (column.scale != 1 && fact.type.kind != TypeKind::Number)) {
      return Fail("scale {} does not fit {}", column.scale, what);
    }
    if (column.separator != kNone) {
      if (!String(column.separator, "separator", what)) return false;
      if (fact.type.kind != TypeKind::EnumSet || module_.strings[column.separator].empty()) {
        return Fail("a separator on {}, whose fact is not set-valued (or it is empty)", what);
      }
    }
    for (const Synonym& synonym : column.synonyms) {
      if (!String(synonym.text, "synonym", what)) return false;
      switch (fact.type.kind) {
        case TypeKind::Bool:
          if (synonym.value > 1) return Fail("bool synonym value {} in {}", synonym.value, what);
          break;
        case TypeKind::Enum:
        case TypeKind::EnumSet:
          if (!InRange(synonym.value, module_.enums[fact.type.enum_index].values.size(),
                       "synonym value", what)) {
            return false;
          }
          break;
        case TypeKind::Number:
        case TypeKind::String:
          return Fail("synonyms on {}, whose fact is neither a bool nor an enum", what);
      }
    }
    return true;
  }

  const Module& module_;
  std::string_view name_;
  std::optional<Error> error_;
  std::set<std::pair<uint32_t, uint32_t>> entry_codes_;  // (scheme, code string) of entries
};

}  // namespace

VerifiedProgram::VerifiedProgram(Module module) : module_(std::move(module)) {
  static std::atomic<uint64_t> next_id{1};
  id_ = next_id.fetch_add(1, std::memory_order_relaxed);
}

Expected<VerifiedProgram> Verify(Module module, std::string_view name) {
  if (std::optional<Error> error = Verifier(module, name).Run()) return std::move(*error);
  return VerifiedProgram(std::move(module));
}

}  // namespace ccr::bytecode
