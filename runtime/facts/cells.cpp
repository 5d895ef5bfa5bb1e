// The table binder: one CSV/TSV row's cells (text) to a product's facts, through the columns a
// header (and an input layout) describe. Cells are text, so each is parsed by the fact's
// declared type: a number, true/false, an enum value's name, members separated by the
// column's separator, or the text itself; a column's synonyms are tried first.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "runtime/base/inert_text.h"
#include "runtime/facts/facts.h"
#include "runtime/facts/internal/tables.h"

namespace ccr::facts {

using bytecode::kNone;
using bytecode::Module;
using bytecode::TypeKind;

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// By hand: find_first_not_of calls memchr once per character, the bulk of a row's binding.
std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// A column's synonym for `text` (exact first, then ignoring ASCII case), or kNone.
uint32_t Synonym(const Column& column, std::string_view text) {
  for (const auto& [synonym, value] : column.synonyms) {
    if (synonym == text) return value;
  }
  for (const auto& [synonym, value] : column.synonyms) {
    if (EqualsIgnoringAsciiCase(synonym, text)) return value;
  }
  return kNone;
}

// Returns `number` (parsed from `digits`) in the fact's unit. An SI scale is a power of ten:
// shifting the decimal exponent of the text and parsing again is exact (`0.22` kV is 220 V),
// where multiplying would give 220.00000000000003 and could cross a rule's threshold.
double Scaled(std::string_view digits, double number, double scale) {
  if (scale == 1) return number;
  int exponent = static_cast<int>(std::lround(std::log10(scale)));
  if (std::pow(10.0, exponent) == scale && digits.find_first_of("eE") == std::string_view::npos) {
    std::string shifted = fmt::format("{}e{}", digits, exponent);
    double exact = 0;
    auto [end, error] = std::from_chars(shifted.data(), shifted.data() + shifted.size(), exact);
    if (error == std::errc() && end == shifted.data() + shifted.size() && std::isfinite(exact)) {
      return exact;
    }
  }
  return number * scale;
}

class CellBinder {
 public:
  CellBinder(const internal::BindTables& tables, std::string_view where, Product& product,
             std::vector<std::string>& errors)
      : tables_(tables),
        module_(*tables.module),
        where_(where),
        product_(product),
        errors_(errors) {}

  void Cell(const Column& column, std::string_view cell) {
    switch (column.kind) {
      case Column::Kind::Undeclared:
        if (!cell.empty()) product_.undeclared.push_back(column.header);
        return;
      case Column::Kind::Ignored:
        return;
      case Column::Kind::Product:
        product_.name = Trim(cell);
        return;
      case Column::Kind::Fact:
        break;
    }
    const bytecode::Fact& declared = module_.facts[column.fact];
    std::string_view text = declared.type.kind == TypeKind::String ? cell : Trim(cell);
    if (text.empty()) return;  // unknown
    Value& value = product_.values[column.fact];
    switch (declared.type.kind) {
      case TypeKind::Bool: {
        uint32_t synonym = Synonym(column, text);
        if (synonym != kNone) {
          value.boolean = synonym != 0;
        } else if (text == "true" || text == "false") {  // the common case, without case folding
          value.boolean = text == "true";
        } else if (EqualsIgnoringAsciiCase(text, "true")) {
          value.boolean = true;
        } else if (EqualsIgnoringAsciiCase(text, "false")) {
          value.boolean = false;
        } else {
          Fail(column, fmt::format("expected true or false{}, got {}", SynonymList(column),
                                   internal::Quote(text)));
          return;
        }
        break;
      }
      case TypeKind::Number: {
        std::string_view digits = text.starts_with('+') ? text.substr(1) : text;
        double number = 0;
        auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
        if (error != std::errc() || end != digits.data() + digits.size() ||
            !std::isfinite(number)) {
          Fail(column, fmt::format("expected a number ({}), got {}",
                                   DeclaredType(module_, declared), internal::Quote(text)));
          return;
        }
        value.number = Scaled(digits, number, column.scale);
        break;
      }
      case TypeKind::String: {
        value.text = text;
        uint32_t index = tables_.string_index.Find(text);
        value.index = index == NameIndex::kNotFound ? kNone : index;
        break;
      }
      case TypeKind::Enum: {
        uint32_t index = EnumValue(column, declared.type.enum_index, text);
        if (index == kNone) return;
        value.index = index;
        break;
      }
      case TypeKind::EnumSet: {
        uint64_t bits = 0;
        bool ok = true;
        // An empty cell is unknown, so the empty set needs a word: `{}` as in the rules, or
        // `[]` as in JSON.
        std::string_view rest = text == "{}" || text == "[]" ? std::string_view() : text;
        while (true) {
          size_t stop =
              column.separator.empty() ? std::string_view::npos : rest.find(column.separator);
          std::string_view member = Trim(rest.substr(0, stop));
          if (!member.empty()) {
            uint32_t index = EnumValue(column, declared.type.enum_index, member);
            if (index == kNone) {
              ok = false;
            } else {
              bits |= uint64_t{1} << index;  // verified: at most 64 values
            }
          }
          if (stop == std::string_view::npos) break;
          rest.remove_prefix(stop + column.separator.size());
        }
        if (!ok) return;
        value.bits = bits;
        break;
      }
    }
    value.known = true;
  }

