// Disassemble: a readable listing of a Module (`ccrc disasm`, golden tests). Every table in
// file order, then each rule's metadata and code with operands resolved to names, then the
// tests. The output depends only on the module, so it is deterministic.
//
// It runs on unverified modules too (that is when a listing is most wanted), so every index
// is checked before use: a bad one prints as `<bad N>`, an absent required one as `<none>`,
// and code stops at the first byte that does not decode.
#include <fmt/format.h>

#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/bytecode/internal/dates.h"

// Switches over the format's enums have no default: a new opcode, operand kind or outcome must
// get a spelling here before anything compiles.
#pragma GCC diagnostic error "-Wswitch"

namespace ccr::bytecode {

namespace {

std::string BadIndex(uint32_t index) {
  return index == kNone ? "<none>" : fmt::format("<bad {}>", index);
}

// Quotes a string constant so the listing stays one line per item: `"`, `\` and control bytes
// are escaped; other bytes (UTF-8 Chinese names) pass through.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string LevelName(Level level) {
  switch (level) {
    case Level::Mandatory:
      return "mandatory";
    case Level::Voluntary:
      return "voluntary";
  }
  return fmt::format("<bad level {}>", static_cast<int>(level));
}

std::string OutcomeName(Outcome outcome) {
  std::string_view text = OutcomeText(outcome);
  return text.empty() ? fmt::format("<bad outcome {}>", static_cast<int>(outcome))
                      : std::string(text);
}

std::string DateText(Date date) {
  if (internal::InDateRange(date)) return FormatDate(date);
  return fmt::format("<bad date {}>", date.days);
}

class Disassembler {
 public:
  explicit Disassembler(const Module& module) : module_(module) {}

  std::string Run() {
    Line("; ccr bytecode module");
    Strings();
    Numbers();
    Authorities();
    Schemes();
    Components();
    Enums();
    Facts();
    Sets();
    Rules();
    Constraints();
    Tests();
    Entries();
    Layouts();
    Steps();
    Defaults();
    return std::move(out_);
  }

 private:
  template <typename... Args>
  void Line(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
    out_ += '\n';
  }

  void Heading(std::string_view table, size_t count) { Line("{} ({})", table, count); }

  // ---- Resolving references ----

  // A required string used as a name: printed bare.
  std::string Name(uint32_t index) const {
    if (index < module_.strings.size()) return module_.strings[index];
    return BadIndex(index);
  }

  // A string used as text: printed quoted.
  std::string Text(uint32_t index) const {
    if (index < module_.strings.size()) return Quote(module_.strings[index]);
    return BadIndex(index);
  }

  std::string AuthorityName(uint32_t index) const {
    if (index < module_.authorities.size()) return Name(module_.authorities[index].id);
    return BadIndex(index);
  }

  std::string SchemeName(uint32_t index) const {
    if (index < module_.schemes.size()) return Name(module_.schemes[index].id);
    return BadIndex(index);
  }

  // `for NAME` after an action or expectation, or nothing for the product itself (or the
  // scheme overall).
  std::string ForComponent(uint32_t index) const {
    if (index == kNone) return "";
    if (index == kProductItself) return " for product";
    if (index < module_.components.size()) return " for " + Name(module_.components[index].id);
    return " for " + BadIndex(index);
  }

  std::string EnumName(uint32_t index) const {
    if (index < module_.enums.size()) return Name(module_.enums[index].name);
    return BadIndex(index);
  }

  std::string EnumValueName(uint32_t enum_index, uint32_t value) const {
    if (enum_index < module_.enums.size() && value < module_.enums[enum_index].values.size()) {
      return Name(module_.enums[enum_index].values[value]);
    }
    return BadIndex(value);
  }

  std::string FactName(uint32_t index) const {
    if (index < module_.facts.size()) return Name(module_.facts[index].name);
    return BadIndex(index);
  }

