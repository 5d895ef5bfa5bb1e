#include "runtime/facts/facts.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "runtime/base/byte_order_mark.h"
#include "runtime/base/inert_text.h"
#include "runtime/base/name_index.h"
#include "runtime/base/suggest.h"
#include "runtime/catalog/catalog.h"
#include "runtime/facts/internal/on_demand.h"
#include "runtime/facts/internal/tables.h"

namespace ccr::facts {

using bytecode::kNone;
using bytecode::Module;
using bytecode::TypeKind;

namespace {

using internal::BindTables;

}  // namespace

namespace internal {

std::shared_ptr<const BindTables> BuildTables(const Module& module, uint32_t layout_index) {
  auto tables = std::make_shared<BindTables>();
  tables->module = &module;
  const auto& strings = module.strings;
  for (uint32_t i = 0; i < strings.size(); ++i) tables->string_index.Insert(strings[i], i);
  for (uint32_t i = 0; i < module.facts.size(); ++i) {
    tables->fact_by_name.Insert(strings[module.facts[i].name], i);
  }
  tables->enum_values.resize(module.enums.size());
  for (size_t e = 0; e < module.enums.size(); ++e) {
    const auto& values = module.enums[e].values;
    for (uint32_t v = 0; v < values.size(); ++v) {
      tables->enum_values[e].Insert(strings[values[v]], v);
    }
  }
  if (layout_index == kNone) return tables;
  const bytecode::Layout& layout = module.layouts[layout_index];
  for (const bytecode::LayoutColumn& mapped : layout.columns) {
    Column column;
    column.kind = mapped.fact == kNone ? Column::Kind::Product : Column::Kind::Fact;
    column.fact = mapped.fact;
    column.header = strings[mapped.header];
    column.scale = mapped.scale;
    if (mapped.separator != kNone) column.separator = strings[mapped.separator];
    for (const bytecode::Synonym& synonym : mapped.synonyms) {
      column.synonyms.emplace_back(strings[synonym.text], synonym.value);
    }
    tables->layout_columns.push_back(std::move(column));
  }
  for (uint32_t ignored : layout.ignored) {
    Column column;
    column.kind = Column::Kind::Ignored;
    column.header = strings[ignored];
    tables->layout_columns.push_back(std::move(column));
  }
  // Verified: headers are unique within a layout. Keys view the module's strings.
  for (uint32_t i = 0; i < layout.columns.size(); ++i) {
    tables->layout_by_header.Insert(strings[layout.columns[i].header], i);
  }
  for (uint32_t i = 0; i < layout.ignored.size(); ++i) {
    tables->layout_by_header.Insert(strings[layout.ignored[i]],
                                    static_cast<uint32_t>(layout.columns.size()) + i);
  }
  return tables;
}

// Quotes `text` for a message: inert (runtime/base/inert_text.h), a quote or backslash
// escaped, long texts shortened, so one problem stays on one line and cannot act on a terminal.
std::string Quote(std::string_view text) {
  constexpr size_t kMaxQuoted = 40;
  std::string out = "\"";
  size_t end = 0, count = 0;
  while (end < text.size() && count < kMaxQuoted) {
    size_t length = Utf8Length(text, end);
    end += length > 0 ? length : 1;
    ++count;
  }
  size_t run = 0;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] != '"' && text[i] != '\\') continue;
    AppendInert(out, text.substr(run, i - run));
    out += '\\';
    out += text[i];
    run = i + 1;
  }
  AppendInert(out, text.substr(run, end - run));
  if (end < text.size()) out += "...";
  out += '"';
  return out;
}

std::string EnumCandidates(const Module& module, uint32_t enum_index, std::string_view name) {
  // Ranked by names, synonyms and catalogue codes first, then spelling (runtime/catalog).
  if (std::vector<uint32_t> close = catalog::RankValues(module, enum_index, name, 1);
      !close.empty()) {
    return fmt::format("; did you mean {}?",
                       catalog::DescribeValue(module, enum_index, close.front()));
  }
  std::vector<std::string_view> candidates;
  for (uint32_t v : module.enums[enum_index].values) candidates.push_back(module.strings[v]);
  constexpr size_t kMaxListed = 8;
  std::string message = "; expected one of ";
  for (size_t i = 0; i < candidates.size() && i < kMaxListed; ++i) {
    if (i > 0) message += ", ";
    message += fmt::format("`{}`", candidates[i]);
  }
  if (candidates.size() > kMaxListed) {
    message += fmt::format(" (and {} more)", candidates.size() - kMaxListed);
  }
  return message;
}

}  // namespace internal

