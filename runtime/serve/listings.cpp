// The routes that list what the bundle declares: schemes, authorities, components, facts,
// categories. Fixed key order, optional members omitted (never null), like the reports.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "runtime/base/json_writer.h"
#include "runtime/catalog/catalog.h"
#include "runtime/facts/facts.h"
#include "runtime/serve/internal/routes.h"

namespace ccr::serve::internal {

namespace {

using bytecode::kNone;

void AppendOptional(std::string& out, const bytecode::Module& module, std::string_view key,
                    uint32_t string) {
  if (string == kNone) return;
  out += fmt::format(",\"{}\":", key);
  AppendJsonString(out, module.strings[string]);
}

std::string Head(std::string_view schema, const Bundle& bundle) {
  return fmt::format("{{\"schema\":\"{}\",\"bundle\":\"{}\"", schema, bundle.hash);
}

Response Json(std::string body) {
  Response response;
  response.body = std::move(body);
  return response;
}

std::string_view KindName(bytecode::TypeKind kind) {
  switch (kind) {
    case bytecode::TypeKind::Bool:
      return "bool";
    case bytecode::TypeKind::Number:
      return "number";
    case bytecode::TypeKind::String:
      return "string";
    case bytecode::TypeKind::Enum:
      return "enum";
    case bytecode::TypeKind::EnumSet:
      return "set";
  }
  return "bool";
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whether `needle` (lower case) occurs in `text`, ignoring case and reading `_` as a blank.
bool Matches(std::string_view text, const std::string& needle) {
  std::string hay = Lower(text);
  std::replace(hay.begin(), hay.end(), '_', ' ');
  std::string wanted = needle;
  std::replace(wanted.begin(), wanted.end(), '_', ' ');
  return hay.find(wanted) != std::string::npos;
}

}  // namespace

Response Schemes(Context& context) {
  const bytecode::Module& module = context.bundle->program.module();
  std::string out = Head("ccr.schemes/1", *context.bundle) + ",\"schemes\":[";
  for (size_t i = 0; i < module.schemes.size(); ++i) {
    const bytecode::Scheme& scheme = module.schemes[i];
    if (i > 0) out += ',';
    out += "{\"scheme\":";
    AppendJsonString(out, module.strings[scheme.id]);
    AppendOptional(out, module, "name", scheme.name);
    AppendOptional(out, module, "zh_name", scheme.zh_name);
    out += ",\"authority\":";
    AppendJsonString(out, module.strings[module.authorities[scheme.authority].id]);
    out += ",\"partners\":[";
    for (size_t p = 0; p < scheme.partners.size(); ++p) {
      if (p > 0) out += ',';
      AppendJsonString(out, module.strings[module.authorities[scheme.partners[p]].id]);
    }
    out += fmt::format("],\"level\":\"{}\"",
                       scheme.level == bytecode::Level::Mandatory ? "mandatory" : "voluntary");
    AppendOptional(out, module, "impact", scheme.impact);
    AppendOptional(out, module, "mode", scheme.mode);
    out += '}';
  }
  return Json(out + "]}\n");
}

Response Authorities(Context& context) {
  const bytecode::Module& module = context.bundle->program.module();
  std::string out = Head("ccr.authorities/1", *context.bundle) + ",\"authorities\":[";
  for (size_t i = 0; i < module.authorities.size(); ++i) {
    const bytecode::Authority& authority = module.authorities[i];
    if (i > 0) out += ',';
    out += "{\"authority\":";
    AppendJsonString(out, module.strings[authority.id]);
    AppendOptional(out, module, "name", authority.name);
    AppendOptional(out, module, "zh_name", authority.zh_name);
    if (authority.parent != kNone) {
      out += ",\"parent\":";
      AppendJsonString(out, module.strings[module.authorities[authority.parent].id]);
    }
    out += '}';
  }
  return Json(out + "]}\n");
}

// The parts of a product a rule can attach a scheme to (`require CCC for supplied_adapter`),
// named as reports' `obligations` name them, so a page can show them in either language.
Response Components(Context& context) {
  const bytecode::Module& module = context.bundle->program.module();
  std::string out = Head("ccr.components/1", *context.bundle) + ",\"components\":[";
  for (size_t i = 0; i < module.components.size(); ++i) {
    const bytecode::Component& component = module.components[i];
    if (i > 0) out += ',';
    out += "{\"component\":";
    AppendJsonString(out, module.strings[component.id]);
    AppendOptional(out, module, "name", component.name);
    AppendOptional(out, module, "zh_name", component.zh_name);
    out += '}';
  }
  return Json(out + "]}\n");
}

Response Facts(Context& context) {
  const bytecode::Module& module = context.bundle->program.module();
  std::string out = Head("ccr.facts/1", *context.bundle) + ",\"facts\":[";
  for (size_t i = 0; i < module.facts.size(); ++i) {
    const bytecode::Fact& fact = module.facts[i];
    if (i > 0) out += ',';
    out += "{\"fact\":";
    AppendJsonString(out, module.strings[fact.name]);
    out += ",\"type\":";
    AppendJsonString(out, facts::DeclaredType(module, fact));
    out += fmt::format(",\"kind\":\"{}\"", KindName(fact.type.kind));
    AppendOptional(out, module, "unit", fact.unit);
    AppendOptional(out, module, "doc", fact.doc);
    if (fact.type.kind == bytecode::TypeKind::Enum ||
        fact.type.kind == bytecode::TypeKind::EnumSet) {
      out += ",\"values\":[";
      const auto& values = module.enums[fact.type.enum_index].values;
      for (size_t v = 0; v < values.size(); ++v) {
        if (v > 0) out += ',';
        AppendJsonString(out, module.strings[values[v]]);
      }
      out += ']';
    }
    out += '}';
  }
  return Json(out + "]}\n");
}

Response Categories(Context& context) {
  const Bundle& bundle = *context.bundle;
  const bytecode::Module& module = bundle.program.module();
  std::string out = Head("ccr.categories/1", bundle);
  if (bundle.category_fact == kNone) return Json(out + ",\"categories\":[]}\n");
  const bytecode::Fact& fact = module.facts[bundle.category_fact];
  out += ",\"fact\":";
  AppendJsonString(out, module.strings[fact.name]);
  out += ",\"categories\":[";
  const bytecode::Enum& category = module.enums[fact.type.enum_index];

  // The catalogue entries (names, codes) of the category values, by value index.
  const catalog::Listing listing = catalog::List(module, context.query.as_of);
  std::vector<const catalog::Item*> entry_of(category.values.size(), nullptr);
  for (const catalog::Item& item : listing.items) {
    if (item.enum_name != module.strings[category.name]) continue;
    for (uint32_t v = 0; v < category.values.size(); ++v) {
      if (module.strings[category.values[v]] == item.value) entry_of[v] = &item;
    }
  }
  // The named catalogues (sets of this enum) listing a value.
  auto catalogues_of = [&](uint32_t v) {
    std::vector<uint32_t> names;
    for (const bytecode::ValueSet& set : module.sets) {
      if (set.name != kNone && set.element == fact.type &&
          std::binary_search(set.members.begin(), set.members.end(), v)) {
        names.push_back(set.name);
      }
    }
    return names;
  };

  // Which values, in which order: all of them without `q`; otherwise what the catalogue lookup
  // finds (by code, English or Chinese name, aka, close spelling; best first, as `ccr catalog
  // --find` ranks), then the values whose name or catalogue contains `q`.
  std::vector<uint32_t> shown;
  std::vector<bool> taken(category.values.size(), false);
  auto take = [&](uint32_t v) {
    if (!taken[v]) shown.push_back(v);
    taken[v] = true;
  };
  const std::string needle = Lower(context.query.q);
  if (!needle.empty()) {
    for (size_t index : catalog::Lookup(listing, context.query.q)) {
      for (uint32_t v = 0; v < category.values.size(); ++v) {
        if (entry_of[v] == &listing.items[index]) take(v);
      }
    }
  }
  for (uint32_t v = 0; v < category.values.size(); ++v) {
    bool hit = needle.empty() || Matches(module.strings[category.values[v]], needle);
    for (uint32_t name : catalogues_of(v)) hit = hit || Matches(module.strings[name], needle);
    if (hit) take(v);
  }

  for (size_t i = 0; i < shown.size(); ++i) {
    const uint32_t v = shown[i];
    if (i > 0) out += ',';
    out += "{\"value\":";
    AppendJsonString(out, module.strings[category.values[v]]);
    if (const catalog::Item* entry = entry_of[v]) {
      for (const auto& [key, text] :
           {std::pair{"name", &entry->name}, {"zh_name", &entry->zh_name}}) {
        if (text->empty()) continue;
        out += fmt::format(",\"{}\":", key);
        AppendJsonString(out, *text);
      }
      if (!entry->rows.empty()) {
        out += ",\"codes\":[";
        for (size_t r = 0; r < entry->rows.size(); ++r) {
          if (r > 0) out += ',';
          out += "{\"scheme\":";
          AppendJsonString(out, entry->rows[r].scheme);
          out += ",\"code\":";
          AppendJsonString(out, entry->rows[r].code);
          out += fmt::format(",\"in_force\":{}}}", entry->rows[r].in_force);
        }
        out += ']';
      }
    }
    out += ",\"catalogues\":[";
    const std::vector<uint32_t> catalogues = catalogues_of(v);
    for (size_t c = 0; c < catalogues.size(); ++c) {
      if (c > 0) out += ',';
      AppendJsonString(out, module.strings[catalogues[c]]);
    }
    out += "]}";
  }
  return Json(out + "]}\n");
}

}  // namespace ccr::serve::internal