 private:
  void Fail(const Column& column, std::string problem) {
    errors_.push_back(fmt::format("{}: column `{}` (fact `{}`): {}", where_, Inert(column.header),
                                  module_.strings[module_.facts[column.fact].name], problem));
  }

  std::string SynonymList(const Column& column) {
    if (column.synonyms.empty()) return "";
    std::string list = " (or ";
    for (size_t i = 0; i < column.synonyms.size(); ++i) {
      if (i > 0) list += ", ";
      list += internal::Quote(column.synonyms[i].first);
    }
    return list + ")";
  }

  uint32_t EnumValue(const Column& column, uint32_t enum_index, std::string_view name) {
    if (uint32_t value = Synonym(column, name); value != kNone) return value;
    if (uint32_t value = tables_.enum_values[enum_index].Find(name);
        value != NameIndex::kNotFound) {
      return value;
    }
    Fail(column, fmt::format("no value {}{}", internal::Quote(name),
                             internal::EnumCandidates(module_, enum_index, name)));
    return kNone;
  }

  const internal::BindTables& tables_;
  const Module& module_;
  std::string_view where_;
  Product& product_;
  std::vector<std::string>& errors_;
};

}  // namespace

namespace internal {

Column ColumnFor(const BindTables& tables, std::string_view header) {
  if (!tables.layout_columns.empty()) {
    if (uint32_t mapped = tables.layout_by_header.Find(header); mapped != NameIndex::kNotFound) {
      return tables.layout_columns[mapped];
    }
  }
  Column column;
  column.header = header;
  if (header == "product") {
    column.kind = Column::Kind::Product;
  } else if (uint32_t fact = tables.fact_by_name.Find(header); fact != NameIndex::kNotFound) {
    column.kind = Column::Kind::Fact;
    column.fact = fact;
  }
  return column;
}

void BindCell(const BindTables& tables, const Column& column, std::string_view cell,
              std::string_view where, Product& product, std::vector<std::string>& errors) {
  CellBinder(tables, where, product, errors).Cell(column, cell);
}

}  // namespace internal

Expected<std::vector<Column>> Binder::ColumnsFor(const std::vector<std::string>& headers,
                                                 std::string_view where) const {
  const Module& module = *tables_->module;
  std::vector<Column> columns(headers.size());
  std::vector<size_t> fact_column(module.facts.size(), SIZE_MAX);
  size_t product_column = SIZE_MAX;
  std::string problems;
  auto twice = [&](size_t first, size_t second, std::string_view what) {
    if (!problems.empty()) problems += '\n';
    problems += fmt::format("{}: columns {} and {} both give {}; keep one", where, first + 1,
                            second + 1, what);
  };
  for (size_t i = 0; i < headers.size(); ++i) {
    Column& column = columns[i];
    column = internal::ColumnFor(*tables_, Trim(headers[i]));
    if (column.kind == Column::Kind::Product) {
      if (product_column != SIZE_MAX) twice(product_column, i, "the product's id");
      product_column = i;
      continue;
    }
    if (column.kind != Column::Kind::Fact) continue;
    uint32_t fact = column.fact;
    if (fact_column[fact] != SIZE_MAX) {
      twice(fact_column[fact], i,
            fmt::format("fact `{}`", module.strings[module.facts[fact].name]));
    }
    fact_column[fact] = i;
  }
  if (!problems.empty()) return Error{std::move(problems), ErrorKind::BadTableHeader};
  return columns;
}

Expected<Product> Binder::BindRow(std::span<const std::string_view> cells,
                                  const std::vector<Column>& columns, std::string_view where) {
  const Module& module = *tables_->module;
  size_t count = cells.size();
  if (count != columns.size()) {
    // A lone empty line inside a table is blank; the caller skips those.
    return Error{fmt::format("{}: the row has {} cells, the header {} columns; every row needs "
                             "one cell per column (an empty cell is unknown)",
                             where, count, columns.size()),
                 ErrorKind::BadTableRow};
  }
  Product product;
  product.values.resize(module.facts.size());
  std::vector<std::string> errors;
  CellBinder binder(*tables_, where, product, errors);
  for (size_t i = 0; i < count; ++i) binder.Cell(columns[i], cells[i]);
  if (!errors.empty()) {
    std::string message;
    for (const auto& error : errors) {
      if (!message.empty()) message += '\n';
      message += error;
    }
    return Error{std::move(message), ErrorKind::BadFactValue};
  }
  ApplyDefaults(module, product);
  return product;
}

}  // namespace ccr::facts