namespace {

using internal::Quote;

// Describes a JSON value for "got ..." in a message.
std::string Describe(simdjson::dom::element value) {
  using simdjson::dom::element_type;
  switch (value.type()) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
      return fmt::format("number {}", value.get_int64().value_unsafe());
    case element_type::UINT64:
      return fmt::format("number {}", value.get_uint64().value_unsafe());
    case element_type::DOUBLE:
      return fmt::format("number {}", value.get_double().value_unsafe());
    case element_type::STRING:
      return "string " + Quote(value.get_string().value_unsafe());
    case element_type::BOOL:
      return value.get_bool().value_unsafe() ? "true" : "false";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "a JSON value";
}

std::string EnumTypeName(const Module& module, uint32_t enum_index) {
  const auto& e = module.enums[enum_index];
  if (e.name != kNone) return module.strings[e.name];
  std::string out = "enum { ";
  for (size_t i = 0; i < e.values.size(); ++i) {
    if (i > 0) out += ", ";
    out += module.strings[e.values[i]];
  }
  return out + " }";
}

// Finds the position of the first syntax error with nlohmann::json (simdjson reports none).
// Returns an empty string if nlohmann accepts the text.
class ErrorLocator : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    failed = true;
    byte = position;
    what = ex.what();
    return false;
  }

  bool failed = false;
  size_t byte = 0;  // 1-based index of the offending byte
  std::string what;
};

