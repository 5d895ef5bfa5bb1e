#include "compiler/check/check.h"

#include "compiler/check/internal/checker.h"

namespace ccr::check {

CheckedModule Check(const ast::Module& module, const diag::SourceManager& sources,
                    diag::DiagnosticSink& sink, const CheckOptions& options) {
  return internal::Checker(module, sources, sink, options).Run();
}

std::string TypeName(const CheckedModule& module, const Type& type) {
  auto enum_name = [&](int32_t index) {
    return index >= 0 && index < static_cast<int32_t>(module.enums.size())
               ? module.enums[index].name
               : std::string("?");
  };
  switch (type.kind) {
    case Type::Kind::Error:
      return "<error>";
    case Type::Kind::Bool:
      return "bool";
    case Type::Kind::Number:
      return type.unit.empty() ? "number" : "number in " + type.unit;
    case Type::Kind::String:
      return "string";
    case Type::Kind::Enum:
      return enum_name(type.enum_index);
    case Type::Kind::EnumSet:
      return "set of " + enum_name(type.enum_index);
    case Type::Kind::ValueSet:
      return type.string_elements ? "set of string" : "set of " + enum_name(type.enum_index);
  }
  return "?";
}

}  // namespace ccr::check
