// Answers as people type them, and facts back to JSON (for `ccr ask` and its saved file).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "runtime/ask/ask.h"
#include "runtime/base/json_writer.h"
#include "runtime/base/suggest.h"
#include "runtime/catalog/catalog.h"

namespace ccr::ask {

using bytecode::kNone;
using bytecode::Module;
using bytecode::TypeKind;

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Looks up one enum value by name or by its 1-based number in the listed values.
Expected<uint32_t> EnumValue(const Module& module, uint32_t enum_index, std::string_view word) {
  const auto& values = module.enums[enum_index].values;
  for (uint32_t i = 0; i < values.size(); ++i) {
    if (module.strings[values[i]] == word) return i;
  }
  // A catalogue code or a name people use (`0717`, `kettle`, `电水壶`) names its value; a code
  // is tried before a value number.
  if (std::optional<uint32_t> value = catalog::FindValue(module, enum_index, word)) return *value;
  if (!word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    unsigned long number = std::strtoul(std::string(word).c_str(), nullptr, 10);
    if (number >= 1 && number <= values.size()) return static_cast<uint32_t>(number - 1);
    return Error{fmt::format("there is no value number {}; choose 1 to {}", word, values.size())};
  }
  if (std::vector<uint32_t> close = catalog::RankValues(module, enum_index, word, 1);
      !close.empty()) {
    return Error{fmt::format("no value `{}`; did you mean {}?", word,
                             catalog::DescribeValue(module, enum_index, close.front()))};
  }
  return Error{
      fmt::format("no value `{}`; answer one of the listed values (name or number)", word)};
}

Expected<facts::Value> ParseKnown(const Module& module, uint32_t fact_index,
                                  std::string_view text) {
  const bytecode::Fact& fact = module.facts[fact_index];
  facts::Value value;
  value.known = true;
  switch (fact.type.kind) {
    case TypeKind::Bool: {
      std::string word = Lower(text);
      if (word == "y" || word == "yes" || word == "true") {
        value.boolean = true;
      } else if (word == "n" || word == "no" || word == "false") {
        value.boolean = false;
      } else {
        return Error{
            fmt::format("`{}` is not yes or no; answer y, n, yes, no, true or false", text)};
      }
      return value;
    }
    case TypeKind::Number: {
      std::string number_text(text);
      if (fact.unit != kNone) {
        const std::string& unit = module.strings[fact.unit];
        std::string_view rest = text;
        if (rest.size() > unit.size() && rest.substr(rest.size() - unit.size()) == unit) {
          number_text = std::string(Trim(rest.substr(0, rest.size() - unit.size())));
        }
      }
      char* end = nullptr;
      double number = std::strtod(number_text.c_str(), &end);
      if (number_text.empty() || end != number_text.c_str() + number_text.size() ||
          !std::isfinite(number)) {
        std::string unit = fact.unit != kNone ? " " + module.strings[fact.unit] : "";
        return Error{
            fmt::format("`{}` is not a number; answer a number such as 220{}", text, unit)};
      }
      value.number = number;
      return value;
    }
    case TypeKind::String:
      value.text = std::string(text);
      for (uint32_t i = 0; i < module.strings.size(); ++i) {
        if (module.strings[i] == text) {
          value.index = i;
          break;
        }
      }
      return value;
    case TypeKind::Enum: {
      auto index = EnumValue(module, fact.type.enum_index, text);
      if (!index) return index.error();
      value.index = *index;
      return value;
    }
    case TypeKind::EnumSet: {
      std::string word = Lower(text);
      if (word == "none" || word == "{}" || word == "[]") return value;
      std::string list(text);
      for (char& c : list) {
        if (c == ',' || c == '{' || c == '}' || c == '[' || c == ']') c = ' ';
      }
      size_t at = 0;
      while (at < list.size()) {
        size_t start = list.find_first_not_of(' ', at);
        if (start == std::string::npos) break;
        size_t end = list.find(' ', start);
        if (end == std::string::npos) end = list.size();
        auto index = EnumValue(module, fact.type.enum_index, list.substr(start, end - start));
        if (!index) return index.error();
        value.bits |= uint64_t{1} << *index;
        at = end;
      }
      return value;
    }
  }
  return Error{"unsupported fact type"};
}

}  // namespace

Expected<facts::Value> ParseAnswer(const Module& module, uint32_t fact, std::string_view text) {
  text = Trim(text);
  std::string word = Lower(text);
  if (word.empty() || word == "?" || word == "skip" || word == "unknown") return facts::Value{};
  return ParseKnown(module, fact, text);
}

void AppendValueJson(std::string& out, const Module& module, uint32_t fact_index,
                     const facts::Value& value) {
  const bytecode::Fact& fact = module.facts[fact_index];
  switch (fact.type.kind) {
    case TypeKind::Bool:
      out += value.boolean ? "true" : "false";
      return;
    case TypeKind::Number:
      AppendJsonNumber(out, value.number);
      return;
    case TypeKind::String:
      AppendJsonString(out, value.text);
      return;
    case TypeKind::Enum:
      AppendJsonString(out, module.strings[module.enums[fact.type.enum_index].values[value.index]]);
      return;
    case TypeKind::EnumSet: {
      const auto& values = module.enums[fact.type.enum_index].values;
      out += '[';
      bool first = true;
      for (size_t i = 0; i < values.size(); ++i) {
        if (!((value.bits >> i) & 1)) continue;
        if (!first) out += ", ";
        first = false;
        AppendJsonString(out, module.strings[values[i]]);
      }
      out += ']';
      return;
    }
  }
}

std::string FactsJson(const Module& module, const facts::Product& product) {
  std::string out = "{";
  bool first = true;
  auto key = [&](std::string_view name) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    AppendJsonString(out, name);
    out += ": ";
  };
  if (!product.name.empty()) {
    key("product");
    AppendJsonString(out, product.name);
  }
  for (uint32_t fact = 0; fact < product.values.size(); ++fact) {
    if (!product.values[fact].known) continue;
    key(module.strings[module.facts[fact].name]);
    AppendValueJson(out, module, fact, product.values[fact]);
  }
  out += first ? "}\n" : "\n}\n";
  return out;
}

}  // namespace ccr::ask