std::string MalformedMessage(std::string_view json, std::string_view where,
                             simdjson::error_code code) {
  ErrorLocator locator;
  nlohmann::json::sax_parse(json.begin(), json.end(), &locator);
  if (!locator.failed) {
    return fmt::format("{}: malformed JSON: {}", where, simdjson::error_message(code));
  }
  // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
  // "[json.exception.out_of_range.406] number overflow parsing '1e400'"
  std::string_view detail = locator.what;
  std::string overflow;
  if (size_t at = detail.find("parse error"); at != std::string_view::npos) {
    if (size_t colon = detail.find(": ", at); colon != std::string_view::npos) {
      detail = detail.substr(colon + 2);
    }
  } else if (size_t at = detail.find("number overflow parsing '"); at != std::string_view::npos) {
    std::string_view number = detail.substr(at + 25);
    number = number.substr(0, number.find('\''));
    overflow = fmt::format("the number {} is too large (numbers must fit a double, about 1.8e308)",
                           number);
    detail = overflow;
  } else if (size_t close = detail.find("] "); close != std::string_view::npos) {
    detail = detail.substr(close + 2);
  }
  std::string clean = Inert(detail);
  size_t offset = std::min(locator.byte > 0 ? locator.byte - 1 : 0, json.size());
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (json[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  size_t column = offset - line_start + 1;
  size_t first_newline = json.find('\n');
  if (first_newline == std::string_view::npos || first_newline == json.size() - 1) {
    // One line, such as a JSON Lines record whose `where` already names the line.
    return fmt::format("{}: malformed JSON at column {}: {}", where, column, clean);
  }
  return fmt::format("{}: malformed JSON at line {}, column {}: {}", where, line, column, clean);
}

// Binds one object's members; appends problems to `errors`.
class ObjectBinder {
 public:
  ObjectBinder(const BindTables& tables, const BindOptions& options, std::string_view where,
               Product& product, std::vector<uint8_t>& seen, std::vector<std::string>& errors)
      : tables_(tables),
        options_(options),
        module_(*tables.module),
        where_(where),
        product_(product),
        seen_(seen),
        errors_(errors) {}

  void Member(std::string_view key, simdjson::dom::element value) {
    if (!tables_.layout_columns.empty()) {
      if (uint32_t mapped = tables_.layout_by_header.Find(key); mapped != NameIndex::kNotFound) {
        MappedMember(tables_.layout_columns[mapped], value);
        return;
      }
    }
    if (key == "product") {
      BindName(value);
      return;
    }
    uint32_t fact = tables_.fact_by_name.Find(key);
    if (fact == NameIndex::kNotFound) {
      WarnUndeclared(key);
      return;
    }
    if (seen_[fact]) {
      Fail(fmt::format("fact `{}` is given twice; give each fact once", key));
      return;
    }
    seen_[fact] = 1;
    if (value.is_null()) return;  // unknown, as if absent
    BindValue(fact, value);
  }

 private:
  void Fail(std::string message) { errors_.push_back(fmt::format("{}: {}", where_, message)); }

  // A key the input layout maps: a string goes through the layout's conversions (synonyms,
  // separator, text to number or bool) as a table cell would; a JSON number is scaled to the
  // fact's unit; anything else binds as under the fact's own name.
  void MappedMember(const Column& column, simdjson::dom::element value) {
    if (column.kind == Column::Kind::Ignored) return;
    if (column.kind == Column::Kind::Product) {
      BindName(value);
      return;
    }
    if (seen_[column.fact]) {
      Fail(fmt::format("fact `{}` is given twice (key `{}`); give each fact once",
                       module_.strings[module_.facts[column.fact].name], Inert(column.header)));
      return;
    }
    seen_[column.fact] = 1;
    if (value.is_null()) return;
    std::string_view text;
    if (value.get_string().get(text) == simdjson::SUCCESS) {
      internal::BindCell(tables_, column, text, where_, product_, errors_);
      return;
    }
    BindValue(column.fact, value);
    Value& bound = product_.values[column.fact];
    if (bound.known && module_.facts[column.fact].type.kind == TypeKind::Number) {
      bound.number *= column.scale;
    }
  }

  void BindName(simdjson::dom::element value) {
    if (name_seen_) {
      Fail("`product` is given twice; give the product's name once");
      return;
    }
    name_seen_ = true;
    if (value.is_null()) return;
    std::string_view name;
    if (value.get_string().get(name) != simdjson::SUCCESS) {
      Fail(fmt::format("`product` must be a string naming the product, got {}", Describe(value)));
      return;
    }
    product_.name = name;
  }

  void WarnUndeclared(std::string_view key) {
    switch (options_.undeclared) {
      case Undeclared::WarnEach:
        product_.warnings.push_back(UndeclaredMessage(module_, key, where_, "ignored"));
        break;
      case Undeclared::Collect:
        break;
      case Undeclared::Refuse:
        errors_.push_back(UndeclaredMessage(module_, key, where_,
                                            "--strict refuses keys that are not declared facts"));
        break;
    }
    product_.undeclared.emplace_back(key);
  }

  void WrongType(uint32_t fact, std::string_view expected, simdjson::dom::element value) {
    const auto& declared = module_.facts[fact];
    Fail(fmt::format("fact `{}` must be {} (declared `{}`), got {}", module_.strings[declared.name],
                     expected, DeclaredType(module_, declared), Describe(value)));
  }

  // Looks up an enum value by name; reports and returns kNone if the enum lacks it.
  uint32_t EnumValue(uint32_t fact, uint32_t enum_index, std::string_view name) {
    if (uint32_t value = tables_.enum_values[enum_index].Find(name);
        value != NameIndex::kNotFound) {
      return value;
    }
    Fail(fmt::format("fact `{}` has no value `{}`{}", module_.strings[module_.facts[fact].name],
                     Inert(name), internal::EnumCandidates(module_, enum_index, name)));
    return kNone;
  }

  void BindValue(uint32_t fact, simdjson::dom::element json) {
    const auto& declared = module_.facts[fact];
    Value& value = product_.values[fact];
    switch (declared.type.kind) {
      case TypeKind::Bool: {
        if (json.get_bool().get(value.boolean) != simdjson::SUCCESS) {
          WrongType(fact, "true or false", json);
          return;
        }
        break;
      }
      case TypeKind::Number: {
        if (json.get_double().get(value.number) != simdjson::SUCCESS) {
          WrongType(fact, "a number", json);
          return;
        }
        break;
      }
      case TypeKind::String: {
        std::string_view text;
        if (json.get_string().get(text) != simdjson::SUCCESS) {
          WrongType(fact, "a string", json);
          return;
        }
        value.text = text;
        uint32_t index = tables_.string_index.Find(text);
        value.index = index == NameIndex::kNotFound ? kNone : index;
        break;
      }
      case TypeKind::Enum: {
        std::string_view name;
        if (json.get_string().get(name) != simdjson::SUCCESS) {
          WrongType(fact, "a string naming one of its values", json);
          return;
        }
        uint32_t index = EnumValue(fact, declared.type.enum_index, name);
        if (index == kNone) return;
        value.index = index;
        break;
      }
      case TypeKind::EnumSet: {
        simdjson::dom::array array;
        if (json.get_array().get(array) != simdjson::SUCCESS) {
          WrongType(fact, "an array of value names", json);
          return;
        }
        uint64_t bits = 0;
        bool ok = true;
        size_t position = 0;
        for (simdjson::dom::element element : array) {
          ++position;
          std::string_view name;
          if (element.get_string().get(name) != simdjson::SUCCESS) {
            Fail(
                fmt::format("fact `{}` element {} must be a string naming a value (declared "
                            "`{}`), got {}",
                            module_.strings[declared.name], position,
                            DeclaredType(module_, declared), Describe(element)));
            ok = false;
            continue;
          }
          uint32_t index = EnumValue(fact, declared.type.enum_index, name);
          if (index == kNone) {
            ok = false;
            continue;
          }
          bits |= uint64_t{1} << index;  // verified: set-valued enums have at most 64 values
        }
        if (!ok) return;
        value.bits = bits;
        break;
      }
    }
    value.known = true;
  }

  const BindTables& tables_;
  const BindOptions& options_;
  const Module& module_;
  std::string_view where_;
  Product& product_;
  std::vector<uint8_t>& seen_;
  std::vector<std::string>& errors_;
  bool name_seen_ = false;
};

std::string_view JsonTypeName(simdjson::dom::element_type type) {
  using simdjson::dom::element_type;
  switch (type) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "a number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a bool";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "a JSON value";
}

}  // namespace

Binder::Binder(const Module& module, const BindOptions& options)
    : tables_(internal::BuildTables(module, options.layout)),
      options_(options),
      scratch_(std::make_unique<internal::BindScratch>()) {}

Binder::Binder(const Binder& other)
    : tables_(other.tables_),
      options_(other.options_),
      scratch_(std::make_unique<internal::BindScratch>()) {}

Binder& Binder::operator=(const Binder& other) {
  if (this != &other) {
    tables_ = other.tables_;
    options_ = other.options_;
    scratch_ = std::make_unique<internal::BindScratch>();
  }
  return *this;
}

const Module& Binder::module() const { return *tables_->module; }

uint32_t FindLayout(const Module& module, std::string_view name) {
  for (uint32_t i = 0; i < module.layouts.size(); ++i) {
    if (module.strings[module.layouts[i].name] == name) return i;
  }
  return kNone;
}

Binder::Binder(Binder&&) noexcept = default;
Binder& Binder::operator=(Binder&&) noexcept = default;
Binder::~Binder() = default;

Expected<Product> Binder::Bind(std::string_view json, std::string_view where) {
  Product product;
  if (auto bound = Bind(json, where, product); !bound) return bound.error();
  return product;
}

namespace {

// Makes `product` what a new Product with `fact_count` values is, keeping the storage of its
// vectors and strings.
void Clear(Product& product, size_t fact_count) {
  product.name.clear();
  product.values.resize(fact_count);
  for (Value& value : product.values) {
    value.known = false;
    value.boolean = false;
    value.number = 0;
    value.index = kNone;
    value.bits = 0;
    value.text.clear();
  }
  product.warnings.clear();
  product.undeclared.clear();
  product.assumed.clear();
}

}  // namespace

Expected<Ok> Binder::Bind(std::string_view json, std::string_view where, Product& product) {
  const Module& module = *tables_->module;
  // Spreadsheet exports often start with a UTF-8 byte order mark; JSON (RFC 8259 8.1) lets
  // a parser ignore it, and refusing it would only puzzle the user.
  json.remove_prefix(ByteOrderMarkLength(json));
  if (!options_.dom_only) {
    Clear(product, module.facts.size());
    scratch_->seen.assign(module.facts.size(), 0);
    if (internal::BindOnDemand(*tables_, options_, json, where, *scratch_, product)) {
      ApplyDefaults(module, product);
      return Ok{};
    }
  }
  simdjson::dom::element root;
  if (auto code = scratch_->parser.parse(json.data(), json.size()).get(root);
      code != simdjson::SUCCESS) {
    return Error{MalformedMessage(json, where, code), ErrorKind::MalformedFacts};
  }
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    return Error{fmt::format("{}: expected a JSON object of product facts, got {}", where,
                             JsonTypeName(root.type())),
                 ErrorKind::FactsNotObject};
  }
  Clear(product, module.facts.size());
  scratch_->seen.assign(module.facts.size(), 0);
  std::vector<std::string> errors;
  ObjectBinder binder(*tables_, options_, where, product, scratch_->seen, errors);
  for (auto [key, value] : object) binder.Member(key, value);
  // With only undeclared keys refused (--strict), the error says so by its code.
  bool refused_key = options_.undeclared == Undeclared::Refuse && !product.undeclared.empty() &&
                     errors.size() == product.undeclared.size();
  if (!errors.empty()) {
    std::string message;
    for (const auto& error : errors) {
      if (!message.empty()) message += '\n';
      message += error;
    }
    return Error{std::move(message),
                 refused_key ? ErrorKind::UndeclaredKey : ErrorKind::BadFactValue};
  }
  ApplyDefaults(module, product);
  return Ok{};
}

