// Tests for the .ccrb format: a hand-built module that uses every table and every opcode
// round-trips through Write and Read byte for byte, verifies, and disassembles to a golden
// listing; each verifier and reader check rejects a module or image broken in exactly that
// way, with its own message; and no damaged image crashes Read, Verify or Disassemble.
#include "runtime/bytecode/bytecode.h"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/internal/crc32.h"
#include "runtime/bytecode/internal/dates.h"
#include "runtime/bytecode/internal/layout.h"

namespace ccr::bytecode {

namespace {

constexpr std::string_view kFile = "x.ccrb";

// Writes one rule's code with the real CodeWriter (jumps emitted before their target is
// known and bound later, as the lowering does) and appends it to a module's code section.
class Assembler {
 public:
  explicit Assembler(std::vector<uint8_t>& code) : code_(code) {}

  // Emits `op` with as many of `first` and `second` as it has operands, so a test can pass
  // any opcode its (possibly bad) operands the same way.
  Assembler& Emit(Opcode op, uint32_t first = 0, uint32_t second = 0) {
    uint32_t operands[] = {first, second};
    writer_.EmitOperands(op, std::span(operands).first(Info(op).operand_count));
    return *this;
  }

  CodeWriter::Label Jump(Opcode op) { return writer_.EmitJump(op); }
  void Bind(CodeWriter::Label label) { writer_.Bind(label); }

  // Appends the code to the module's code section as `rule`'s.
  void Finish(Rule& rule) const {
    rule.code_offset = static_cast<uint32_t>(code_.size());
    rule.code_size = writer_.Here();
    code_.insert(code_.end(), writer_.code().begin(), writer_.code().end());
  }

