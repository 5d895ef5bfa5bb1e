// Test helper: compiles one source text in memory (parse, check, lower; no standard library,
// no imports), for tests and fuzz targets that generate their rules.
#pragma once

#include <optional>
#include <string>

#include "compiler/diagnostics/diagnostic.h"
#include "runtime/bytecode/module.h"

namespace ccr::testing {

struct CompiledSource {
  std::optional<bytecode::Module> module;  // set iff there were no errors
  std::string diagnostics;                 // every diagnostic, rendered as text
};

CompiledSource CompileSource(const std::string& text, const std::string& path = "random.ccr");

}  // namespace ccr::testing
