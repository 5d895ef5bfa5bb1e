// The byte layout of every .ccrb record, written down once. The writer, the reader and the
// minimum-record-size computation all walk these same Fields() functions with different `io`
// objects, so the three cannot drift apart (docs/bytecode.md describes the result).
//
// An `io` provides, for a field `f` of the named type (const for the writer):
//   U8(uint8_t)  U32(uint32_t)  I32(int32_t)  F64(double)  Bool(bool)
//   Byte(enum class with uint8_t underlying type)  String(std::string)  Vector(std::vector<T>)
// Vector writes a u32 count followed by Fields() of each element.
#pragma once

#include <concepts>
#include <cstdint>
#include <iterator>
#include <string>
#include <type_traits>
#include <vector>

#include "runtime/base/date.h"
#include "runtime/bytecode/module.h"

namespace ccr::bytecode::internal {

// Header: magic[4], u16 format version, u16 reserved (zero), u32 CRC-32 of every later byte.
inline constexpr size_t kVersionOffset = 4;
inline constexpr size_t kReservedOffset = 6;
inline constexpr size_t kChecksumOffset = 8;
inline constexpr size_t kHeaderSize = 12;
// Directory, right after the header: u32 section count, then per section u32 id, u32 offset
// (from the start of the file), u32 size.
inline constexpr size_t kDirectoryEntrySize = 12;

enum class SectionId : uint32_t {
#define SECTION(name, id, text, member) name = id,
#include "runtime/bytecode/internal/sections.def"
#undef SECTION
};

// Section ids in the order a file holds them.
inline constexpr uint32_t kSectionIds[] = {
#define SECTION(name, id, text, member) id,
#include "runtime/bytecode/internal/sections.def"
#undef SECTION
};
inline constexpr uint32_t kSectionCount = std::size(kSectionIds);

// Returns the section's name for messages, or nullptr when `id` is not a section id.
inline const char* SectionName(uint32_t section_id) {
  switch (section_id) {
#define SECTION(name, id, text, member) \
  case id:                              \
    return text;
#include "runtime/bytecode/internal/sections.def"
#undef SECTION
  }
  return nullptr;
}

// Calls `visit(id, table)` for each section in file order; `module` may be const.
template <typename M, typename Visit>
requires std::same_as<std::remove_const_t<M>, Module>
void ForEachSection(M& module, Visit&& visit) {
#define SECTION(name, id, text, member) visit(SectionId::name, module.member);
#include "runtime/bytecode/internal/sections.def"
#undef SECTION
}

// `T` is `Base` or `const Base`: one Fields() serves both the writer and the reader.
template <typename T, typename Base>
concept Is = std::same_as<std::remove_const_t<T>, Base>;

// ---- Table elements that are plain values ----

template <typename Io, Is<uint8_t> T>
void Fields(Io& io, T& value) {
  io.U8(value);
}

template <typename Io, Is<uint32_t> T>
void Fields(Io& io, T& value) {
  io.U32(value);
}

template <typename Io, Is<double> T>
void Fields(Io& io, T& value) {
  io.F64(value);
}

template <typename Io, Is<std::string> T>
void Fields(Io& io, T& value) {
  io.String(value);
}

// ---- Records, fields in file order ----

template <typename Io, Is<Date> T>
void Fields(Io& io, T& date) {
  io.I32(date.days);
}

template <typename Io, Is<Type> T>
void Fields(Io& io, T& type) {
  io.Byte(type.kind);
  io.U32(type.enum_index);
}

template <typename Io, Is<SourceLocation> T>
void Fields(Io& io, T& location) {
  io.U32(location.file);
  io.U32(location.line);
  io.U32(location.column);
}

template <typename Io, Is<Authority> T>
void Fields(Io& io, T& authority) {
  io.U32(authority.id);
  io.U32(authority.name);
  io.U32(authority.zh_name);
  io.U32(authority.parent);
}

template <typename Io, Is<SchemeStep> T>
void Fields(Io& io, T& step) {
  io.U32(step.scheme);
  io.Byte(step.kind);
  io.U32(step.text);
  io.U32(step.zh_text);
  io.U32(step.source);
}

template <typename Io, Is<Scheme> T>
void Fields(Io& io, T& scheme) {
  io.U32(scheme.id);
  io.U32(scheme.name);
  io.U32(scheme.zh_name);
  io.U32(scheme.authority);
  io.Vector(scheme.partners);
  io.Byte(scheme.level);
  io.Bool(scheme.on_request);
  io.U32(scheme.impact);
  io.U32(scheme.mode);
}

template <typename Io, Is<Component> T>
void Fields(Io& io, T& component) {
  io.U32(component.id);
  io.U32(component.name);
  io.U32(component.zh_name);
}

template <typename Io, Is<Enum> T>
void Fields(Io& io, T& enumeration) {
  io.U32(enumeration.name);
  io.Vector(enumeration.values);
}

template <typename Io, Is<Fact> T>
void Fields(Io& io, T& fact) {
  io.U32(fact.name);
  Fields(io, fact.type);
  io.U32(fact.unit);
  io.U32(fact.doc);
}

template <typename Io, Is<ValueSet> T>
void Fields(Io& io, T& set) {
  io.U32(set.name);
  Fields(io, set.element);
  io.Vector(set.members);
}

template <typename Io, Is<Action> T>
void Fields(Io& io, T& action) {
  io.Byte(action.kind);
  io.U32(action.scheme);
  io.Byte(action.level);
  io.U32(action.component);
}

template <typename Io, Is<CatalogueCode> T>
void Fields(Io& io, T& code) {
  io.U32(code.scheme);
  io.U32(code.code);
}

template <typename Io, Is<Entry> T>
void Fields(Io& io, T& entry) {
  io.U32(entry.enum_index);
  io.U32(entry.value);
  io.U32(entry.name);
  io.U32(entry.zh_name);
  io.Vector(entry.akas);
  io.Vector(entry.codes);
}

template <typename Io, Is<Rule> T>
void Fields(Io& io, T& rule) {
  io.U32(rule.name);
  io.U32(rule.because);
  io.U32(rule.source);
  Fields(io, rule.location);
  io.Bool(rule.has_from);
  Fields(io, rule.from);
  io.Bool(rule.has_until);
  Fields(io, rule.until);
  io.Vector(rule.reads);
  io.U32(rule.code_offset);
  io.U32(rule.code_size);
  io.Vector(rule.actions);
  io.Vector(rule.rows);
  io.Byte(rule.assessment);
}

// Every field is stored whatever the kind, so a round trip is exact and the layout is fixed.
template <typename Io, Is<Literal> T>
void Fields(Io& io, T& literal) {
  io.U32(literal.fact);
  io.Byte(literal.kind);
  io.Bool(literal.boolean);
  io.F64(literal.number);
  io.U32(literal.index);
  io.Vector(literal.members);
}

template <typename Io, Is<Expectation> T>
void Fields(Io& io, T& expectation) {
  io.U32(expectation.scheme);
  io.U32(expectation.component);
  io.Byte(expectation.outcome);
  Fields(io, expectation.location);
}

template <typename Io, Is<Test> T>
void Fields(Io& io, T& test) {
  io.U32(test.name);
  Fields(io, test.location);
  io.Bool(test.has_as_of);
  Fields(io, test.as_of);
  io.Vector(test.given);
  io.Vector(test.expectations);
  io.Vector(test.violations);
}

template <typename Io, Is<Constraint> T>
void Fields(Io& io, T& constraint) {
  io.U32(constraint.name);
  io.U32(constraint.because);
  io.U32(constraint.source);
  Fields(io, constraint.location);
  io.Vector(constraint.reads);
  io.U32(constraint.code_offset);
  io.U32(constraint.code_size);
}

template <typename Io, Is<Synonym> T>
void Fields(Io& io, T& synonym) {
  io.U32(synonym.text);
  io.U32(synonym.value);
}

template <typename Io, Is<LayoutColumn> T>
void Fields(Io& io, T& column) {
  io.U32(column.header);
  io.U32(column.fact);
  io.F64(column.scale);
  io.U32(column.separator);
  io.Vector(column.synonyms);
}

template <typename Io, Is<Layout> T>
void Fields(Io& io, T& layout) {
  io.U32(layout.name);
  io.Vector(layout.columns);
  io.Vector(layout.ignored);
}

// Counts the bytes Fields() would write. On a default record (every vector empty) that is the
// smallest encoding of the type, which the reader uses to bound counts before allocating.
class SizeCounter {
 public:
  size_t size() const { return size_; }

  void U8(uint8_t) { size_ += 1; }
  void U32(uint32_t) { size_ += 4; }
  void I32(int32_t) { size_ += 4; }
  void F64(double) { size_ += 8; }
  void Bool(bool) { size_ += 1; }
  template <typename E>
  void Byte(E) {
    size_ += 1;
  }
  void String(const std::string& value) { size_ += 4 + value.size(); }
  template <typename T>
  void Vector(const std::vector<T>& values) {
    size_ += 4;
    for (const T& value : values) Fields(*this, value);
  }

 private:
  size_t size_ = 0;
};

// Returns the fewest bytes any encoded `T` takes (always at least 1).
template <typename T>
size_t MinEncodedSize() {
  static const size_t kSize = [] {
    SizeCounter counter;
    const T value{};
    Fields(counter, value);
    return counter.size();
  }();
  return kSize;
}

}  // namespace ccr::bytecode::internal