 private:
  std::vector<uint8_t>& code_;
  CodeWriter writer_;
};

// Returns the index of `text` in the module's strings, adding it the first time.
uint32_t S(Module& module, std::string_view text) {
  for (uint32_t i = 0; i < module.strings.size(); ++i) {
    if (module.strings[i] == text) return i;
  }
  module.strings.emplace_back(text);
  return static_cast<uint32_t>(module.strings.size() - 1);
}

Date D(std::string_view text) { return *ParseDate(text); }

SourceLocation At(Module& module, uint32_t line, uint32_t column = 1) {
  return SourceLocation{S(module, "rules/it.ccr"), line, column};
}

// Table indices of the sample module, named so the tests read like the rules.
enum Authorities : uint32_t { kSamr, kCnca };
enum Schemes : uint32_t { kCcc, kCqcMark };
enum Enums : uint32_t { kCategory, kRadio };
enum CategoryValues : uint32_t { kLaptop, kDesktopPc, kSmartphone, kPowerBank };
enum RadioValues : uint32_t { kWifi, kBluetooth, kCellular };
enum Facts : uint32_t { kEmitsRadio, kRatedVoltage, kCategoryFact, kRadioTechnologies, kModelName };
enum Sets : uint32_t { kCccItCatalogue, kPrototypeNames };
enum Numbers : uint32_t { k36, k5, k0 };

void AddDeclarations(Module& m) {
  m.authorities.push_back(Authority{S(m, "SAMR"),
                                    S(m, "State Administration for Market Regulation"),
                                    S(m, "国家市场监督管理总局"), kNone});
  m.authorities.push_back(Authority{S(m, "CNCA"),
                                    S(m,
                                      "Certification and Accreditation "
                                      "Administration of the PRC"),
                                    kNone, kSamr});
  m.schemes.push_back(Scheme{S(m, "CCC"),
                             S(m, "China Compulsory Certification"),
                             S(m, "中国强制性产品认证"),
                             kCnca,
                             {kSamr},
                             Level::Mandatory,
                             S(m, "market_access"),
                             S(m, "samr_cnca")});
  m.schemes.push_back(Scheme{S(m, "CQC_MARK"),
                             S(m, "CQC voluntary product certification"),
                             kNone,
                             kCnca,
                             {},
                             Level::Voluntary,
                             S(m, "market_signal"),
                             kNone,
                             /*on_request=*/true});
  m.enums.push_back(
      Enum{S(m, "Category"),
           {S(m, "laptop"), S(m, "desktop_pc"), S(m, "smartphone"), S(m, "power_bank")}});
  m.enums.push_back(Enum{S(m, "Radio"), {S(m, "wifi"), S(m, "bluetooth"), S(m, "cellular")}});
  m.facts.push_back(Fact{S(m, "emits_radio"), Type{TypeKind::Bool, kNone}, kNone,
                         S(m, "Contains an intentional radio transmitter")});
  m.facts.push_back(Fact{S(m, "rated_voltage_v"), Type{TypeKind::Number, kNone}, S(m, "V"), kNone});
  m.facts.push_back(Fact{S(m, "category"), Type{TypeKind::Enum, kCategory}, kNone, kNone});
  m.facts.push_back(Fact{S(m, "radio_technologies"), Type{TypeKind::EnumSet, kRadio}, kNone,
                         S(m, "Transmitters \"present\"")});
  m.facts.push_back(Fact{S(m, "model_name"), Type{TypeKind::String, kNone}, kNone, kNone});
  m.sets.push_back(
      ValueSet{S(m, "ccc_it_catalogue"), Type{TypeKind::Enum, kCategory}, {kLaptop, kDesktopPc}});
  uint32_t proto2 = S(m, "PROTO-2"), proto3 = S(m, "PROTO-3");
  m.sets.push_back(ValueSet{
      kNone, Type{TypeKind::String, kNone}, {std::min(proto2, proto3), std::max(proto2, proto3)}});
  m.numbers = {36, 5, 0};
}

// ccc_it: category in ccc_it_catalogue and rated_voltage_v > 36 V (short-circuit `and`).
void AddCccIt(Module& m) {
  Rule rule;
  rule.name = S(m, "ccc_it");
  rule.location = At(m, 3);
  rule.reads = {kCategoryFact, kRatedVoltage};
  Assembler code(m.code);
  code.Emit(Opcode::LoadFact, 0).Emit(Opcode::InSet, kCccItCatalogue);
  auto skip = code.Jump(Opcode::JumpIfFalse);
  code.Emit(Opcode::LoadFact, 1).Emit(Opcode::PushNumber, k36).Emit(Opcode::Greater);
  code.Emit(Opcode::And);
  code.Bind(skip);
  code.Emit(Opcode::Return);
  code.Finish(rule);
  rule.actions.push_back(Action{ActionKind::Require, kCcc, Level::Mandatory});
  m.rules.push_back(rule);
}

// cqc_radio: emits_radio or wifi in radio_technologies or known(model_name), in force
// 2024-08-01 until 2030-01-01.
void AddCqcRadio(Module& m) {
  Rule rule;
  rule.name = S(m, "cqc_radio");
  rule.because = S(m, "Radio products carry the CQC mark");
  rule.source = S(m, "CQC-C0901-2023");
  rule.location = At(m, 10);
  rule.has_from = true;
  rule.from = D("2024-08-01");
  rule.has_until = true;
  rule.until = D("2030-01-01");
  rule.reads = {kEmitsRadio, kRadioTechnologies, kModelName};
  Assembler code(m.code);
  code.Emit(Opcode::LoadFact, 0);
  auto first = code.Jump(Opcode::JumpIfTrue);
  code.Emit(Opcode::LoadFact, 1).Emit(Opcode::PushEnum, kRadio, kWifi).Emit(Opcode::Has);
  code.Emit(Opcode::Or);
  auto second = code.Jump(Opcode::JumpIfTrue);
  code.Emit(Opcode::Known, 2).Emit(Opcode::Or);
  code.Bind(first);
  code.Bind(second);
  code.Emit(Opcode::Return);
  code.Finish(rule);
  rule.actions.push_back(Action{ActionKind::Require, kCqcMark, Level::Voluntary});
  m.rules.push_back(rule);
}

// exempt_prototypes: (model_name == "PROTO-1" or model_name in {"PROTO-2", "PROTO-3"}) and
// not (category == smartphone); exempts CCC.
void AddExemptPrototypes(Module& m) {
  Rule rule;
  rule.name = S(m, "exempt_prototypes");
  rule.location = At(m, 20, 3);
  rule.reads = {kModelName, kCategoryFact};
  Assembler code(m.code);
  code.Emit(Opcode::LoadFact, 0).Emit(Opcode::PushString, S(m, "PROTO-1")).Emit(Opcode::Equal);
  code.Emit(Opcode::LoadFact, 0).Emit(Opcode::InSet, kPrototypeNames).Emit(Opcode::Or);
  code.Emit(Opcode::LoadFact, 1).Emit(Opcode::PushEnum, kCategory, kSmartphone);
  code.Emit(Opcode::Equal).Emit(Opcode::Not).Emit(Opcode::And).Emit(Opcode::Return);
  code.Finish(rule);
  rule.actions.push_back(Action{ActionKind::Exempt, kCcc, Level::Mandatory});
  m.rules.push_back(rule);
}

// ccc_power_bank: category == power_bank and emits_radio != true and 5 V <= rated_voltage_v
// <= 36 V and not (rated_voltage_v < 0 V) and false == false; straight-line, no jumps, and
// between them the four rules use every opcode.
void AddCccPowerBank(Module& m) {
  Rule rule;
  rule.name = S(m, "ccc_power_bank");
  rule.location = At(m, 30);
  rule.has_from = true;
  rule.from = D("2024-08-01");
  rule.reads = {kCategoryFact, kEmitsRadio, kRatedVoltage};
  Assembler code(m.code);
  code.Emit(Opcode::LoadFact, 0).Emit(Opcode::PushEnum, kCategory, kPowerBank);
  code.Emit(Opcode::Equal);
  code.Emit(Opcode::LoadFact, 1).Emit(Opcode::PushTrue).Emit(Opcode::NotEqual).Emit(Opcode::And);
  code.Emit(Opcode::LoadFact, 2).Emit(Opcode::PushNumber, k5).Emit(Opcode::GreaterEqual);
  code.Emit(Opcode::And);
  code.Emit(Opcode::LoadFact, 2).Emit(Opcode::PushNumber, k36).Emit(Opcode::LessEqual);
  code.Emit(Opcode::And);
  code.Emit(Opcode::LoadFact, 2).Emit(Opcode::PushNumber, k0).Emit(Opcode::Less);
  code.Emit(Opcode::Not).Emit(Opcode::And);
  code.Emit(Opcode::PushFalse).Emit(Opcode::PushFalse).Emit(Opcode::Equal).Emit(Opcode::And);
  code.Emit(Opcode::Return);
  code.Finish(rule);
  rule.actions.push_back(Action{ActionKind::Require, kCcc, Level::Mandatory});
  rule.actions.push_back(Action{ActionKind::Require, kCqcMark, Level::Voluntary});
  m.rules.push_back(rule);
}

void AddTest(Module& m) {
  Test test;
  test.name = S(m, "seed laptop needs CCC");
  test.location = At(m, 40);
  test.has_as_of = true;
  test.as_of = D("2025-06-01");
  auto literal = [](uint32_t fact, TypeKind kind) {
    Literal literal;
    literal.fact = fact;
    literal.kind = kind;
    return literal;
  };
  Literal category = literal(kCategoryFact, TypeKind::Enum);
  category.index = kLaptop;
  Literal voltage = literal(kRatedVoltage, TypeKind::Number);
  voltage.number = 220;
  Literal radios = literal(kRadioTechnologies, TypeKind::EnumSet);
  radios.members = {kWifi, kBluetooth};
  Literal radio = literal(kEmitsRadio, TypeKind::Bool);
  radio.boolean = true;
  Literal model = literal(kModelName, TypeKind::String);
  model.index = S(m, "ThinkPad X1");
  test.given = {category, voltage, radios, radio, model};
  test.expectations.push_back(Expectation{kCcc, kNone, Outcome::RequiredMandatory, At(m, 47, 3)});
  test.expectations.push_back(
      Expectation{kCqcMark, kNone, Outcome::RequiredVoluntary, At(m, 48, 3)});
  m.tests.push_back(test);
}

// Catalogue entries: laptop (names, akas, CCC 0902) and power_bank (CCC 0914, no names);
// rule ccc_it states row 0902 by certification. Added last, so the other tables' string
// indices do not move.
void AddEntries(Module& m) {
  uint32_t code_0902 = S(m, "0902");
  m.entries.push_back(Entry{kCategory,
                            kLaptop,
                            S(m, "Portable computer"),
                            S(m, "便携式计算机"),
                            {S(m, "notebook")},
                            {CatalogueCode{kCcc, code_0902}}});
  m.entries.push_back(
      Entry{kCategory, kPowerBank, kNone, kNone, {}, {CatalogueCode{kCcc, S(m, "0914")}}});
  m.rules[0].rows = {CatalogueCode{kCcc, code_0902}};
  m.rules[0].assessment = AssessmentRoute::Certification;
}

// What to do next: CCC a route with a Chinese text and a marking without; CQC_MARK a body.
// Added after the entries, so their string indices do not move.
void AddSteps(Module& m) {
  m.steps.push_back(SchemeStep{kCcc, StepKind::Route, S(m, "Type test + factory inspection"),
                               S(m, "型式试验 + 工厂检查"), S(m, "CNCA-C09-01:2019")});
  m.steps.push_back(
      SchemeStep{kCcc, StepKind::Marking, S(m, "CCC mark"), kNone, S(m, "SAMR Ann. 2023 No. 36")});
  m.steps.push_back(SchemeStep{kCqcMark, StepKind::Body, S(m, "CQC"), kNone, S(m, "SESEC 2025")});
}

// A small but complete module: two authorities (one under the other), two schemes, two enums,
// facts of every type, a named enum set and an inline string set, four rules that between
// them use every opcode, a test, catalogue entries and next steps.
Module SampleModule() {
  Module m;
  AddDeclarations(m);
  AddCccIt(m);
  AddCqcRadio(m);
  AddExemptPrototypes(m);
  AddCccPowerBank(m);
  AddTest(m);
  AddEntries(m);
  AddSteps(m);
  return m;
}

std::string VerifyError(Module module) {
  Expected<VerifiedProgram> program = Verify(std::move(module), kFile);
  if (program) return "<verified>";
  return program.error().message;
}

std::string ReadError(std::span<const uint8_t> bytes, const ReadLimits& limits = {}) {
  Expected<Module> module = Read(bytes, kFile, limits);
  if (module) return "<read>";
  return module.error().message;
}

std::string Corrupt(std::string_view what) {
  return std::string(kFile) + ": corrupt bytecode: " + std::string(what);
}

// The sample module with rule 0 (`ccc_it`, reads category then rated_voltage_v) given the
// code that `build` assembles instead of its own.
Module WithCode(const std::function<void(Assembler&)>& build) {
  Module m = SampleModule();
  Assembler code(m.code);
  build(code);
  code.Finish(m.rules[0]);
  return m;
}

std::string CodeError(const std::function<void(Assembler&)>& build) {
  return VerifyError(WithCode(build));
}

// Recomputes the header checksum, so a test can damage one thing past the checksum check.
void Reseal(std::vector<uint8_t>& bytes) {
  if (bytes.size() < internal::kHeaderSize) return;
  uint32_t crc = internal::Crc32(std::span(bytes).subspan(internal::kHeaderSize));
  for (int i = 0; i < 4; ++i) {
    bytes[internal::kChecksumOffset + i] = static_cast<uint8_t>(crc >> (8 * i));
  }
}

void PutU32(std::vector<uint8_t>& bytes, size_t offset, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<uint8_t>(value >> (8 * i));
}

uint32_t GetU32(const std::vector<uint8_t>& bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t{bytes[offset + i]} << (8 * i);
  return value;
}

// File offset of directory entry `index` (its id; offset and size follow).
size_t DirectoryEntry(uint32_t index) {
  return internal::kHeaderSize + 4 + index * internal::kDirectoryEntrySize;
}

// File offset where section `index` (position in the directory) starts.
size_t SectionStart(const std::vector<uint8_t>& bytes, uint32_t index) {
  return GetU32(bytes, DirectoryEntry(index) + 4);
}

// Reads `bytes` and, if that succeeds, verifies and disassembles the result: whatever the
// input, each step must return (a value or an error), never crash or hang.
void ReadVerifyDisassemble(std::span<const uint8_t> bytes) {
  Expected<Module> module = Read(bytes, kFile);
  if (!module) {
    CHECK(module.error().message.starts_with(std::string(kFile) + ": "));
    return;
  }
  CHECK_FALSE(Disassemble(*module).empty());
  Expected<VerifiedProgram> program = Verify(std::move(*module), kFile);
  if (!program) CHECK(program.error().message.starts_with(Corrupt("")));
}

}  // namespace

// ---- Round trip ----

TEST_CASE("the sample module verifies") { CHECK(VerifyError(SampleModule()) == "<verified>"); }

TEST_CASE("write then read gives back the same module, byte for byte") {
  Module original = SampleModule();
  std::vector<uint8_t> bytes = Write(original);
  Expected<Module> read = Read(bytes, kFile);
  REQUIRE(read.ok());
  CHECK(Write(*read) == bytes);
  CHECK(Disassemble(*read) == Disassemble(original));
  CHECK(read->strings == original.strings);
  CHECK(read->code == original.code);
  CHECK(read->rules[1].from == D("2024-08-01"));
  CHECK(read->rules[1].until == D("2030-01-01"));
  CHECK(read->tests[0].given[1].number == 220);
  CHECK(read->facts[kRadioTechnologies].type == Type{TypeKind::EnumSet, kRadio});
  CHECK(read->schemes[kCqcMark].level == Level::Voluntary);
  REQUIRE(read->steps.size() == 3);
  CHECK(read->steps[1].kind == StepKind::Marking);
  CHECK(read->steps[1].zh_text == kNone);
  CHECK(read->steps[2].scheme == kCqcMark);
}

TEST_CASE("StepsOf gives a scheme's steps in declaration order") {
  Module m = SampleModule();
  std::span<const SchemeStep> ccc = StepsOf(m, kCcc);
  REQUIRE(ccc.size() == 2);
  CHECK(ccc[0].kind == StepKind::Route);
  CHECK(ccc[1].kind == StepKind::Marking);
  CHECK(StepsOf(m, kCqcMark).size() == 1);
  m.steps.clear();
  CHECK(StepsOf(m, kCcc).empty());
}

TEST_CASE("doubles travel as bit patterns") {
  Module m = SampleModule();
  m.numbers = {-0.0, 0.1, 1e308, std::nan("0x7ab"), -INFINITY, 5e-324};
  Expected<Module> read = Read(Write(m), kFile);
  REQUIRE(read.ok());
  REQUIRE(read->numbers.size() == m.numbers.size());
  for (size_t i = 0; i < m.numbers.size(); ++i) {
    CHECK(std::bit_cast<uint64_t>(read->numbers[i]) == std::bit_cast<uint64_t>(m.numbers[i]));
  }
}

TEST_CASE("writing is deterministic") {
  CHECK(Write(SampleModule()) == Write(SampleModule()));
  Module m = SampleModule();
  Module copy = m;
  CHECK(Write(m) == Write(copy));
  CHECK(Write(Module{}) == Write(Module{}));
}

TEST_CASE("an empty module round-trips and verifies") {
  std::vector<uint8_t> bytes = Write(Module{});
  CHECK(bytes.size() ==
        internal::kHeaderSize + 4 + internal::kSectionCount * (internal::kDirectoryEntrySize + 4));
  Expected<VerifiedProgram> program = Load(bytes, kFile);
  REQUIRE(program.ok());
  CHECK(program->module().rules.empty());
}

TEST_CASE("the header is magic, version, reserved zero, checksum") {
  std::vector<uint8_t> bytes = Write(SampleModule());
  CHECK(std::memcmp(bytes.data(), "CCRB", 4) == 0);
  CHECK(bytes[4] == kFormatVersion);
  CHECK(bytes[5] == 0);
  CHECK(bytes[6] == 0);
  CHECK(bytes[7] == 0);
  CHECK(GetU32(bytes, 8) == internal::Crc32(std::span(bytes).subspan(12)));
  CHECK(GetU32(bytes, 12) == internal::kSectionCount);
  for (uint32_t i = 0; i < internal::kSectionCount; ++i) {
    CHECK(GetU32(bytes, DirectoryEntry(i)) == internal::kSectionIds[i]);
  }
}

TEST_CASE("load is read then verify") {
  std::vector<uint8_t> bytes = Write(SampleModule());
  CHECK(Load(bytes, kFile).ok());
  Module broken = SampleModule();
  broken.rules[0].actions.clear();
  Expected<VerifiedProgram> program = Load(Write(broken), kFile);
  REQUIRE_FALSE(program.ok());
  CHECK(program.error().message == Corrupt("no actions in rule `ccc_it`"));
}

TEST_CASE("crc-32 matches the standard check value") {
  std::string_view check = "123456789";
  CHECK(internal::Crc32(std::span(reinterpret_cast<const uint8_t*>(check.data()), check.size())) ==
        0xCBF43926u);
  CHECK(internal::Crc32({}) == 0);
}

TEST_CASE("the verifier's date range is years 0000 to 9999") {
  CHECK(D("0000-01-01").days == internal::kMinDay);
  CHECK(D("9999-12-31").days == internal::kMaxDay);
}

// ---- Verifier: rule code ----

TEST_CASE("verifier rejects jumps out of range, backward and into an instruction") {
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue).Emit(Opcode::JumpIfFalse, 812).Emit(Opcode::Return);
        }) == Corrupt("jump target 812 out of range in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue).Emit(Opcode::JumpIfFalse, 0).Emit(Opcode::Return);
        }) == Corrupt("jump target 0 at offset 1 does not go forward in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue).Emit(Opcode::JumpIfFalse, 1).Emit(Opcode::Return);
        }) == Corrupt("jump target 1 at offset 1 does not go forward in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue).Emit(Opcode::JumpIfFalse, 8);
          a.Emit(Opcode::Known, 0).Emit(Opcode::And).Emit(Opcode::Return);
        }) == Corrupt("jump target 8 is inside the instruction at offset 6 in rule `ccc_it`"));
}

