// The rule programs the benchmarks run: the default bundle (stdlib + rules/products, as
// built for `ccr`), and programs compiled from .ccr sources with the standard library.
#pragma once

#include <string>
#include <vector>

#include "runtime/base/expected.h"
#include "runtime/bytecode/bytecode.h"

namespace ccr::bench {

// Loads and verifies the default bundle the build compiled (build/default.ccrb), or the
// .ccrb at `path` when it is not empty.
Expected<bytecode::VerifiedProgram> LoadDefaultBundle(const std::string& path = "");

// Compiles `inputs` (files or directories) with the standard library, then writes, reads back
// and verifies the bytecode, as `ccrc compile` does. An error names the first diagnostic.
Expected<bytecode::VerifiedProgram> CompileProgram(const std::vector<std::string>& inputs);

// The benchmark's rule sets by name: `core` (the default bundle, or the .ccrb at
// `bundle_path` when it is not empty), `china15` and `wide200` (bench/sets/<name>.ccr,
// compiled with the standard library). docs/performance.md describes them.
inline constexpr const char* kRuleSets[] = {"core", "china15", "wide200"};
Expected<bytecode::VerifiedProgram> LoadRuleSet(const std::string& name,
                                                const std::string& bundle_path = "");

// Returns the repository's root (the source directory this binary was built from).
std::string SourceRoot();

}  // namespace ccr::bench