  std::string TypeName(Type type) const {
    switch (type.kind) {
      case TypeKind::Bool:
        return "bool";
      case TypeKind::Number:
        return "number";
      case TypeKind::String:
        return "string";
      case TypeKind::Enum:
        return EnumName(type.enum_index);
      case TypeKind::EnumSet:
        return "set of " + EnumName(type.enum_index);
    }
    return fmt::format("<bad kind {}>", static_cast<int>(type.kind));
  }

  // Members of a set of `element` values: `{ laptop, desktop_pc }` or `{ "a", "b" }`.
  std::string Members(Type element, const std::vector<uint32_t>& members) const {
    std::string text = "{";
    for (size_t i = 0; i < members.size(); ++i) {
      text += i == 0 ? " " : ", ";
      text += element.kind == TypeKind::String ? Text(members[i])
                                               : EnumValueName(element.enum_index, members[i]);
    }
    return text + (members.empty() ? "}" : " }");
  }

  // A named set prints as its name, an inline literal as its members.
  std::string SetName(uint32_t index) const {
    if (index >= module_.sets.size()) return BadIndex(index);
    const ValueSet& set = module_.sets[index];
    if (set.name == kNone) return Members(set.element, set.members);
    return Name(set.name);
  }

  std::string Location(const SourceLocation& location) const {
    return fmt::format("{}:{}:{}", Name(location.file), location.line, location.column);
  }

  // ` zh "..."`, or nothing when the optional string is absent.
  std::string Optional(std::string_view label, uint32_t index) const {
    if (index == kNone) return "";
    return fmt::format(" {} {}", label, Text(index));
  }

  // ---- Tables ----

  void Strings() {
    Heading("strings", module_.strings.size());
    for (size_t i = 0; i < module_.strings.size(); ++i) {
      Line("  {} {}", i, Quote(module_.strings[i]));
    }
  }

  void Numbers() {
    Heading("numbers", module_.numbers.size());
    for (size_t i = 0; i < module_.numbers.size(); ++i) Line("  {} {}", i, module_.numbers[i]);
  }

  void Authorities() {
    Heading("authorities", module_.authorities.size());
    for (size_t i = 0; i < module_.authorities.size(); ++i) {
      const Authority& authority = module_.authorities[i];
      std::string under =
          authority.parent == kNone ? "" : " under " + AuthorityName(authority.parent);
      Line("  {} {} {}{}{}", i, Name(authority.id), Text(authority.name),
           Optional("zh", authority.zh_name), under);
    }
  }

  void Schemes() {
    Heading("schemes", module_.schemes.size());
    for (size_t i = 0; i < module_.schemes.size(); ++i) {
      const Scheme& scheme = module_.schemes[i];
      std::string partners;
      for (uint32_t partner : scheme.partners) {
        partners += partners.empty() ? " with " : ", ";
        partners += AuthorityName(partner);
      }
      std::string impact = scheme.impact == kNone ? "" : " impact " + Name(scheme.impact);
      std::string mode = scheme.mode == kNone ? "" : " mode " + Name(scheme.mode);
      Line("  {} {} {}{} by {}{} {}{}{}{}", i, Name(scheme.id), Text(scheme.name),
           Optional("zh", scheme.zh_name), AuthorityName(scheme.authority), partners,
           LevelName(scheme.level), scheme.on_request ? " on request" : "", impact, mode);
    }
  }

  // Listed only when the program declares some, so listings of programs without components
  // read as before.
  void Components() {
    if (module_.components.empty()) return;
    Heading("components", module_.components.size());
    for (size_t i = 0; i < module_.components.size(); ++i) {
      const Component& component = module_.components[i];
      Line("  {} {} {}{}", i, Name(component.id), Text(component.name),
           Optional("zh", component.zh_name));
    }
  }

  void Enums() {
    Heading("enums", module_.enums.size());
    for (size_t i = 0; i < module_.enums.size(); ++i) {
      const Enum& enumeration = module_.enums[i];
      std::string values;
      for (size_t v = 0; v < enumeration.values.size(); ++v) {
        values += v == 0 ? " " : ", ";
        values += Name(enumeration.values[v]);
      }
      Line("  {} {} {{{}{}}}", i, Name(enumeration.name), values,
           enumeration.values.empty() ? "" : " ");
    }
  }

