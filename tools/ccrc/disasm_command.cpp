// ccrc disasm FILE.ccrb: readable bytecode, then verification (a listing of a file the VM would
// refuse says so).
#include <cstdio>
#include <memory>
#include <span>

#include "runtime/base/files.h"
#include "runtime/bytecode/bytecode.h"
#include "tools/ccrc/commands.h"
#include "tools/common/exit_codes.h"

namespace ccr::tools {
namespace {

int Disasm(const std::string& path) {
  auto bytes = ReadWholeFile(path);
  if (!bytes) {
    std::fprintf(stderr, "error: %s\n", bytes.error().message.c_str());
    return kExitInput;
  }
  std::span<const uint8_t> view(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
  auto module = bytecode::Read(view, path);
  if (!module) {
    std::fprintf(stderr, "error: %s\n", module.error().message.c_str());
    return kExitInput;
  }
  if (int printed = Print(bytecode::Disassemble(*module)); printed != kExitOk) return printed;
  // A listing of a file the VM would refuse must say so.
  auto verified = bytecode::Verify(std::move(*module), path);
  if (!verified) {
    std::fprintf(stderr, "error: %s\n", verified.error().message.c_str());
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace

Command AddDisasmCommand(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  CLI::App* disasm = app.add_subcommand("disasm", "print a .ccrb file as readable bytecode");
  disasm->add_option("file", *path, "the .ccrb file")->required();
  return {disasm, [path] { return Disasm(*path); }};
}

}  // namespace ccr::tools