TEST_CASE("verifier rejects paths that do not end in return") {
  CHECK(CodeError([](Assembler& a) { a.Emit(Opcode::PushTrue); }) ==
        Corrupt("a path reaches the end of the code (offset 1) without `return` in rule "
                "`ccc_it`"));
  // A jump to the very end is in range, but the path it starts has no `return`.
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue).Emit(Opcode::JumpIfFalse, 7).Emit(Opcode::Return);
        }) == Corrupt("a path reaches the end of the code (offset 7) without `return` in rule "
                      "`ccc_it`"));
}

TEST_CASE("verifier accepts a second return reached only by a jump") {
  CHECK(VerifyError(WithCode([](Assembler& a) {
          a.Emit(Opcode::Known, 0);
          auto jump = a.Jump(Opcode::JumpIfFalse);
          a.Emit(Opcode::Return);
          a.Bind(jump);
          a.Emit(Opcode::Return);
        })) == "<verified>");
}

TEST_CASE("verifier rejects unreachable code") {
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue).Emit(Opcode::Return).Emit(Opcode::PushTrue);
          a.Emit(Opcode::Return);
        }) == Corrupt("unreachable `push_true` at offset 2 in rule `ccc_it`"));
}

TEST_CASE("verifier checks stack depth") {
  CHECK(CodeError([](Assembler& a) { a.Emit(Opcode::And).Emit(Opcode::Return); }) ==
        Corrupt("stack underflow: `and` at offset 0 needs 2 values, found [] in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue).Emit(Opcode::Has).Emit(Opcode::Return);
        }) == Corrupt("stack underflow: `has` at offset 1 needs 2 values, found [bool] in rule "
                      "`ccc_it`"));
  CHECK(CodeError([](Assembler& a) { a.Emit(Opcode::Return); }) ==
        Corrupt("`return` at offset 0 needs exactly one bool on the stack, found [] in rule "
                "`ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue).Emit(Opcode::PushTrue).Emit(Opcode::Return);
        }) == Corrupt("`return` at offset 2 needs exactly one bool on the stack, found [bool, "
                      "bool] in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          for (int i = 0; i < 257; ++i) a.Emit(Opcode::PushTrue);
          for (int i = 0; i < 256; ++i) a.Emit(Opcode::And);
          a.Emit(Opcode::Return);
        }) == Corrupt("stack deeper than 256 (kMaxStackDepth) at offset 256 in rule `ccc_it`"));
  CHECK(VerifyError(WithCode([](Assembler& a) {
          for (int i = 0; i < 256; ++i) a.Emit(Opcode::PushTrue);
          for (int i = 0; i < 255; ++i) a.Emit(Opcode::And);
          a.Emit(Opcode::Return);
        })) == "<verified>");
}

TEST_CASE("verifier checks operand types") {
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushNumber, k5).Emit(Opcode::PushNumber, k0).Emit(Opcode::And);
          a.Emit(Opcode::Return);
        }) == Corrupt("`and` at offset 10 needs two bools, found number and number in rule "
                      "`ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushNumber, k5).Emit(Opcode::Not).Emit(Opcode::Return);
        }) == Corrupt("`not` at offset 5 needs a bool, found number in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue).Emit(Opcode::PushNumber, k5).Emit(Opcode::Less);
          a.Emit(Opcode::Return);
        }) == Corrupt("`lt` at offset 6 needs two numbers, found bool and number in rule "
                      "`ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushNumber, k5).Emit(Opcode::JumpIfTrue, 10).Emit(Opcode::Return);
        }) == Corrupt("`jump_if_true` at offset 5 needs a bool, found number in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) { a.Emit(Opcode::PushNumber, k5).Emit(Opcode::Return); }) ==
        Corrupt("`return` at offset 5 needs exactly one bool on the stack, found [number] "
                "in rule `ccc_it`"));
}

TEST_CASE("verifier checks equality, set membership and has") {
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::LoadFact, 0).Emit(Opcode::PushEnum, kRadio, kWifi);
          a.Emit(Opcode::Equal).Emit(Opcode::Return);
        }) == Corrupt("`eq` at offset 14 needs two values of the same type (not sets), found "
                      "enum `Category` and enum `Radio` in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushString, 0).Emit(Opcode::PushNumber, 0).Emit(Opcode::NotEqual);
          a.Emit(Opcode::Return);
        }) == Corrupt("`ne` at offset 10 needs two values of the same type (not sets), found "
                      "string and number in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushNumber, k5).Emit(Opcode::InSet, kCccItCatalogue);
          a.Emit(Opcode::Return);
        }) == Corrupt("`in_set` at offset 5 needs a value of type enum `Category`, found number "
                      "in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushEnum, kRadio, kWifi).Emit(Opcode::InSet, kCccItCatalogue);
          a.Emit(Opcode::Return);
        }) == Corrupt("`in_set` at offset 9 needs a value of type enum `Category`, found enum "
                      "`Radio` in rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::LoadFact, 0).Emit(Opcode::PushEnum, kCategory, kLaptop);
          a.Emit(Opcode::Has).Emit(Opcode::Return);
        }) == Corrupt("`has` at offset 14 needs an enum set below a value of its enum, found "
                      "enum `Category` and enum `Category` in rule `ccc_it`"));
}