  void Facts() {
    Heading("facts", module_.facts.size());
    for (size_t i = 0; i < module_.facts.size(); ++i) {
      const Fact& fact = module_.facts[i];
      std::string unit = fact.unit == kNone ? "" : " in " + Name(fact.unit);
      std::string doc = fact.doc == kNone ? "" : " " + Text(fact.doc);
      Line("  {} {}: {}{}{}", i, Name(fact.name), TypeName(fact.type), unit, doc);
    }
  }

  void Sets() {
    Heading("sets", module_.sets.size());
    for (size_t i = 0; i < module_.sets.size(); ++i) {
      const ValueSet& set = module_.sets[i];
      std::string name = set.name == kNone ? "<inline>" : Name(set.name);
      Line("  {} {}: {} = {}", i, name, TypeName(set.element), Members(set.element, set.members));
    }
  }

  // ---- Rules ----

  void Rules() {
    Heading("rules", module_.rules.size());
    for (size_t i = 0; i < module_.rules.size(); ++i) OneRule(i, module_.rules[i]);
  }

  void OneRule(size_t index, const bytecode::Rule& rule) {
    Line("  rule {} {} at {}", index, Name(rule.name), Location(rule.location));
    if (rule.because != kNone) Line("    because {}", Text(rule.because));
    if (rule.source != kNone) Line("    source {}", Text(rule.source));
    if (rule.has_from || rule.has_until) {
      std::string from = rule.has_from ? " from " + DateText(rule.from) : "";
      std::string until = rule.has_until ? " until " + DateText(rule.until) : "";
      Line("    effective{}{}", from, until);
    }
    std::string reads;
    for (size_t r = 0; r < rule.reads.size(); ++r) {
      reads +=
          fmt::format(" {} {}{}", r, FactName(rule.reads[r]), r + 1 < rule.reads.size() ? "," : "");
    }
    Line("    reads{}", reads.empty() ? " nothing" : reads);
    for (const Action& action : rule.actions) Line("    {}", ActionText(action));
    for (const CatalogueCode& row : rule.rows) Line("    row {}", CodeText(row));
    if (rule.assessment != AssessmentRoute::None) {
      std::string_view route = AssessmentKeyword(rule.assessment);
      Line("    assessment {}",
           route.empty() ? fmt::format("<bad route {}>", static_cast<int>(rule.assessment))
                         : std::string(route));
    }
    Code(rule);
  }

  // ---- Constraints ----

  // Listed only when there are some, so the listing of a module without constraints reads as
  // it did before format 5.
  void Constraints() {
    if (module_.constraints.empty()) return;
    Heading("constraints", module_.constraints.size());
    for (size_t i = 0; i < module_.constraints.size(); ++i) {
      const Constraint& constraint = module_.constraints[i];
      Line("  constraint {} {} at {}", i, Name(constraint.name), Location(constraint.location));
      Line("    because {}", Text(constraint.because));
      if (constraint.source != kNone) Line("    source {}", Text(constraint.source));
      std::string reads;
      for (size_t r = 0; r < constraint.reads.size(); ++r) {
        reads += fmt::format(" {} {}{}", r, FactName(constraint.reads[r]),
                             r + 1 < constraint.reads.size() ? "," : "");
      }
      Line("    reads{}", reads.empty() ? " nothing" : reads);
      Code(constraint);
    }
  }

  std::string CodeText(const CatalogueCode& code) const {
    return fmt::format("{} {}", SchemeName(code.scheme), Text(code.code));
  }

  // ---- Entries ----