std::string UndeclaredMessage(const Module& module, std::string_view key, std::string_view where,
                              std::string_view consequence) {
  std::vector<std::string_view> names;
  names.reserve(module.facts.size());
  for (const auto& fact : module.facts) names.push_back(module.strings[fact.name]);
  std::string message =
      fmt::format("{}: `{}` is not a declared fact; {}", where, Inert(key), consequence);
  if (std::string_view suggestion = ClosestName(key, names); !suggestion.empty()) {
    message += fmt::format(" (did you mean `{}`?)", suggestion);
  }
  return message;
}

std::string DeclaredType(const Module& module, const bytecode::Fact& fact) {
  switch (fact.type.kind) {
    case TypeKind::Bool:
      return "bool";
    case TypeKind::Number:
      return fact.unit == kNone ? "number" : "number in " + module.strings[fact.unit];
    case TypeKind::String:
      return "string";
    case TypeKind::Enum:
      return EnumTypeName(module, fact.type.enum_index);
    case TypeKind::EnumSet:
      return "set of " + EnumTypeName(module, fact.type.enum_index);
  }
  return "?";
}

Expected<Product> Bind(const Module& module, std::string_view json, std::string_view where) {
  return Binder(module).Bind(json, where);
}

namespace {

void AssignLiteral(const Module& module, const bytecode::Literal& literal, Value& value) {
  value = Value{};
  value.known = true;
  switch (literal.kind) {
    case TypeKind::Bool:
      value.boolean = literal.boolean;
      break;
    case TypeKind::Number:
      value.number = literal.number;
      break;
    case TypeKind::String:
      value.index = literal.index;
      value.text = module.strings[literal.index];
      break;
    case TypeKind::Enum:
      value.index = literal.index;
      break;
    case TypeKind::EnumSet:
      for (uint32_t member : literal.members) value.bits |= uint64_t{1} << member;
      break;
  }
}

}  // namespace

void ApplyDefaults(const Module& module, Product& product) {
  for (const bytecode::Literal& literal : module.defaults) {
    Value& value = product.values[literal.fact];
    if (value.known) continue;
    AssignLiteral(module, literal, value);
    product.assumed.push_back(literal.fact);
  }
}

Product FromLiterals(const Module& module, const std::vector<bytecode::Literal>& given) {
  Product product;
  product.values.resize(module.facts.size());
  for (const auto& literal : given) AssignLiteral(module, literal, product.values[literal.fact]);
  ApplyDefaults(module, product);
  return product;
}

}  // namespace ccr::facts
