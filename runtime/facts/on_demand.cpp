// The binder's fast path (internal/on_demand.h): simdjson On-Demand reads each value once,
// straight into the product, where the DOM path first builds a tape of the whole object and
// then walks it. On-Demand reads forward only and validates only what it reads, so this binder
// reads every value it meets in full (an undeclared key's too) and gives up, for the DOM path
// to redo the object, on whatever it does not bind exactly as the DOM path would:
// - a key given twice, `--strict`'s refused keys, an undeclared key whose value is an array or
//   an object;
// - a value of the wrong type, an enum value the enum lacks, a number the DOM refuses (a big
//   integer) or a JSON error of any kind, trailing content included;
// - a layout column whose cell conversion reports a problem.
// A key without escapes is looked up by its bytes in the line (PlainKey); one with escapes is
// unescaped first, as the DOM path does with every key.
// What it accepts it binds with the same conversions: numbers through simdjson's one number
// parser as the DOM's get_double does (integers converted from int64/uint64), strings
// unescaped, the warnings from the same UndeclaredMessage, layout cells through BindCell.
#include "runtime/facts/internal/on_demand.h"

#include <simdjson.h>

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ccr::facts::internal {

namespace {

namespace ondemand = simdjson::ondemand;
using bytecode::TypeKind;
using simdjson::SUCCESS;

class OnDemandBinder {
 public:
  OnDemandBinder(const BindTables& tables, const BindOptions& options, std::string_view where,
                 Product& product, std::vector<uint8_t>& seen)
      : tables_(tables),
        options_(options),
        module_(*tables.module),
        where_(where),
        product_(product),
        seen_(seen) {}

  // Binds every member of `object`; false to give up.
  bool Object(ondemand::object object) {
    for (auto field : object) {
      ondemand::raw_json_string raw;
      std::string_view key;
      ondemand::value value;
      if (field.key().get(raw) != SUCCESS ||
          (!PlainKey(raw.raw(), key) && field.unescaped_key().get(key) != SUCCESS) ||
          field.value().get(value) != SUCCESS || !Member(key, value)) {
        return false;
      }
    }
    return true;
  }

  // A key without a backslash is its own text: its bytes up to the closing quote, compared
  // where they are instead of copied into simdjson's string buffer (stage 1 has validated the
  // whole line's UTF-8 and found where each string ends). Sets `key` and returns true for such
  // a key (`start` is just past its opening quote); false for one to unescape. Reads a block
  // at a time, past the key's end: a key ends before the line, and the line is followed by
  // SIMDJSON_PADDING bytes (BindOnDemand).
  static bool PlainKey(const char* start, std::string_view& key) {
    for (const char* block = start;; block += kKeyBlock) {
      const uint32_t found = QuotesOrBackslashes(block);
      if (found == 0) continue;
      const char* end = block + std::countr_zero(found);
      if (*end != '"') return false;
      key = std::string_view(start, static_cast<size_t>(end - start));
      return true;
    }
  }

#if defined(__SSE2__)
  // Bit i set if block[i] is a quote or a backslash: 16 bytes in a few instructions (SSE2 is
  // part of x86-64; simdjson's unescaping, which this replaces, is a call into its library).
  static constexpr size_t kKeyBlock = 16;
  static uint32_t QuotesOrBackslashes(const char* block) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block));
    const __m128i either = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                        _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\')));
    return static_cast<uint32_t>(_mm_movemask_epi8(either));
  }
#else
  // Elsewhere a byte at a time (simple; x86-64 has SSE2).
  static constexpr size_t kKeyBlock = 1;
  static uint32_t QuotesOrBackslashes(const char* block) {
    return *block == '"' || *block == '\\' ? 1 : 0;
  }