TEST_CASE("verifier rejects sets compared with ==") {
  Module m = SampleModule();
  m.rules[0].reads = {kRadioTechnologies};
  Assembler code(m.code);
  code.Emit(Opcode::LoadFact, 0).Emit(Opcode::LoadFact, 0).Emit(Opcode::Equal);
  code.Emit(Opcode::Return);
  code.Finish(m.rules[0]);
  CHECK(VerifyError(m) == Corrupt("`eq` at offset 10 needs two values of the same type (not "
                                  "sets), found set of `Radio` and set of `Radio` in rule "
                                  "`ccc_it`"));
}

TEST_CASE("verifier rejects paths that join with different stacks") {
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue);
          auto jump = a.Jump(Opcode::JumpIfFalse);
          a.Emit(Opcode::PushNumber, k5);
          a.Bind(jump);
          a.Emit(Opcode::Return);
        }) == Corrupt("paths join at offset 11 with different stacks: [bool, number] and [bool] "
                      "in rule `ccc_it`"));
  // Two jumps to one target with different stacks.
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::PushTrue);
          auto first = a.Jump(Opcode::JumpIfFalse);
          a.Emit(Opcode::PushTrue);
          auto second = a.Jump(Opcode::JumpIfFalse);
          a.Emit(Opcode::And);
          a.Bind(first);
          a.Bind(second);
          a.Emit(Opcode::Return);
        }) == Corrupt("paths join at offset 13 with different stacks: [bool] and [bool, bool] "
                      "in rule `ccc_it`"));
}

TEST_CASE("verifier rejects bad opcodes, truncated operands and out-of-range operands") {
  Module bad_opcode = WithCode([](Assembler& a) { a.Emit(Opcode::PushTrue); });
  // Rule 0's code is the last in the section: four bytes more, the first of which is opcode 200.
  for (uint8_t byte : {0xC8, 0x00, 0x00, 0x00}) bad_opcode.code.push_back(byte);
  bad_opcode.rules[0].code_size += 4;
  CHECK(VerifyError(bad_opcode) ==
        Corrupt("byte 200 at offset 1 is not an opcode in rule `ccc_it`"));
  Module truncated = SampleModule();
  truncated.rules[0].code_size = 2;  // load_fact with half an operand
  CHECK(VerifyError(truncated) ==
        Corrupt("`load_fact` at offset 0 runs past the end of the code in rule `ccc_it`"));

  auto operand_error = [](Opcode op, uint32_t first, uint32_t second = 0) {
    return CodeError([&](Assembler& a) { a.Emit(op, first, second).Emit(Opcode::Return); });
  };
  CHECK(operand_error(Opcode::LoadFact, 2) ==
        Corrupt("`load_fact` at offset 0: operand read 2 out of range (table has 2) in rule "
                "`ccc_it`"));
  CHECK(operand_error(Opcode::Known, 7) ==
        Corrupt("`known` at offset 0: operand read 7 out of range (table has 2) in rule "
                "`ccc_it`"));
  CHECK(operand_error(Opcode::PushNumber, 3) ==
        Corrupt("`push_number` at offset 0: operand number 3 out of range (table has 3) in "
                "rule `ccc_it`"));
  CHECK(operand_error(Opcode::PushString, 9999) ==
        Corrupt("`push_string` at offset 0: operand string 9999 out of range (table has " +
                std::to_string(SampleModule().strings.size()) + ") in rule `ccc_it`"));
  CHECK(operand_error(Opcode::PushEnum, 2, 0) ==
        Corrupt("`push_enum` at offset 0: operand enum 2 out of range (table has 2) in rule "
                "`ccc_it`"));
  CHECK(operand_error(Opcode::PushEnum, kRadio, 3) ==
        Corrupt("`push_enum` at offset 0: operand enum value 3 out of range (table has 3) in "
                "rule `ccc_it`"));
  CHECK(CodeError([](Assembler& a) {
          a.Emit(Opcode::LoadFact, 0).Emit(Opcode::InSet, 2).Emit(Opcode::Return);
        }) == Corrupt("`in_set` at offset 5: operand set 2 out of range (table has 2) in rule "
                      "`ccc_it`"));
}

// ---- Verifier: rules ----

TEST_CASE("verifier checks rule metadata") {
  Module m = SampleModule();
  m.rules[0].reads = {kCategoryFact, kCategoryFact};
  CHECK(VerifyError(m) == Corrupt("reads fact `category` twice in rule `ccc_it`"));

  m = SampleModule();
  m.rules[0].reads[1] = 5;
  CHECK(VerifyError(m) == Corrupt("read fact 5 out of range (table has 5) in rule `ccc_it`"));

  m = SampleModule();
  m.rules[0].reads.resize(kMaxReadsPerRule + 1, 0);
  CHECK(VerifyError(m) ==
        Corrupt("reads 65 facts, more than kMaxReadsPerRule (64) in rule `ccc_it`"));

  m = SampleModule();
  m.rules[0].actions.clear();
  CHECK(VerifyError(m) == Corrupt("no actions in rule `ccc_it`"));

  m = SampleModule();
  m.rules[0].actions[0].scheme = 2;
  CHECK(VerifyError(m) == Corrupt("action scheme 2 out of range (table has 2) in rule `ccc_it`"));

  m = SampleModule();
  m.rules[0].actions[0].kind = static_cast<ActionKind>(9);
  CHECK(VerifyError(m) == Corrupt("action kind 9 is not an action in rule `ccc_it`"));

  m = SampleModule();
  m.rules[0].actions[0].level = static_cast<Level>(2);
  CHECK(VerifyError(m) == Corrupt("level 2 is not a level in rule `ccc_it`"));

  // Components: an action's and an expectation's index is checked; the product itself
  // (kProductItself) only on an exemption and an expectation; the table's strings too.
  m = SampleModule();
  m.rules[0].actions[0].component = 0;
  CHECK(VerifyError(m) ==
        Corrupt("action component 0 out of range (table has 0) in rule `ccc_it`"));
  m.components.push_back({m.rules[0].name, m.rules[0].name, kNone});
  CHECK(VerifyError(m) == "<verified>");
  m.rules[0].actions[0].component = kProductItself;
  CHECK(VerifyError(m).find("action component") != std::string::npos);
  m.rules[2].actions[0].component = kProductItself;  // `exempt X for product`
  m.rules[0].actions[0].component = 0;
  CHECK(VerifyError(m) == "<verified>");
  m.components[0].name = 4000;
  CHECK(VerifyError(m).find("name string 4000 out of range") != std::string::npos);
  m = SampleModule();
  m.tests[0].expectations[0].component = 3;
  CHECK(VerifyError(m) == Corrupt("expectation component 3 out of range (table has 0) in test "
                                  "`seed laptop needs CCC`"));
  m.tests[0].expectations[0].component = kProductItself;
  CHECK(VerifyError(m) == "<verified>");

  m = SampleModule();
  m.rules[1].until = m.rules[1].from;
  CHECK(VerifyError(m) ==
        Corrupt("effective from 2024-08-01 is not before until 2024-08-01 in rule `cqc_radio`"));

  m = SampleModule();
  m.rules[1].from = Date{internal::kMaxDay + 1};
  CHECK(VerifyError(m) == Corrupt("effective from date (day 2932897) outside years 0000-9999 "
                                  "in rule `cqc_radio`"));

  m = SampleModule();
  m.rules[2].name = 4000;
  CHECK(VerifyError(m) == Corrupt("name string 4000 out of range (table has " +
                                  std::to_string(m.strings.size()) + ") in rule #2"));

  m = SampleModule();
  m.rules[2].location.file = kNone;
  CHECK(VerifyError(m) ==
        Corrupt("source file string none out of range (table has " +
                std::to_string(m.strings.size()) + ") in rule `exempt_prototypes`"));
}

TEST_CASE("verifier checks catalogue entries, rows and routes") {
  Module m = SampleModule();
  std::swap(m.entries[0], m.entries[1]);
  CHECK(VerifyError(m) == Corrupt("entries 0 and 1 are not in ascending (enum, value) order"));

  m = SampleModule();
  m.entries[1].value = 9;
  CHECK(VerifyError(m) == Corrupt("entry value 9 out of range (table has 4) in entry 1"));

  m = SampleModule();
  m.entries[0].codes[0].scheme = 7;
  CHECK(VerifyError(m) == Corrupt("catalogue scheme 7 out of range (table has 2) in entry 0"));

  m = SampleModule();
  m.rules[0].rows[0].code = m.entries[1].codes[0].code;  // 0914: an entry code, but of CCC
  CHECK(VerifyError(m) == "<verified>");
  m.rules[0].rows[0].scheme = kCqcMark;
  CHECK(VerifyError(m) ==
        Corrupt("row `0914` of scheme `CQC_MARK` is the code of no entry in rule `ccc_it`"));

  m = SampleModule();
  m.rules[0].assessment = static_cast<AssessmentRoute>(200);
  CHECK(VerifyError(m) == Corrupt("assessment 200 is not an assessment route in rule `ccc_it`"));
}