  void Entries() {
    Heading("entries", module_.entries.size());
    for (size_t i = 0; i < module_.entries.size(); ++i) {
      const Entry& entry = module_.entries[i];
      std::string value = BadIndex(entry.value);
      std::string type = BadIndex(entry.enum_index);
      if (entry.enum_index < module_.enums.size()) {
        const Enum& e = module_.enums[entry.enum_index];
        type = Name(e.name);
        if (entry.value < e.values.size()) value = Name(e.values[entry.value]);
      }
      std::string names;
      if (entry.name != kNone) names += " " + Text(entry.name);
      if (entry.zh_name != kNone) names += " zh " + Text(entry.zh_name);
      Line("  {} {}: {}{}", i, value, type, names);
      std::string akas;
      for (uint32_t aka : entry.akas) akas += (akas.empty() ? " " : ", ") + Text(aka);
      if (!akas.empty()) Line("    aka{}", akas);
      for (const CatalogueCode& code : entry.codes) Line("    code {}", CodeText(code));
    }
  }

  // ---- Steps ----

  void Steps() {
    Heading("steps", module_.steps.size());
    for (size_t i = 0; i < module_.steps.size(); ++i) {
      const SchemeStep& step = module_.steps[i];
      std::string_view kind = StepKindKeyword(step.kind);
      Line("  {} {} {} {}{} source {}", i, SchemeName(step.scheme),
           kind.empty() ? fmt::format("<bad step kind {}>", static_cast<int>(step.kind))
                        : std::string(kind),
           Text(step.text), Optional("zh", step.zh_text), Text(step.source));
    }
  }

  // ---- Defaults ----

  void Defaults() {
    Heading("defaults", module_.defaults.size());
    for (const Literal& literal : module_.defaults) {
      Line("  {} = {}", FactName(literal.fact), LiteralText(literal));
    }
  }

  std::string ActionText(const Action& action) const {
    switch (action.kind) {
      case ActionKind::Require:
        return fmt::format("require {}{} {}", SchemeName(action.scheme),
                           ForComponent(action.component), LevelName(action.level));
      case ActionKind::Exempt:
        return fmt::format("exempt {}{}", SchemeName(action.scheme),
                           ForComponent(action.component));
    }
    return fmt::format("<bad action {}> {}", static_cast<int>(action.kind),
                       SchemeName(action.scheme));
  }

  template <typename Owner>
  void Code(const Owner& rule) {
    uint64_t end = uint64_t{rule.code_offset} + rule.code_size;
    if (end > module_.code.size()) {
      Line("    code at {}, {} bytes <bad range: the code section has {} bytes>", rule.code_offset,
           rule.code_size, module_.code.size());
      return;
    }
    Line("    code at {}, {} bytes", rule.code_offset, rule.code_size);
    std::span<const uint8_t> code(module_.code.data() + rule.code_offset, rule.code_size);
    for (uint32_t offset = 0; offset < code.size();) {
      ReadResult read = ReadInstruction(code, offset);
      switch (read.status) {
        case ReadStatus::Ok:
          break;
        case ReadStatus::BadOpcode:
          Line("    {:5}  <bad opcode {}>", offset, code[offset]);
          return;
        case ReadStatus::Truncated:
          Line("    {:5}  <truncated {}>", offset, Info(read.instruction.opcode).mnemonic);
          return;
      }
      Line("    {:5}  {}", offset, InstructionText(rule, read.instruction));
      offset += read.instruction.size;
    }
  }

  // `push_enum 0 2 ; Category.laptop`: operands as stored, then what they name.
  template <typename Owner>
  std::string InstructionText(const Owner& rule, const Instruction& instruction) const {
    const OpcodeInfo& info = Info(instruction.opcode);
    std::string text = info.mnemonic;
    std::string note;
    for (int i = 0; i < info.operand_count; ++i) {
      uint32_t value = instruction.operands[i];
      text += fmt::format(" {}", value);
      std::string part = OperandNote(rule, instruction, info.operands[i], value);
      if (part.empty()) continue;
      // An enum value completes the enum before it: `Category.laptop`.
      if (!note.empty() && info.operands[i] != OperandKind::EnumValue) note += ' ';
      note += part;
    }
    return note.empty() ? text : text + " ; " + note;
  }

