#include "compiler/analysis/internal/witness.h"

#include <fmt/format.h>

#include "runtime/base/json_writer.h"

namespace ccr::analysis::internal {

std::string WitnessJson(const check::CheckedModule& module, const Candidate& product) {
  std::string out = "{";
  for (size_t fact = 0; fact < product.size() && fact < module.facts.size(); ++fact) {
    const FactValue& value = product[fact];
    if (value.state != FactValue::State::Known) continue;
    const check::Type& type = module.facts[fact].type;
    if (out.size() > 1) out += ", ";
    AppendJsonString(out, module.facts[fact].name);
    out += ": ";
    switch (type.kind) {
      case check::Type::Kind::Bool:
        out += value.boolean ? "true" : "false";
        break;
      case check::Type::Kind::Number:
        out += fmt::format("{}", value.number);
        break;
      case check::Type::Kind::String:
        AppendJsonString(out, value.text);
        break;
      case check::Type::Kind::Enum:
        AppendJsonString(out, module.enums[type.enum_index].values[value.enum_value]);
        break;
      case check::Type::Kind::EnumSet: {
        out += "[";
        const auto& names = module.enums[type.enum_index].values;
        bool first = true;
        for (size_t member = 0; member < names.size() && member < 64; ++member) {
          if ((value.members & (uint64_t{1} << member)) == 0) continue;
          if (!first) out += ", ";
          first = false;
          AppendJsonString(out, names[member]);
        }
        out += "]";
        break;
      }
      default:
        out += "null";
        break;
    }
  }
  return out + "}";
}

}  // namespace ccr::analysis::internal