#endif

 private:
  bool Member(std::string_view key, ondemand::value value) {
    if (!tables_.layout_columns.empty()) {
      if (uint32_t mapped = tables_.layout_by_header.Find(key); mapped != NameIndex::kNotFound) {
        return MappedMember(tables_.layout_columns[mapped], value);
      }
    }
    if (key == "product") return Name(value);
    uint32_t fact = tables_.fact_by_name.Find(key);
    if (fact == NameIndex::kNotFound) return UndeclaredMember(key, value);
    return FactMember(fact, value);
  }

  bool FactMember(uint32_t fact, ondemand::value value) {
    if (seen_[fact]) return false;
    seen_[fact] = 1;
    ondemand::json_type type;
    if (value.type().get(type) != SUCCESS) return false;
    if (type == ondemand::json_type::null) return IsNull(value);  // unknown, as if absent
    return BindValue(fact, type, value);
  }

  // As ObjectBinder::MappedMember: a string through the layout's cell conversions, a number
  // scaled to the fact's unit, anything else as under the fact's own name.
  bool MappedMember(const Column& column, ondemand::value value) {
    switch (column.kind) {
      case Column::Kind::Ignored:
        return SkipScalar(value);
      case Column::Kind::Product:
        return Name(value);
      case Column::Kind::Undeclared:  // not made from a layout
        return false;
      case Column::Kind::Fact:
        break;
    }
    if (seen_[column.fact]) return false;
    seen_[column.fact] = 1;
    ondemand::json_type type;
    if (value.type().get(type) != SUCCESS) return false;
    if (type == ondemand::json_type::null) return IsNull(value);
    if (type == ondemand::json_type::string) {
      std::string_view text;
      if (value.get_string().get(text) != SUCCESS) return false;
      std::vector<std::string> errors;
      BindCell(tables_, column, text, where_, product_, errors);
      return errors.empty();
    }
    if (!BindValue(column.fact, type, value)) return false;
    if (module_.facts[column.fact].type.kind == TypeKind::Number) {
      product_.values[column.fact].number *= column.scale;
    }
    return true;
  }

  bool Name(ondemand::value value) {
    if (name_seen_) return false;
    name_seen_ = true;
    ondemand::json_type type;
    if (value.type().get(type) != SUCCESS) return false;
    if (type == ondemand::json_type::null) return IsNull(value);
    std::string_view name;
    if (value.get_string().get(name) != SUCCESS) return false;
    product_.name = name;
    return true;
  }

  bool UndeclaredMember(std::string_view key, ondemand::value value) {
    if (options_.undeclared == Undeclared::Refuse) return false;
    // The key views the line (or, if it had escapes, the parser's string buffer, which later
    // keys do not overwrite).
    if (!SkipScalar(value)) return false;
    if (options_.undeclared == Undeclared::WarnEach) {
      product_.warnings.push_back(UndeclaredMessage(module_, key, where_, "ignored"));
    }
    product_.undeclared.emplace_back(key);
    return true;
  }

  // Reads a value that binds nothing, so that it is validated as the DOM validates it.
  static bool SkipScalar(ondemand::value value) {
    ondemand::json_type type;
    if (value.type().get(type) != SUCCESS) return false;
    switch (type) {
      case ondemand::json_type::null:
        return IsNull(value);
      case ondemand::json_type::boolean: {
        bool boolean;
        return value.get_bool().get(boolean) == SUCCESS;
      }
      case ondemand::json_type::number: {
        ondemand::number number;
        return value.get_number().get(number) == SUCCESS;
      }
      case ondemand::json_type::string: {
        std::string_view text;
        return value.get_string().get(text) == SUCCESS;
      }
      case ondemand::json_type::array:
      case ondemand::json_type::object:
        return false;
    }
    return false;
  }

  // Reads a value that starts like `null`: true only if it is exactly the literal.
  static bool IsNull(ondemand::value value) {
    bool is_null = false;
    return value.is_null().get(is_null) == SUCCESS && is_null;
  }

  // The DOM's element::get_double: integers as int64 or uint64, then converted; a number
  // simdjson cannot hold (a big integer) is an error.
  static bool Number(ondemand::value value, double& out) {
    ondemand::number number;
    if (value.get_number().get(number) != SUCCESS) return false;
    out = number.as_double();
    return true;
  }

  bool BindValue(uint32_t fact, ondemand::json_type type, ondemand::value json) {
    const bytecode::Fact& declared = module_.facts[fact];
    Value& value = product_.values[fact];
    switch (declared.type.kind) {
      case TypeKind::Bool:
        if (type != ondemand::json_type::boolean || json.get_bool().get(value.boolean) != SUCCESS) {
          return false;
        }
        break;
      case TypeKind::Number:
        if (type != ondemand::json_type::number || !Number(json, value.number)) return false;
        break;
      case TypeKind::String: {
        std::string_view text;
        if (type != ondemand::json_type::string || json.get_string().get(text) != SUCCESS) {
          return false;
        }
        value.text = text;
        uint32_t index = tables_.string_index.Find(text);
        value.index = index == NameIndex::kNotFound ? bytecode::kNone : index;
        break;
      }
      case TypeKind::Enum: {
        std::string_view name;
        if (type != ondemand::json_type::string || json.get_string().get(name) != SUCCESS) {
          return false;
        }
        uint32_t index = tables_.enum_values[declared.type.enum_index].Find(name);
        if (index == NameIndex::kNotFound) return false;
        value.index = index;
        break;
      }
      case TypeKind::EnumSet: {
        ondemand::array array;
        if (type != ondemand::json_type::array || json.get_array().get(array) != SUCCESS) {
          return false;
        }
        const NameIndex& values = tables_.enum_values[declared.type.enum_index];
        uint64_t bits = 0;
        for (auto element : array) {
          std::string_view name;
          if (element.get_string().get(name) != SUCCESS) return false;
          uint32_t index = values.Find(name);
          if (index == NameIndex::kNotFound) return false;
          bits |= uint64_t{1} << index;  // verified: set-valued enums have at most 64 values
        }
        value.bits = bits;
        break;
      }
    }
    value.known = true;
    return true;
  }

  const BindTables& tables_;
  const BindOptions& options_;
  const bytecode::Module& module_;
  std::string_view where_;
  Product& product_;
  std::vector<uint8_t>& seen_;
  bool name_seen_ = false;
};

}  // namespace

bool BindOnDemand(const BindTables& tables, const BindOptions& options, std::string_view json,
                  std::string_view where, BindScratch& scratch, Product& product) {
  // On-Demand reads up to SIMDJSON_PADDING bytes past the end; the caller's buffer may end
  // anywhere, so the line is copied (as the DOM parser copies it too).
  size_t capacity = json.size() + simdjson::SIMDJSON_PADDING;
  if (scratch.padded.size() < capacity) scratch.padded.resize(capacity);
  std::memcpy(scratch.padded.data(), json.data(), json.size());
  std::memset(scratch.padded.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);

  ondemand::document document;
  ondemand::object object;
  if (scratch.on_demand.iterate(scratch.padded.data(), json.size(), capacity).get(document) !=
          SUCCESS ||
      document.get_object().get(object) != SUCCESS) {
    return false;
  }
  OnDemandBinder binder(tables, options, where, product, scratch.seen);
  if (!binder.Object(object)) return false;
  // Nothing may follow the object: On-Demand checks only that the input ends with `}`.
  const char* location = nullptr;
  return document.current_location().get(location) == simdjson::OUT_OF_BOUNDS;
}

}  // namespace ccr::facts::internal