TEST_CASE("verifier checks next steps") {
  Module m = SampleModule();
  std::swap(m.steps[1], m.steps[2]);
  CHECK(VerifyError(m) == Corrupt("steps 1 and 2 are not grouped by ascending scheme"));

  m = SampleModule();
  m.steps[0].scheme = 2;
  CHECK(VerifyError(m) == Corrupt("step scheme 2 out of range (table has 2) in step 0"));

  m = SampleModule();
  m.steps[0].kind = static_cast<StepKind>(3);
  CHECK(VerifyError(m) == Corrupt("step kind 3 is not a step kind in step 0"));

  m = SampleModule();
  m.steps[1].source = kNone;
  CHECK(VerifyError(m) == Corrupt("step source string none out of range (table has " +
                                  std::to_string(m.strings.size()) + ") in step 1"));

  m = SampleModule();
  m.steps[1].zh_text = 4000;
  CHECK(VerifyError(m) == Corrupt("step zh text string 4000 out of range (table has " +
                                  std::to_string(m.strings.size()) + ") in step 1"));
}

TEST_CASE("verifier checks code ranges") {
  Module m = SampleModule();
  m.rules[3].code_offset = 0xFFFFFFF0u;
  m.rules[3].code_size = 0x20;  // offset + size overflows 32 bits
  CHECK(VerifyError(m) ==
        Corrupt("code range 4294967280+32 runs past the code section (" +
                std::to_string(m.code.size()) + " bytes) in rule `ccc_power_bank`"));

  m = SampleModule();
  m.rules[1].code_size = 0;
  CHECK(VerifyError(m) == Corrupt("empty code in rule `cqc_radio`"));

  m = SampleModule();
  m.rules[1].code_offset = m.rules[0].code_offset + 1;
  CHECK(VerifyError(m) == Corrupt("code of rule `ccc_it` overlaps code of rule `cqc_radio`"));
}

// A module with one constraint whose code is a copy of rule 0's (so it verifies): its own
// range at the end of the code section, reading what rule 0 reads.
Module WithConstraint() {
  Module m = SampleModule();
  const Rule& rule = m.rules[0];
  Constraint constraint;
  constraint.name = m.rules[1].name;
  constraint.because = m.rules[0].name;  // any string: the sample rule has no `because`
  constraint.location = rule.location;
  constraint.reads = rule.reads;
  constraint.code_offset = static_cast<uint32_t>(m.code.size());
  constraint.code_size = rule.code_size;
  std::vector<uint8_t> code(m.code.begin() + rule.code_offset,
                            m.code.begin() + rule.code_offset + rule.code_size);
  m.code.insert(m.code.end(), code.begin(), code.end());
  m.constraints.push_back(std::move(constraint));
  m.tests[0].violations = {0};
  return m;
}

TEST_CASE("verifier checks constraints, their code and expected violations") {
  CHECK(VerifyError(WithConstraint()) == "<verified>");
  Module m = WithConstraint();
  CHECK(Read(Write(m), "m").value().constraints.size() == 1);

  m = WithConstraint();
  m.constraints[0].because = kNone;
  CHECK(VerifyError(m).find("because string none out of range") != std::string::npos);

  m = WithConstraint();
  m.constraints[0].reads.push_back(m.constraints[0].reads[0]);
  CHECK(VerifyError(m).find("twice in constraint `cqc_radio`") != std::string::npos);

  m = WithConstraint();
  m.constraints[0].code_offset = m.rules[0].code_offset;
  CHECK(VerifyError(m) == Corrupt("code of rule `ccc_it` overlaps code of constraint `cqc_radio`"));

  m = WithConstraint();
  m.constraints[0].code_size = 0;
  CHECK(VerifyError(m) == Corrupt("empty code in constraint `cqc_radio`"));

  m = WithConstraint();
  m.constraints[0].reads.clear();  // the code's reads are out of range now
  CHECK(VerifyError(m).find("in constraint `cqc_radio`") != std::string::npos);

  m = WithConstraint();
  m.tests[0].violations = {1};
  CHECK(VerifyError(m) == Corrupt("expected violation 1 out of range (table has 1) in test "
                                  "`seed laptop needs CCC`"));
}

// ---- Verifier: declarations ----

TEST_CASE("verifier checks authorities and schemes") {
  Module m = SampleModule();
  m.authorities[kSamr].parent = kCnca;  // CNCA is under SAMR already
  CHECK(VerifyError(m) == Corrupt("authority parent chain is cyclic at authority `SAMR`"));

  m = SampleModule();
  m.authorities[kCnca].parent = kCnca;
  CHECK(VerifyError(m) == Corrupt("authority parent chain is cyclic at authority `CNCA`"));

  m = SampleModule();
  m.authorities[kCnca].parent = 7;
  CHECK(VerifyError(m) ==
        Corrupt("parent authority 7 out of range (table has 2) in authority `CNCA`"));

  m = SampleModule();
  m.authorities[kSamr].id = kNone;
  CHECK(VerifyError(m) == Corrupt("id string none out of range (table has " +
                                  std::to_string(m.strings.size()) + ") in authority #0"));

  m = SampleModule();
  m.schemes[kCcc].authority = 2;
  CHECK(VerifyError(m) == Corrupt("authority 2 out of range (table has 2) in scheme `CCC`"));

  m = SampleModule();
  m.schemes[kCcc].partners.push_back(kNone);
  CHECK(VerifyError(m) ==
        Corrupt("partner authority none out of range (table has 2) in scheme `CCC`"));

  m = SampleModule();
  m.schemes[kCqcMark].level = static_cast<Level>(200);
  CHECK(VerifyError(m) == Corrupt("level 200 is not a level in scheme `CQC_MARK`"));

  // A mark the applicant chooses is voluntary, and no rule makes it a duty.
  m = SampleModule();
  m.schemes[kCqcMark].level = Level::Mandatory;
  CHECK(VerifyError(m) == Corrupt("scheme `CQC_MARK` is on request but not voluntary"));

  m = SampleModule();
  for (Rule& rule : m.rules) {
    for (Action& action : rule.actions) {
      if (action.scheme == kCqcMark) action.level = Level::Mandatory;
    }
  }
  CHECK(VerifyError(m).find("requires scheme `CQC_MARK` mandatory, but it is on request") !=
        std::string::npos);

  m = SampleModule();
  m.schemes[kCqcMark].mode = 5000;
  CHECK(VerifyError(m) == Corrupt("mode string 5000 out of range (table has " +
                                  std::to_string(m.strings.size()) + ") in scheme `CQC_MARK`"));
}

TEST_CASE("verifier checks types, enums and facts") {
  Module m = SampleModule();
  m.facts[kEmitsRadio].type.enum_index = kCategory;
  CHECK(VerifyError(m) == Corrupt("bool type carries enum 0 (must be none) in fact `emits_radio`"));

  m = SampleModule();
  m.facts[kCategoryFact].type.enum_index = kNone;
  CHECK(VerifyError(m) == Corrupt("type enum none out of range (table has 2) in fact `category`"));

  m = SampleModule();
  m.facts[kCategoryFact].type.kind = static_cast<TypeKind>(5);
  CHECK(VerifyError(m) == Corrupt("type kind 5 is not a type kind in fact `category`"));

  m = SampleModule();
  for (int i = 0; i < 61; ++i) m.enums[kRadio].values.push_back(S(m, "wifi"));
  CHECK(VerifyError(m) == "<verified>");  // 64 values fit a set-valued fact's 64-bit set
  m.enums[kRadio].values.push_back(S(m, "wifi"));
  CHECK(VerifyError(m) == Corrupt("set-valued fact over an enum of 65 values, more than 64 in "
                                  "fact `radio_technologies`"));

  m = SampleModule();
  m.enums[kRadio].values[1] = 99999;
  CHECK(VerifyError(m) == Corrupt("value string 99999 out of range (table has " +
                                  std::to_string(m.strings.size()) + ") in enum `Radio`"));
}

TEST_CASE("verifier checks value sets") {
  Module m = SampleModule();
  m.sets[kCccItCatalogue].members = {kDesktopPc, kLaptop};
  CHECK(VerifyError(m) == Corrupt("members not sorted and unique (0 after 1) in set "
                                  "`ccc_it_catalogue`"));

  m = SampleModule();
  m.sets[kCccItCatalogue].members = {kLaptop, kLaptop};
  CHECK(VerifyError(m) == Corrupt("members not sorted and unique (0 after 0) in set "
                                  "`ccc_it_catalogue`"));

  m = SampleModule();
  m.sets[kCccItCatalogue].members = {kLaptop, 4};
  CHECK(VerifyError(m) == Corrupt("member 4 out of range (table has 4) in set `ccc_it_catalogue`"));

  m = SampleModule();
  m.sets[kCccItCatalogue].element = Type{TypeKind::Number, kNone};
  CHECK(VerifyError(m) == Corrupt("set element type number is not an enum or string in set "
                                  "`ccc_it_catalogue`"));

  m = SampleModule();
  m.sets[kCccItCatalogue].element = Type{TypeKind::EnumSet, kCategory};
  CHECK(VerifyError(m) == Corrupt("set element type set of `Category` is not an enum or string "
                                  "in set `ccc_it_catalogue`"));

  m = SampleModule();
  m.sets[kPrototypeNames].members.push_back(kNone - 1);
  CHECK(VerifyError(m) == Corrupt("member 4294967294 out of range (table has " +
                                  std::to_string(m.strings.size()) + ") in set #1"));
}

