#include "compiler/doc/catalogue.h"

#include <map>

#include "runtime/base/date.h"
#include "runtime/catalog/catalog.h"

namespace ccr::doc {

std::vector<CatalogueItem> CatalogueItems(const check::CheckedModule& m) {
  std::map<std::pair<int32_t, std::string>, std::vector<const check::Rule*>> rules_of_row;
  for (const check::Rule& rule : m.rules) {
    for (const check::CatalogueCode& row : rule.rows) {
      std::vector<const check::Rule*>& rules = rules_of_row[{row.scheme, row.code}];
      if (rules.empty() || rules.back() != &rule) rules.push_back(&rule);  // `row CCC "a", "a"`
    }
  }
  std::vector<CatalogueItem> items;
  for (const check::Entry& entry : m.entries) {
    CatalogueItem item{&entry, {}};
    for (const check::CatalogueCode& code : entry.codes) {
      auto found = rules_of_row.find({code.scheme, code.code});
      item.rows.push_back(
          {&code, found == rules_of_row.end() ? std::vector<const check::Rule*>{} : found->second});
    }
    items.push_back(std::move(item));
  }
  return items;
}

std::string RowLabel(const check::CheckedModule& m, const check::CatalogueCode& code) {
  if (code.scheme == check::kNoIndex) return code.code;
  return catalog::CodeLabel(m.schemes[code.scheme].id, code.code);
}

std::string InForceText(const check::Rule& rule) {
  if (rule.from && rule.until) {
    return FormatDate(*rule.from) + " until " + FormatDate(*rule.until);
  }
  if (rule.from) return "from " + FormatDate(*rule.from);
  if (rule.until) return "until " + FormatDate(*rule.until);
  return "";
}

std::vector<std::string> DecidingFacts(const check::CheckedModule& m, const check::Rule& rule) {
  std::vector<std::string> names;
  for (int32_t fact : rule.reads) names.push_back(m.facts[fact].name);
  return names;
}

}  // namespace ccr::doc