  template <typename Owner>
  std::string OperandNote(const Owner& rule, const Instruction& instruction, OperandKind kind,
                          uint32_t value) const {
    switch (kind) {
      case OperandKind::None:
      case OperandKind::Target:
        return "";
      case OperandKind::Read:
        return value < rule.reads.size() ? FactName(rule.reads[value]) : BadIndex(value);
      case OperandKind::Number:
        return value < module_.numbers.size() ? fmt::format("{}", module_.numbers[value])
                                              : BadIndex(value);
      case OperandKind::String:
        return Text(value);
      case OperandKind::Enum:
        return EnumName(value);
      case OperandKind::EnumValue:
        return "." + EnumValueName(instruction.operands[0], value);
      case OperandKind::Set:
        return SetName(value);
    }
    return "";
  }

  // ---- Tests ----

  void Tests() {
    Heading("tests", module_.tests.size());
    for (size_t i = 0; i < module_.tests.size(); ++i) {
      const Test& test = module_.tests[i];
      Line("  test {} {} at {}", i, Text(test.name), Location(test.location));
      if (test.has_as_of) Line("    as of {}", DateText(test.as_of));
      for (const Literal& literal : test.given) {
        Line("    given {} = {}", FactName(literal.fact), LiteralText(literal));
      }
      for (const Expectation& expectation : test.expectations) {
        Line("    expect {}{} {} at {}", SchemeName(expectation.scheme),
             ForComponent(expectation.component), OutcomeName(expectation.outcome),
             Location(expectation.location));
      }
      for (uint32_t violation : test.violations) {
        Line("    expect violation {}", violation < module_.constraints.size()
                                            ? Name(module_.constraints[violation].name)
                                            : BadIndex(violation));
      }
    }
  }

  // ---- Layouts ----

  void Layouts() {
    Heading("layouts", module_.layouts.size());
    for (size_t i = 0; i < module_.layouts.size(); ++i) {
      const Layout& layout = module_.layouts[i];
      Line("  layout {} {}", i, Text(layout.name));
      for (const LayoutColumn& column : layout.columns) {
        std::string line =
            fmt::format("    column {} -> {}", Text(column.header),
                        column.fact == kNone ? std::string("product") : FactName(column.fact));
        if (column.scale != 1) line += fmt::format(" scale {}", column.scale);
        if (column.separator != kNone) line += " separated by " + Text(column.separator);
        Line("{}", line);
        for (const Synonym& synonym : column.synonyms) {
          Line("      {} -> {}", Text(synonym.text), SynonymValue(column, synonym.value));
        }
      }
      for (uint32_t ignored : layout.ignored) Line("    ignore {}", Text(ignored));
    }
  }

  std::string SynonymValue(const LayoutColumn& column, uint32_t value) const {
    if (column.fact >= module_.facts.size()) return fmt::format("<bad {}>", value);
    const Fact& fact = module_.facts[column.fact];
    if (fact.type.kind == TypeKind::Bool)
      return value == 0 ? "false" : value == 1 ? "true" : fmt::format("<bad {}>", value);
    return EnumValueName(fact.type.enum_index, value);
  }

  std::string LiteralText(const Literal& literal) const {
    uint32_t enum_index =
        literal.fact < module_.facts.size() ? module_.facts[literal.fact].type.enum_index : kNone;
    switch (literal.kind) {
      case TypeKind::Bool:
        return literal.boolean ? "true" : "false";
      case TypeKind::Number:
        return fmt::format("{}", literal.number);
      case TypeKind::String:
        return Text(literal.index);
      case TypeKind::Enum:
        return EnumValueName(enum_index, literal.index);
      case TypeKind::EnumSet:
        return Members(Type{TypeKind::Enum, enum_index}, literal.members);
    }
    return fmt::format("<bad kind {}>", static_cast<int>(literal.kind));
  }

  const Module& module_;
  std::string out_;
};

}  // namespace

std::string Disassemble(const Module& module) { return Disassembler(module).Run(); }

}  // namespace ccr::bytecode
