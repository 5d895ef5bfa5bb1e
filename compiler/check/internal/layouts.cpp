// Input layouts: `layout NAME { column "Header" -> fact ... }`. Each column must name a declared
// fact (or `product`, the id); a unit must be the fact's unit up to an SI prefix; a separator
// needs a set-valued fact; synonyms need a bool fact (`-> true`/`false`) or an enum one (`->`
// one of its values). A header is mapped once per layout, and a fact by one column.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "compiler/check/internal/checker.h"

namespace ccr::check {

std::optional<double> UnitScale(const std::string& given, const std::string& declared) {
  if (given == declared) return 1.0;
  static constexpr std::array<std::pair<std::string_view, double>, 12> kPrefixes = {{
      {"", 1},
      {"G", 1e9},
      {"M", 1e6},
      {"k", 1e3},
      {"h", 1e2},
      {"da", 1e1},
      {"d", 1e-1},
      {"c", 1e-2},
      {"m", 1e-3},
      {"u", 1e-6},
      {"µ", 1e-6},
      {"n", 1e-9},
  }};
  for (const auto& [given_prefix, given_factor] : kPrefixes) {
    if (!std::string_view(given).starts_with(given_prefix)) continue;
    std::string_view base = std::string_view(given).substr(given_prefix.size());
    if (base.empty()) continue;
    for (const auto& [declared_prefix, declared_factor] : kPrefixes) {
      if (declared.size() == declared_prefix.size() + base.size() &&
          std::string_view(declared).starts_with(declared_prefix) &&
          std::string_view(declared).substr(declared_prefix.size()) == base) {
        return given_factor / declared_factor;
      }
    }
  }
  return std::nullopt;
}

namespace internal {

void Checker::CheckLayouts() {
  std::map<std::string, size_t> names;
  for (const ast::Layout& layout : ast_.layouts) {
    if (auto it = names.find(layout.id.text); it != names.end()) {
      ReportDuplicate("layout", layout.id, ast_.layouts[it->second].id.range);
      continue;
    }
    names[layout.id.text] = static_cast<size_t>(&layout - ast_.layouts.data());
    Layout out;
    out.name = layout.id.text;
    std::map<std::string, diag::SourceRange> headers;
    std::map<int32_t, diag::SourceRange> facts;
    auto header_once = [&](const std::string& header, diag::SourceRange range) {
      auto [it, inserted] = headers.emplace(header, range);
      if (inserted) return true;
      sink_.Add(diag::Diagnostic{
          diag::Kind::DuplicateColumn,
          range,
          fmt::format("column \"{}\" is mapped twice in layout `{}`", header, layout.id.text),
          "keep one mapping per column",
          {{it->second, "first mapped here"}}});
      return false;
    };
    for (const ast::LayoutColumn& column : layout.columns) {
      if (!header_once(column.header, column.header_range)) continue;
      LayoutColumn checked;
      checked.header = column.header;
      CheckLayoutColumn(column, checked);
      if (checked.fact != kNoIndex) {
        auto [it, inserted] = facts.emplace(checked.fact, column.target.range);
        if (!inserted) {
          sink_.Add(diag::Diagnostic{diag::Kind::DuplicateColumn,
                                     column.target.range,
                                     fmt::format("fact `{}` is given by two columns of layout `{}`",
                                                 column.target.text, layout.id.text),
                                     "map one column to each fact",
                                     {{it->second, "first given here"}}});
          continue;
        }
      }
      out.columns.push_back(std::move(checked));
    }
    for (size_t i = 0; i < layout.ignored.size(); ++i) {
      if (header_once(layout.ignored[i], layout.ignored_ranges[i])) {
        out.ignored.push_back(layout.ignored[i]);
      }
    }
    out_.layouts.push_back(std::move(out));
  }
}

void Checker::CheckLayoutColumn(const ast::LayoutColumn& column, LayoutColumn& out) {
  const std::string& target = column.target.text;
  auto misfit = [&](diag::SourceRange range, std::string message, std::string help) {
    sink_.Add(diag::Kind::BadColumnMapping, range, std::move(message), std::move(help));
  };
  if (target == "product") {
    if (column.unit || column.separator || !column.synonyms.empty()) {
      misfit(column.range,
             fmt::format("column \"{}\" is the product's id: it takes no unit, separator or "
                         "synonyms",
                         column.header),
             "map the column to a fact to convert its cells");
    }
    return;
  }
  auto it = values_.find(target);
  if (it == values_.end() || value_is_set_[target]) {
    std::vector<std::string> names = {"product"};
    for (const Fact& f : out_.facts) names.push_back(f.name);
    std::string suggestion = diag::ClosestName(target, names);
    sink_.Add(diag::Kind::UnknownFact, column.target.range,
              fmt::format("unknown fact `{}`", target),
              suggestion.empty()
                  ? std::string("a column maps to a declared fact, or to `product` for the id")
                  : fmt::format("did you mean `{}`?", suggestion));
    return;
  }
  const int32_t fact_index = it->second;
  const Fact& fact = out_.facts[fact_index];
  out.fact = fact_index;
  if (column.unit) {
    std::optional<double> scale;
    if (fact.type.kind == Type::Kind::Number && !fact.type.unit.empty()) {
      scale = UnitScale(column.unit->text, fact.type.unit);
    }
    if (!scale) {
      sink_.Add(diag::Kind::UnitMismatch, column.unit->range,
                fmt::format("cells in `{}` cannot be converted to fact `{}` (declared `{}`)",
                            column.unit->text, target, Name(fact.type)),
                fact.type.kind == Type::Kind::Number && !fact.type.unit.empty()
                    ? fmt::format("give the unit as `{}` or with an SI prefix (k{}, m{}, ...)",
                                  fact.type.unit, fact.type.unit, fact.type.unit)
                    : std::string("only a number fact declared with a unit converts units"));
    } else {
      out.scale = *scale;
    }
  }
  if (column.separator) {
    if (fact.type.kind != Type::Kind::EnumSet) {
      misfit(column.separator_range,
             fmt::format("`separated by` needs a set-valued fact; `{}` is `{}`", target,
                         Name(fact.type)),
             "remove `separated by`, or map the column to a `set of ...` fact");
    } else if (column.separator->empty()) {
      misfit(column.separator_range, "the separator is empty", "give the text between members");
    } else {
      out.separator = column.separator;
    }
  }
  std::map<std::string, diag::SourceRange> texts;
  for (const ast::Synonym& synonym : column.synonyms) {
    int32_t value = kNoIndex;
    if (fact.type.kind == Type::Kind::Bool) {
      if (!synonym.boolean) {
        misfit(synonym.value.range,
               fmt::format("fact `{}` is a bool: a synonym stands for `true` or `false`, not `{}`",
                           target, synonym.value.text),
               "write `\"Y\" | \"yes\" -> true`");
        continue;
      }
      value = synonym.value.text == "true" ? 1 : 0;
    } else if (fact.type.kind == Type::Kind::Enum || fact.type.kind == Type::Kind::EnumSet) {
      const Enum& e = out_.enums[fact.type.enum_index];
      auto found = std::find(e.values.begin(), e.values.end(), synonym.value.text);
      if (synonym.boolean || found == e.values.end()) {
        std::string suggestion = diag::ClosestName(synonym.value.text, e.values);
        sink_.Add(diag::Kind::UnknownEnumValue, synonym.value.range,
                  fmt::format("`{}` is not a value of `{}`", synonym.value.text, e.name),
                  suggestion.empty() ? fmt::format("`{}` has {} values; see its declaration",
                                                   e.name, e.values.size())
                                     : fmt::format("did you mean `{}`?", suggestion));
        continue;
      }
      value = static_cast<int32_t>(found - e.values.begin());
    } else {
      misfit(
          synonym.range,
          fmt::format("synonyms need a bool or enum fact; `{}` is `{}`", target, Name(fact.type)),
          "a number or string cell is read as it is");
      continue;
    }
    for (size_t i = 0; i < synonym.texts.size(); ++i) {
      auto [previous, inserted] = texts.emplace(synonym.texts[i], synonym.text_ranges[i]);
      if (!inserted) {
        sink_.Add(diag::Diagnostic{diag::Kind::BadColumnMapping,
                                   synonym.text_ranges[i],
                                   fmt::format("synonym \"{}\" is given twice for column \"{}\"",
                                               synonym.texts[i], column.header),
                                   "give each text one value",
                                   {{previous->second, "first given here"}}});
        continue;
      }
      out.synonyms.push_back({synonym.texts[i], value});
    }
  }
}

}  // namespace internal
}  // namespace ccr::check