// ---- Verifier: tests ----

TEST_CASE("verifier checks in-language tests") {
  Module m = SampleModule();
  m.tests[0].given[0].kind = TypeKind::String;
  CHECK(VerifyError(m) == Corrupt("given fact `category`: a string value for a fact of type "
                                  "enum `Category` in test `seed laptop needs CCC`"));

  m = SampleModule();
  m.tests[0].given[0].index = kPowerBank + 1;
  CHECK(VerifyError(m) == Corrupt("given fact `category`: enum value 4 out of range (table "
                                  "has 4) in test `seed laptop needs CCC`"));

  m = SampleModule();
  m.tests[0].given[2].members = {kBluetooth, kWifi};
  CHECK(VerifyError(m) == Corrupt("members not sorted and unique (0 after 1) in test `seed "
                                  "laptop needs CCC` (given fact `radio_technologies`)"));

  m = SampleModule();
  m.tests[0].given[4].index = kNone;
  CHECK(VerifyError(m).find("given fact `model_name`: string none out of range") !=
        std::string::npos);

  m = SampleModule();
  m.tests[0].given.push_back(m.tests[0].given[3]);
  CHECK(VerifyError(m) ==
        Corrupt("gives fact `emits_radio` twice in test `seed laptop needs CCC`"));

  m = SampleModule();
  m.tests[0].given[0].fact = 5;
  CHECK(VerifyError(m) ==
        Corrupt("given fact 5 out of range (table has 5) in test `seed laptop needs CCC`"));

  m = SampleModule();
  m.tests[0].expectations[1].scheme = 2;
  CHECK(VerifyError(m) == Corrupt("expectation scheme 2 out of range (table has 2) in test "
                                  "`seed laptop needs CCC`"));

  m = SampleModule();
  m.tests[0].expectations[1].outcome = static_cast<Outcome>(7);
  CHECK(VerifyError(m) == Corrupt("outcome 7 is not an outcome in test `seed laptop needs CCC`"));

  // CQC_MARK is on request, so it may be expected available; CCC is not.
  m = SampleModule();
  m.tests[0].expectations[1].outcome = Outcome::Available;
  CHECK(VerifyError(m) == "<verified>");
  m.tests[0].expectations[0].outcome = Outcome::Available;
  CHECK(VerifyError(m) == Corrupt("test `seed laptop needs CCC` expects scheme `CCC` available, "
                                  "but it is not on request"));

  m = SampleModule();
  m.tests[0].as_of = Date{internal::kMinDay - 1};
  CHECK(VerifyError(m) == Corrupt("as of date (day -719529) outside years 0000-9999 in test "
                                  "`seed laptop needs CCC`"));
}

TEST_CASE("defaults round-trip, and the verifier checks their facts, values and order") {
  Module m = SampleModule();
  Literal radio{};
  radio.fact = kEmitsRadio;
  radio.kind = TypeKind::Bool;
  Literal category{};
  category.fact = kCategoryFact;
  category.kind = TypeKind::Enum;
  category.index = kLaptop;
  m.defaults = {radio, category};
  CHECK(VerifyError(m) == "<verified>");
  Expected<Module> read = Read(Write(m), kFile);
  REQUIRE(read.ok());
  REQUIRE(read->defaults.size() == 2);
  CHECK(read->defaults[1].index == kLaptop);
  CHECK(Disassemble(*read).find("defaults (2)\n  emits_radio = false\n  category = laptop\n") !=
        std::string::npos);

  Module bad = m;
  std::swap(bad.defaults[0], bad.defaults[1]);
  CHECK(VerifyError(bad) == Corrupt("defaults 0 and 1 are not in ascending fact order"));
  bad = m;
  bad.defaults[1].index = kPowerBank + 1;
  CHECK(VerifyError(bad) == Corrupt("given fact `category`: enum value 4 out of range (table has "
                                    "4) in default 1"));
  bad = m;
  bad.defaults[0].fact = 5;
  CHECK(VerifyError(bad) == Corrupt("fact 5 out of range (table has 5) in default 0"));
}

// ---- Reader ----

TEST_CASE("read rejects bad magic, other versions and damaged files") {
  std::vector<uint8_t> bytes = Write(SampleModule());

  std::vector<uint8_t> elf = bytes;
  std::memcpy(elf.data(),
              "\x7f"
              "ELF",
              4);
  CHECK(ReadError(elf) == "x.ccrb: not a ccr bytecode file (bad magic)");
  CHECK(ReadError(std::vector<uint8_t>{'{', '}'}) == "x.ccrb: not a ccr bytecode file (bad magic)");

  std::vector<uint8_t> future = bytes;
  future[internal::kVersionOffset] = 8;
  CHECK(ReadError(future) ==
        "x.ccrb: bytecode format version 8 is not supported (this ccr "
        "reads version 7); recompile with this ccrc");

  std::vector<uint8_t> damaged = bytes;
  damaged[bytes.size() / 2] ^= 0x10;
  CHECK(ReadError(damaged) == Corrupt("checksum mismatch (file damaged or truncated)"));
  CHECK(ReadError(std::span(bytes).first(bytes.size() - 1)) ==
        Corrupt("checksum mismatch (file damaged or truncated)"));

  CHECK(ReadError(std::span(bytes).first(0)) ==
        Corrupt("truncated header (the file is 0 bytes, the header alone is 12)"));
  CHECK(ReadError(std::span(bytes).first(6)) ==
        Corrupt("truncated header (the file is 6 bytes, the header alone is 12)"));

  std::vector<uint8_t> reserved = bytes;
  reserved[internal::kReservedOffset] = 1;
  CHECK(ReadError(reserved) == Corrupt("reserved header field is 1, not 0"));
}

// Each limit of ReadLimits: a file just under it reads, one byte over it fails naming it.
TEST_CASE("read limits: just under passes, just over fails with the limit's name") {
  const std::vector<uint8_t> bytes = Write(SampleModule());
  auto read = [&](const ReadLimits& limits) { return Read(bytes, "limits.ccrb", limits); };

  CHECK(read({.max_file_bytes = bytes.size()}).ok());
  auto file = read({.max_file_bytes = bytes.size() - 1});
  REQUIRE(!file.ok());
  CHECK(file.error().kind == ErrorKind::BytecodeTooLarge);
  CHECK(file.error().message == "limits.ccrb: file is " + std::to_string(bytes.size()) +
                                    " bytes, over the limit of " +
                                    std::to_string(bytes.size() - 1) + " (max_file_bytes)");

  // The largest section decides max_section_bytes.
  size_t largest = 0;
  for (size_t limit = 1; limit <= bytes.size(); ++limit) {
    if (read({.max_section_bytes = limit}).ok()) {
      largest = limit;
      break;
    }
  }
  REQUIRE(largest > 0);
  auto section = read({.max_section_bytes = largest - 1});
  REQUIRE(!section.ok());
  CHECK(section.error().kind == ErrorKind::BytecodeTooLarge);
  CHECK(section.error().message.find("(max_section_bytes)") != std::string::npos);

  // The decoded-memory budget: find the least that decodes, then one byte less fails.
  size_t low = 0, high = 1u << 24;
  while (low + 1 < high) {
    size_t mid = (low + high) / 2;
    (read({.max_decoded_bytes = mid}).ok() ? high : low) = mid;
  }
  CHECK(read({.max_decoded_bytes = high}).ok());
  auto decoded = read({.max_decoded_bytes = high - 1});
  REQUIRE(!decoded.ok());
  CHECK(decoded.error().kind == ErrorKind::BytecodeTooLarge);
  CHECK(decoded.error().message.find("`max_decoded_bytes`") != std::string::npos);
}

TEST_CASE("a hostile table count cannot make read allocate more than its budget") {
  // Many empty strings: 4 bytes each in the file, 32 in memory. The default budget holds;
  // a tight one refuses before allocating.
  Module module = SampleModule();
  module.strings.resize(100000);
  const std::vector<uint8_t> bytes = Write(module);
  CHECK(Read(bytes, "many.ccrb").ok());
  auto tight = Read(bytes, "many.ccrb", {.max_decoded_bytes = bytes.size()});
  REQUIRE(!tight.ok());
  CHECK(tight.error().kind == ErrorKind::BytecodeTooLarge);
}

