#include "runtime/catalog/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "runtime/base/inert_text.h"
#include "runtime/base/json_writer.h"
#include "runtime/base/suggest.h"

namespace ccr::catalog {

namespace {

using bytecode::kNone;
using bytecode::Module;

// Folds a name for comparison: ASCII lower case; spaces, `-`, `_`, `/` and `.` dropped, so
// `Electric kettle`, `electric_kettle` and `ELECTRIC-KETTLE` compare equal, and `CEL001` finds
// `CEL 001`. Other bytes (Chinese) are kept as they are.
std::string Fold(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '_' || c == '/' || c == '.') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

// The words of a name, folded: `electric_kettle` and `Electric kettle` give {electric, kettle}.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '_' || c == '/' || c == '(' || c == ')' || c == ',') {
      if (!word.empty()) words.push_back(Fold(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(Fold(word));
  return words;
}

// What a value is called: its value name, names and akas; and its codes.
struct Names {
  std::vector<std::string> names;
  std::vector<std::string> codes;
};

Names NamesOf(const Module& module, uint32_t enum_index, uint32_t value,
              const bytecode::Entry* entry) {
  Names out;
  out.names.push_back(module.strings[module.enums[enum_index].values[value]]);
  if (entry == nullptr) return out;
  if (entry->name != kNone) out.names.push_back(module.strings[entry->name]);
  if (entry->zh_name != kNone) out.names.push_back(module.strings[entry->zh_name]);
  for (uint32_t aka : entry->akas) out.names.push_back(module.strings[aka]);
  for (const auto& code : entry->codes) out.codes.push_back(module.strings[code.code]);
  return out;
}

// How well `query` names a value: 100 exact code, 90 exact name, 70 every query word is a word
// of one name (or the query contains a name), 50 some shared word, then 40 minus the spelling
// distance when that is at most a third of the query; 0 when not close.
// Words shared by many values (`electric`, `household`, `machine`) say nothing about which
// one is meant: a word in the names of this many values or more does not count as shared.
constexpr size_t kGenericWordValues = 4;

using WordSet = std::vector<std::string>;  // sorted

WordSet GenericWords(const std::vector<Names>& all) {
  std::map<std::string, size_t> values_with;
  for (const Names& names : all) {
    WordSet seen;
    for (const std::string& name : names.names) {
      for (std::string& word : Words(name)) seen.push_back(std::move(word));
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (const std::string& word : seen) ++values_with[word];
  }
  WordSet generic;
  for (const auto& [word, count] : values_with) {
    if (count >= kGenericWordValues) generic.push_back(word);
  }
  return generic;
}

int Score(const Names& names, std::string_view query, const WordSet& generic) {
  std::string folded = Fold(query);
  if (folded.empty()) return 0;
  for (const std::string& code : names.codes) {
    if (Fold(code) == folded) return 100;
  }
  for (const std::string& name : names.names) {
    if (Fold(name) == folded) return 90;
  }
  std::vector<std::string> query_words = Words(query);
  int best = 0;
  for (const std::string& name : names.names) {
    std::vector<std::string> words = Words(name);
    size_t shared = 0;
    size_t specific = 0;  // query words that are not generic
    for (const std::string& word : query_words) {
      if (std::binary_search(generic.begin(), generic.end(), word)) continue;
      ++specific;
      if (std::find(words.begin(), words.end(), word) != words.end()) ++shared;
    }
    std::string folded_name = Fold(name);
    bool contains = folded_name.size() >= 4 && folded.find(folded_name) != std::string::npos;
    if ((shared == specific && shared > 0) || contains) {
      best = std::max(best, 70);
    } else if (shared > 0) {
      best = std::max(best, 50 + static_cast<int>(shared));
    }
  }
  if (best > 0) return best;
  size_t limit = std::max<size_t>(1, (folded.size() + 2) / 3);
  for (const std::string& name : names.names) {
    size_t distance = EditDistance(folded, Fold(name));
    if (distance <= limit) best = std::max(best, 40 - static_cast<int>(distance));
  }
  return best;
}

const bytecode::Entry* EntryOf(const Module& module, uint32_t enum_index, uint32_t value) {
  auto it = std::lower_bound(
      module.entries.begin(), module.entries.end(), std::pair(enum_index, value),
      [](const bytecode::Entry& e, auto key) { return std::pair(e.enum_index, e.value) < key; });
  if (it == module.entries.end() || it->enum_index != enum_index || it->value != value) {
    return nullptr;
  }
  return &*it;
}

std::vector<Names> AllNames(const Module& module, uint32_t enum_index) {
  std::vector<Names> all;
  for (uint32_t v = 0; v < module.enums[enum_index].values.size(); ++v) {
    all.push_back(NamesOf(module, enum_index, v, EntryOf(module, enum_index, v)));
  }
  return all;
}

bool InForce(const bytecode::Rule& rule, Date day) {
  return (!rule.has_from || !(day < rule.from)) && (!rule.has_until || day < rule.until);
}

std::string DateText(const std::optional<Date>& date) {
  return date ? FormatDate(*date) : std::string();
}

}  // namespace

std::string CodeLabel(std::string_view scheme, std::string_view code) {
  if (code.size() > scheme.size() && code.substr(0, scheme.size()) == scheme &&
      code[scheme.size()] == ' ') {
    return std::string(code);  // `CEL 001`, as the energy label writes its rule numbers
  }
  return fmt::format("{} {}", scheme, code);
}

Listing List(const Module& module, Date as_of) {
  Listing listing;
  listing.as_of = as_of;
  // Rules by the rows they state, in rule order.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>> rules_of_row;
  for (uint32_t r = 0; r < module.rules.size(); ++r) {
    for (const auto& row : module.rules[r].rows) rules_of_row[{row.scheme, row.code}].push_back(r);
  }
  for (const bytecode::Entry& entry : module.entries) {
    const bytecode::Enum& e = module.enums[entry.enum_index];
    Item item;
    item.enum_name = module.strings[e.name];
    item.value = module.strings[e.values[entry.value]];
    if (entry.name != kNone) item.name = module.strings[entry.name];
    if (entry.zh_name != kNone) item.zh_name = module.strings[entry.zh_name];
    for (uint32_t aka : entry.akas) item.akas.push_back(module.strings[aka]);
    for (const auto& code : entry.codes) {
      Row row;
      row.scheme = module.strings[module.schemes[code.scheme].id];
      row.code = module.strings[code.code];
      for (uint32_t r : rules_of_row[{code.scheme, code.code}]) {
        const bytecode::Rule& rule = module.rules[r];
        RowRule out;
        out.name = module.strings[rule.name];
        if (rule.because != kNone) out.because = module.strings[rule.because];
        if (rule.source != kNone) out.source = module.strings[rule.source];
        if (rule.has_from) out.from = rule.from;
        if (rule.has_until) out.until = rule.until;
        out.in_force = InForce(rule, as_of);
        out.assessment = std::string(bytecode::AssessmentKeyword(rule.assessment));
        out.assessment_text = std::string(bytecode::AssessmentDescription(rule.assessment));
        for (uint32_t fact : rule.reads)
          out.reads.push_back(module.strings[module.facts[fact].name]);
        row.in_force = row.in_force || out.in_force;
        row.rules.push_back(std::move(out));
      }
      item.rows.push_back(std::move(row));
    }
    listing.items.push_back(std::move(item));
  }
  return listing;
}

std::vector<size_t> Lookup(const Listing& listing, std::string_view query) {
  std::vector<Names> all;
  for (size_t i = 0; i < listing.items.size(); ++i) {
    const Item& item = listing.items[i];
    Names names;
    names.names = {item.value};
    if (!item.name.empty()) names.names.push_back(item.name);
    if (!item.zh_name.empty()) names.names.push_back(item.zh_name);
    names.names.insert(names.names.end(), item.akas.begin(), item.akas.end());
    for (const Row& row : item.rows) {
      names.codes.push_back(row.code);
      names.codes.push_back(CodeLabel(row.scheme, row.code));
    }
    all.push_back(std::move(names));
  }
  WordSet generic = GenericWords(all);
  std::vector<std::pair<int, size_t>> scored;
  for (size_t i = 0; i < all.size(); ++i) {
    if (int score = Score(all[i], query, generic); score > 0) scored.emplace_back(-score, i);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  // Only the best tier: an exact code or name hides mere spelling neighbours.
  std::vector<size_t> out;
  for (const auto& [score, index] : scored) {
    if (score != scored.front().first && scored.front().first <= -90) break;
    out.push_back(index);
  }
  return out;
}

std::optional<uint32_t> FindValue(const Module& module, uint32_t enum_index,
                                  std::string_view word) {
  const auto& values = module.enums[enum_index].values;
  for (uint32_t v = 0; v < values.size(); ++v) {
    if (module.strings[values[v]] == word) return v;
  }
  std::vector<Names> all = AllNames(module, enum_index);
  WordSet generic = GenericWords(all);
  std::optional<uint32_t> found;
  int best = 0;
  for (uint32_t v = 0; v < values.size(); ++v) {
    int score = Score(all[v], word, generic);
    if (score >= 90 && score > best) {
      best = score;
      found = v;
    }
  }
  return found;
}

std::vector<uint32_t> RankValues(const Module& module, uint32_t enum_index, std::string_view word,
                                 size_t max) {
  std::vector<std::pair<int, uint32_t>> scored;
  std::vector<Names> all = AllNames(module, enum_index);
  WordSet generic = GenericWords(all);
  for (uint32_t v = 0; v < all.size(); ++v) {
    int score = Score(all[v], word, generic);
    if (score > 0) scored.emplace_back(-score, v);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<uint32_t> out;
  for (const auto& [score, value] : scored) {
    if (out.size() == max) break;
    out.push_back(value);
  }
  return out;
}

std::string DescribeValue(const Module& module, uint32_t enum_index, uint32_t value) {
  std::string out =
      fmt::format("`{}`", Inert(module.strings[module.enums[enum_index].values[value]]));
  const bytecode::Entry* entry = EntryOf(module, enum_index, value);
  if (entry == nullptr) return out;
  std::vector<std::string> parts;
  if (entry->name != kNone) parts.push_back(module.strings[entry->name]);
  if (entry->zh_name != kNone) parts.push_back(module.strings[entry->zh_name]);
  for (const auto& code : entry->codes) {
    parts.push_back(
        CodeLabel(module.strings[module.schemes[code.scheme].id], module.strings[code.code]));
  }
  if (parts.empty()) return out;
  std::string joined;
  for (const std::string& part : parts) joined += (joined.empty() ? "" : ", ") + Inert(part);
  return out + " (" + joined + ")";
}

std::vector<RowTestCount> CountRowTests(const Module& module) {
  // Per (scheme, code): bit 0 tested, 1 required, 2 not required, 3 undetermined.
  std::map<std::pair<uint32_t, uint32_t>, unsigned> rows;
  for (const bytecode::Entry& entry : module.entries) {
    for (const auto& code : entry.codes) rows[{code.scheme, code.code}] |= 0;
  }
  for (const bytecode::Test& test : module.tests) {
    for (const bytecode::Literal& given : test.given) {
      if (given.kind != bytecode::TypeKind::Enum) continue;
      const bytecode::Entry* entry =
          EntryOf(module, module.facts[given.fact].type.enum_index, given.index);
      if (entry == nullptr) continue;
      for (const bytecode::Expectation& expect : test.expectations) {
        unsigned bits = 1;
        switch (expect.outcome) {
          case bytecode::Outcome::RequiredAny:
          case bytecode::Outcome::RequiredMandatory:
          case bytecode::Outcome::RequiredVoluntary:
            bits |= 2;
            break;
          case bytecode::Outcome::NotRequired:
            bits |= 4;
            break;
          case bytecode::Outcome::Undetermined:
            bits |= 8;
            break;
          case bytecode::Outcome::Exempt:
          case bytecode::Outcome::Available:
            break;
        }
        for (const auto& code : entry->codes) {
          if (code.scheme == expect.scheme) rows[{code.scheme, code.code}] |= bits;
        }
      }
    }
  }
  std::vector<RowTestCount> counts;
  for (const auto& [row, bits] : rows) {
    if (counts.empty() || counts.back().scheme != module.strings[module.schemes[row.first].id]) {
      counts.push_back({module.strings[module.schemes[row.first].id]});
    }
    RowTestCount& count = counts.back();
    ++count.rows;
    count.tested += (bits & 1) != 0;
    count.required += (bits & 2) != 0;
    count.not_required += (bits & 4) != 0;
    count.undetermined += (bits & 8) != 0;
  }
  return counts;
}

std::string RenderText(const Listing& listing, const std::vector<size_t>& items) {
  std::string out;
  for (size_t index : items) {
    const Item& item = listing.items[index];
    out += fmt::format("{} ({})", Inert(item.value), Inert(item.enum_name));
    if (!item.name.empty()) out += "  " + Inert(item.name);
    if (!item.zh_name.empty()) out += "  " + Inert(item.zh_name);
    out += "\n";
    if (!item.akas.empty()) {
      std::string akas;
      for (const std::string& aka : item.akas) akas += (akas.empty() ? "" : ", ") + Inert(aka);
      out += "  also called: " + akas + "\n";
    }
    for (const Row& row : item.rows) {
      out += fmt::format("  {}: {}\n", Inert(CodeLabel(row.scheme, row.code)),
                         row.rules.empty() ? "no rule states this row's scope"
                         : row.in_force    ? "in force on " + FormatDate(listing.as_of)
                                           : "not in force on " + FormatDate(listing.as_of));
      for (const RowRule& rule : row.rules) {
        std::string dates;
        if (rule.from) dates += " from " + FormatDate(*rule.from);
        if (rule.until) dates += " until " + FormatDate(*rule.until);
        out += fmt::format("    rule {}{}{}\n", Inert(rule.name), dates,
                           rule.assessment.empty() ? "" : ", " + rule.assessment);
        if (!rule.because.empty()) out += "      scope: " + Inert(rule.because) + "\n";
        if (!rule.reads.empty()) {
          std::string reads;
          for (const std::string& fact : rule.reads) reads += (reads.empty() ? "" : ", ") + fact;
          out += "      decided by: " + Inert(reads) + "\n";
        }
        if (!rule.source.empty()) out += "      source: " + Inert(rule.source) + "\n";
      }
    }
  }
  return out;
}

std::string RenderJson(const Listing& listing, const std::vector<size_t>& items) {
  std::string out = "{\"as_of\":\"" + FormatDate(listing.as_of) + "\",\"items\":[";
  auto key = [&](const char* name, std::string_view value) {
    out += '"';
    out += name;
    out += "\":";
    AppendJsonString(out, value);
  };
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& item = listing.items[items[i]];
    out += i ? ",{" : "{";
    key("enum", item.enum_name);
    out += ',';
    key("value", item.value);
    out += ',';
    key("name", item.name);
    out += ',';
    key("zh_name", item.zh_name);
    out += ",\"akas\":[";
    for (size_t a = 0; a < item.akas.size(); ++a) {
      if (a) out += ',';
      AppendJsonString(out, item.akas[a]);
    }
    out += "],\"codes\":[";
    for (size_t r = 0; r < item.rows.size(); ++r) {
      const Row& row = item.rows[r];
      out += r ? ",{" : "{";
      key("scheme", row.scheme);
      out += ',';
      key("code", row.code);
      out += fmt::format(",\"in_force\":{},\"rules\":[", row.in_force);
      for (size_t k = 0; k < row.rules.size(); ++k) {
        const RowRule& rule = row.rules[k];
        out += k ? ",{" : "{";
        key("rule", rule.name);
        out += ',';
        key("from", DateText(rule.from));
        out += ',';
        key("until", DateText(rule.until));
        out += fmt::format(",\"in_force\":{},", rule.in_force);
        key("assessment", rule.assessment);
        out += ',';
        key("assessment_text", rule.assessment_text);
        out += ',';
        key("scope", rule.because);
        out += ",\"decided_by\":[";
        for (size_t f = 0; f < rule.reads.size(); ++f) {
          if (f) out += ',';
          AppendJsonString(out, rule.reads[f]);
        }
        out += "],";
        key("source", rule.source);
        out += '}';
      }
      out += "]}";
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

}  // namespace ccr::catalog
