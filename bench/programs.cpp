#include "bench/programs.h"

#include <fmt/format.h>

#include "compiler/driver/driver.h"
#include "runtime/base/files.h"

namespace ccr::bench {

std::string SourceRoot() { return CCR_BENCH_SOURCE_ROOT; }

Expected<bytecode::VerifiedProgram> LoadDefaultBundle(const std::string& path) {
  std::string file = path.empty() ? std::string(CCR_BENCH_DEFAULT_BUNDLE) : path;
  auto bytes = ReadWholeFile(file);
  if (!bytes) return bytes.error();
  return bytecode::Load({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()}, file);
}

Expected<bytecode::VerifiedProgram> CompileProgram(const std::vector<std::string>& inputs) {
  auto compilation = driver::Compile(inputs, driver::Options{});
  if (!compilation) return compilation.error();
  const driver::Compilation& c = **compilation;
  if (!c.bytecode) {
    std::string first =
        c.sink.diagnostics().empty() ? "unknown error" : c.sink.diagnostics().front().message;
    return Error{fmt::format("{}: does not compile: {}", fmt::join(inputs, ", "), first)};
  }
  std::vector<uint8_t> bytes = bytecode::Write(*c.bytecode);
  return bytecode::Load(bytes, fmt::format("{}", fmt::join(inputs, ", ")));
}

Expected<bytecode::VerifiedProgram> LoadRuleSet(const std::string& name,
                                                const std::string& bundle_path) {
  if (name == "core") return LoadDefaultBundle(bundle_path);
  if (name != "china15" && name != "wide200") {
    return Error{fmt::format("unknown rule set `{}`; expected core, china15 or wide200", name)};
  }
  return CompileProgram({SourceRoot() + "/bench/sets/" + name + ".ccr"});
}

}  // namespace ccr::bench