TEST_CASE("read checks the section directory") {
  const std::vector<uint8_t> bytes = Write(SampleModule());
  auto damaged = [&](const std::function<void(std::vector<uint8_t>&)>& damage) {
    std::vector<uint8_t> copy = bytes;
    damage(copy);
    Reseal(copy);
    return ReadError(copy);
  };

  CHECK(damaged([](auto& b) { b.resize(internal::kHeaderSize + 2); }) ==
        Corrupt("truncated section directory"));
  CHECK(damaged([](auto& b) { PutU32(b, internal::kHeaderSize, 0x10000000); }) ==
        Corrupt("section directory of 268435456 entries runs past the end of the file"));
  CHECK(damaged([](auto& b) { PutU32(b, DirectoryEntry(3), 42); }) ==
        Corrupt("unknown section id 42"));
  CHECK(damaged([](auto& b) { PutU32(b, DirectoryEntry(3), 2); }) ==
        Corrupt("section `numbers` appears twice"));
  CHECK(damaged([](auto& b) { PutU32(b, DirectoryEntry(3), 5); }) ==
        Corrupt("section `enums` out of order (expected `schemes` at position 3)"));
  CHECK(damaged([&](auto& b) {
          // Drop the last directory entry and the last section, moving the others up.
          uint32_t last = internal::kSectionCount - 1;
          b.resize(SectionStart(bytes, last));
          b.erase(b.begin() + DirectoryEntry(last), b.begin() + DirectoryEntry(last + 1));
          PutU32(b, internal::kHeaderSize, last);
          for (uint32_t i = 0; i < last; ++i) {
            PutU32(b, DirectoryEntry(i) + 4, GetU32(b, DirectoryEntry(i) + 4) - 12);
          }
        }) ==
        Corrupt(std::string("missing section `") +
                internal::SectionName(internal::kSectionIds[internal::kSectionCount - 1]) + "`"));
  CHECK(damaged([](auto& b) { PutU32(b, DirectoryEntry(4) + 8, 0xFFFFFFF0u); }) ==
        Corrupt("section `enums` (offset " + std::to_string(SectionStart(bytes, 4)) +
                ", size 4294967280) runs past the end of the file (" +
                std::to_string(bytes.size()) + " bytes)"));
  CHECK(damaged([](auto& b) {
          PutU32(b, DirectoryEntry(4) + 4, GetU32(b, DirectoryEntry(4) + 4) - 1);
        }) == Corrupt("section `enums` at offset " + std::to_string(SectionStart(bytes, 4) - 1) +
                      " overlaps the bytes before it (which end at " +
                      std::to_string(SectionStart(bytes, 4)) + ")"));
  CHECK(damaged([](auto& b) {
          PutU32(b, DirectoryEntry(4) + 4, GetU32(b, DirectoryEntry(4) + 4) + 1);
        }) == Corrupt("1 unused bytes before section `enums`"));
  CHECK(damaged([](auto& b) {
          b.push_back(0);
          b.push_back(0);
        }) == Corrupt("2 trailing bytes after the last section"));
}

TEST_CASE("read checks every count and field against the section's bytes") {
  const std::vector<uint8_t> bytes = Write(SampleModule());
  auto damaged = [&](const std::function<void(std::vector<uint8_t>&)>& damage) {
    std::vector<uint8_t> copy = bytes;
    damage(copy);
    Reseal(copy);
    return ReadError(copy);
  };
  size_t strings = SectionStart(bytes, 0);
  size_t rules = SectionStart(bytes, 7);
  size_t rules_size = GetU32(bytes, DirectoryEntry(7) + 8);

  // A count of 2^32-1 strings would need at least 4 bytes each.
  std::string huge = damaged([&](auto& b) { PutU32(b, strings, 0xFFFFFFFFu); });
  CHECK(huge == Corrupt("count 4294967295 at file offset " + std::to_string(strings) +
                        " needs at least 17179869180 bytes but section `strings` has " +
                        std::to_string(GetU32(bytes, DirectoryEntry(0) + 8) - 4) + " left"));
  // The first string's length, far past the section.
  CHECK(damaged([&](auto& b) { PutU32(b, strings + 4, 100000); }) ==
        Corrupt("string of 100000 bytes at file offset " + std::to_string(strings + 4) +
                " runs past the end of section `strings`"));
  // The first rule's `has_from` byte (after name, because, source and location: 24 bytes).
  CHECK(damaged([&](auto& b) { b[rules + 4 + 24] = 2; }) ==
        Corrupt("bool byte 2 at file offset " + std::to_string(rules + 28) +
                " is not 0 or 1 (section `rules`)"));
  // One fewer rule than encoded: the last rule's bytes are left over.
  internal::SizeCounter counter;
  internal::Fields(counter, SampleModule().rules.back());
  size_t last_rule_size = counter.size();
  CHECK(damaged([&](auto& b) { PutU32(b, rules, 3); }) ==
        Corrupt(std::to_string(last_rule_size) + " unused bytes at the end of section `rules`"));
  // One more rule than encoded: either the count is already impossible, or the section ends
  // inside the extra rule.
  size_t left = rules_size - 4;
  std::string expected = 5 * internal::MinEncodedSize<Rule>() > left
                             ? Corrupt("count 5 at file offset " + std::to_string(rules))
                             : Corrupt("section `rules` ends inside a record");
  CHECK(damaged([&](auto& b) { PutU32(b, rules, 5); }).starts_with(expected));
}

TEST_CASE("read rejects a record cut short by its section's end") {
  Module m;
  m.strings = {"a"};
  std::vector<uint8_t> bytes = Write(m);
  // Shrink the strings section by one byte (and so the string "a" by its only byte): the
  // file stays consistent, only the record is short.
  size_t size_field = DirectoryEntry(0) + 8;
  PutU32(bytes, size_field, GetU32(bytes, size_field) - 1);
  size_t start = SectionStart(bytes, 0);
  bytes.erase(bytes.begin() + start + 8);  // the 'a'
  for (uint32_t i = 1; i < internal::kSectionCount; ++i) {
    PutU32(bytes, DirectoryEntry(i) + 4, GetU32(bytes, DirectoryEntry(i) + 4) - 1);
  }
  Reseal(bytes);
  CHECK(ReadError(bytes) ==
        Corrupt("string of 1 bytes at file offset " + std::to_string(start + 4) +
                " runs past the end of section `strings`"));
}

// ---- Robustness ----

TEST_CASE("no truncation of a valid image crashes read") {
  std::vector<uint8_t> bytes = Write(SampleModule());
  for (size_t size = 0; size < bytes.size(); ++size) {
    ReadVerifyDisassemble(std::span(bytes).first(size));
    // And with a fixed-up checksum, so the directory and sections are what fails.
    std::vector<uint8_t> resealed(bytes.begin(), bytes.begin() + size);
    Reseal(resealed);
    ReadVerifyDisassemble(resealed);
  }
}

TEST_CASE("no single-byte change of a valid image crashes read, verify or disassemble") {
  const std::vector<uint8_t> bytes = Write(SampleModule());
  int read_ok = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t flip : {0x01, 0x02, 0x10, 0x80, 0xFF}) {
      std::vector<uint8_t> copy = bytes;
      copy[i] ^= flip;
      CHECK_FALSE(Read(copy, kFile).ok());  // the checksum catches every single-byte change
      Reseal(copy);
      ReadVerifyDisassemble(copy);
      read_ok += Read(copy, kFile).ok();
    }
    for (uint8_t value : {0x00, 0x7F, 0xFE}) {
      std::vector<uint8_t> copy = bytes;
      copy[i] = value;
      Reseal(copy);
      ReadVerifyDisassemble(copy);
    }
  }
  CHECK(read_ok > 0);  // the loop reached the decoders and the verifier, not just the checks
}

TEST_CASE("random garbage never crashes read") {
  std::mt19937 random(20240801);
  const std::vector<uint8_t> valid = Write(SampleModule());
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> bytes(random() % 600);
    for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(random());
    ReadVerifyDisassemble(bytes);
    // A valid header and directory in front of the garbage gets it past the first checks.
    const size_t header_and_directory = 16 + 12 * internal::kSectionCount;
    if (bytes.size() > header_and_directory) {
      std::copy(valid.begin(), valid.begin() + header_and_directory, bytes.begin());
      Reseal(bytes);
      ReadVerifyDisassemble(bytes);
    }
    // A valid image with a burst of garbage somewhere in its sections.
    std::vector<uint8_t> burst = valid;
    size_t at = random() % burst.size();
    for (size_t i = at; i < std::min(burst.size(), at + 1 + random() % 8); ++i) {
      burst[i] = static_cast<uint8_t>(random());
    }
    Reseal(burst);
    ReadVerifyDisassemble(burst);
  }
}

TEST_CASE("random code never crashes the verifier or the disassembler") {
  std::mt19937 random(36);
  for (int round = 0; round < 3000; ++round) {
    Module m = SampleModule();
    std::vector<uint8_t>& code = m.code;
    size_t at = random() % code.size();
    for (size_t i = at; i < std::min(code.size(), at + 1 + random() % 6); ++i) {
      // Small bytes are opcodes and in-range operands, so many mutants decode.
      code[i] = static_cast<uint8_t>(random() % 3 == 0 ? random() : random() % 24);
    }
    CHECK_FALSE(Disassemble(m).empty());
    std::string error = VerifyError(m);
    bool clean = error == "<verified>" || error.starts_with(Corrupt(""));
    CHECK(clean);
  }
}

// ---- Disassembler ----

// The listing of SampleModule(): the format `ccrc disasm` prints.
constexpr std::string_view kSampleListing = R"listing(; ccr bytecode module
strings (55)
  0 "SAMR"
  1 "State Administration for Market Regulation"
  2 "国家市场监督管理总局"
  3 "CNCA"
  4 "Certification and Accreditation Administration of the PRC"
  5 "CCC"
  6 "China Compulsory Certification"
  7 "中国强制性产品认证"
  8 "market_access"
  9 "samr_cnca"
  10 "CQC_MARK"
  11 "CQC voluntary product certification"
  12 "market_signal"
  13 "Category"
  14 "laptop"
  15 "desktop_pc"
  16 "smartphone"
  17 "power_bank"
  18 "Radio"
  19 "wifi"
  20 "bluetooth"
  21 "cellular"
  22 "emits_radio"
  23 "Contains an intentional radio transmitter"
  24 "rated_voltage_v"
  25 "V"
  26 "category"
  27 "radio_technologies"
  28 "Transmitters \"present\""
  29 "model_name"
  30 "ccc_it_catalogue"
  31 "PROTO-2"
  32 "PROTO-3"
  33 "ccc_it"
  34 "rules/it.ccr"
  35 "cqc_radio"
  36 "Radio products carry the CQC mark"
  37 "CQC-C0901-2023"
  38 "exempt_prototypes"
  39 "PROTO-1"
  40 "ccc_power_bank"
  41 "seed laptop needs CCC"
  42 "ThinkPad X1"
  43 "0902"
  44 "Portable computer"
  45 "便携式计算机"
  46 "notebook"
  47 "0914"
  48 "Type test + factory inspection"
  49 "型式试验 + 工厂检查"
  50 "CNCA-C09-01:2019"
  51 "CCC mark"
  52 "SAMR Ann. 2023 No. 36"
  53 "CQC"
  54 "SESEC 2025"
numbers (3)
  0 36
  1 5
  2 0
authorities (2)
  0 SAMR "State Administration for Market Regulation" zh "国家市场监督管理总局"
  1 CNCA "Certification and Accreditation Administration of the PRC" under SAMR
schemes (2)
  0 CCC "China Compulsory Certification" zh "中国强制性产品认证" by CNCA with SAMR mandatory impact market_access mode samr_cnca
  1 CQC_MARK "CQC voluntary product certification" by CNCA voluntary on request impact market_signal
enums (2)
  0 Category { laptop, desktop_pc, smartphone, power_bank }
  1 Radio { wifi, bluetooth, cellular }
facts (5)
  0 emits_radio: bool "Contains an intentional radio transmitter"
  1 rated_voltage_v: number in V
  2 category: Category
  3 radio_technologies: set of Radio "Transmitters \"present\""
  4 model_name: string
sets (2)
  0 ccc_it_catalogue: Category = { laptop, desktop_pc }
  1 <inline>: string = { "PROTO-2", "PROTO-3" }
rules (4)
  rule 0 ccc_it at rules/it.ccr:3:1
    reads 0 category, 1 rated_voltage_v
    require CCC mandatory
    row CCC "0902"
    assessment certification
    code at 0, 28 bytes
        0  load_fact 0 ; category
        5  in_set 0 ; ccc_it_catalogue
       10  jump_if_false 27
       15  load_fact 1 ; rated_voltage_v
       20  push_number 0 ; 36
       25  gt
       26  and
       27  return
  rule 1 cqc_radio at rules/it.ccr:10:1
    because "Radio products carry the CQC mark"
    source "CQC-C0901-2023"
    effective from 2024-08-01 until 2030-01-01
    reads 0 emits_radio, 1 radio_technologies, 2 model_name
    require CQC_MARK voluntary
    code at 28, 38 bytes
        0  load_fact 0 ; emits_radio
        5  jump_if_true 37
       10  load_fact 1 ; radio_technologies
       15  push_enum 1 0 ; Radio.wifi
       24  has
       25  or
       26  jump_if_true 37
       31  known 2 ; model_name
       36  or
       37  return
  rule 2 exempt_prototypes at rules/it.ccr:20:3
    reads 0 model_name, 1 category
    exempt CCC
    code at 66, 40 bytes
        0  load_fact 0 ; model_name
        5  push_string 39 ; "PROTO-1"
       10  eq
       11  load_fact 0 ; model_name
       16  in_set 1 ; { "PROTO-2", "PROTO-3" }
       21  or
       22  load_fact 1 ; category
       27  push_enum 0 2 ; Category.smartphone
       36  eq
       37  not
       38  and
       39  return
  rule 3 ccc_power_bank at rules/it.ccr:30:1
    effective from 2024-08-01
    reads 0 category, 1 emits_radio, 2 rated_voltage_v
    require CCC mandatory
    require CQC_MARK voluntary
    code at 106, 65 bytes
        0  load_fact 0 ; category
        5  push_enum 0 3 ; Category.power_bank
       14  eq
       15  load_fact 1 ; emits_radio
       20  push_true
       21  ne
       22  and
       23  load_fact 2 ; rated_voltage_v
       28  push_number 1 ; 5
       33  ge
       34  and
       35  load_fact 2 ; rated_voltage_v
       40  push_number 0 ; 36
       45  le
       46  and
       47  load_fact 2 ; rated_voltage_v
       52  push_number 2 ; 0
       57  lt
       58  not
       59  and
       60  push_false
       61  push_false
       62  eq
       63  and
       64  return
tests (1)
  test 0 "seed laptop needs CCC" at rules/it.ccr:40:1
    as of 2025-06-01
    given category = laptop
    given rated_voltage_v = 220
    given radio_technologies = { wifi, bluetooth }
    given emits_radio = true
    given model_name = "ThinkPad X1"
    expect CCC required mandatory at rules/it.ccr:47:3
    expect CQC_MARK required voluntary at rules/it.ccr:48:3
entries (2)
  0 laptop: Category "Portable computer" zh "便携式计算机"
    aka "notebook"
    code CCC "0902"
  1 power_bank: Category
    code CCC "0914"
layouts (0)
steps (3)
  0 CCC route "Type test + factory inspection" zh "型式试验 + 工厂检查" source "CNCA-C09-01:2019"
  1 CCC marking "CCC mark" source "SAMR Ann. 2023 No. 36"
  2 CQC_MARK body "CQC" source "SESEC 2025"
defaults (0)
)listing";

TEST_CASE("disassembly of the sample module") {
  CHECK(Disassemble(SampleModule()) == kSampleListing);
}

TEST_CASE("disassembly names every opcode of the sample module") {
  std::string listing = Disassemble(SampleModule());
  for (int op = 0; op < OpcodeCount(); ++op) {
    std::string mnemonic = Info(static_cast<Opcode>(op)).mnemonic;
    bool listed = listing.find("  " + mnemonic + "\n") != std::string::npos ||
                  listing.find("  " + mnemonic + " ") != std::string::npos;
    CHECK_MESSAGE(listed, mnemonic);
  }
}

TEST_CASE("disassembly of a broken module prints bad references") {
  Module m = SampleModule();
  m.rules[0].reads = {77};
  m.rules[0].actions[0].scheme = 9;
  m.schemes[kCcc].authority = kNone;
  m.sets[kCccItCatalogue].members.push_back(40);
  m.facts[kEmitsRadio].type.kind = static_cast<TypeKind>(9);
  m.rules[1].code_size = 2;
  m.code[m.rules[2].code_offset] = 0xEE;
  m.rules[3].code_offset = 0xFFFFFFFFu;
  m.tests[0].given[0].index = 12;
  m.tests[0].expectations[0].outcome = static_cast<Outcome>(40);
  std::string listing = Disassemble(m);
  CHECK(listing.find("    reads 0 <bad 77>\n") != std::string::npos);
  CHECK(listing.find("load_fact 0 ; <bad 77>\n") != std::string::npos);
  CHECK(listing.find("    require <bad 9> mandatory\n") != std::string::npos);
  CHECK(listing.find(" by <none> with SAMR mandatory") != std::string::npos);
  CHECK(listing.find("= { laptop, desktop_pc, <bad 40> }") != std::string::npos);
  CHECK(listing.find("  0 emits_radio: <bad kind 9>") != std::string::npos);
  CHECK(listing.find("<truncated load_fact>") != std::string::npos);
  CHECK(listing.find("<bad opcode 238>") != std::string::npos);
  CHECK(listing.find("code at 4294967295, 65 bytes <bad range: the code section has 171 "
                     "bytes>") != std::string::npos);
  CHECK(listing.find("given category = <bad 12>") != std::string::npos);
  CHECK(listing.find("expect CCC <bad outcome 40>") != std::string::npos);
}

}  // namespace ccr::bytecode
