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

int Disasm(const std::string& path, const bytecode::ReadLimits& limits) {
  auto bytes = ReadWholeFile(path);
  if (!bytes) {
    std::fputs(FormatError(bytes.error()).c_str(), stderr);
    return kExitInput;
  }
  std::span<const uint8_t> view(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
  auto module = bytecode::Read(view, path, limits);
  if (!module) {
    std::fputs(FormatError(module.error()).c_str(), stderr);
    return kExitInput;
  }
  if (int printed = Print(bytecode::Disassemble(*module)); printed != kExitOk) return printed;
  // A listing of a file the VM would refuse must say so.
  auto verified = bytecode::Verify(std::move(*module), path);
  if (!verified) {
    std::fputs(FormatError(verified.error()).c_str(), stderr);
    return kExitInput;
  }
  return kExitOk;
}

}  // namespace

Command AddDisasmCommand(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto limits = std::make_shared<bytecode::ReadLimits>();
  CLI::App* disasm = app.add_subcommand("disasm", "print a .ccrb file as readable bytecode");
  disasm->add_option("file", *path, "the .ccrb file")->required();
  // The reader's limits (docs/limits.md), to inspect a file another tool refused.
  disasm->add_option("--max-bytecode-bytes", limits->max_file_bytes, "largest accepted file")
      ->capture_default_str();
  disasm->add_option("--max-section-bytes", limits->max_section_bytes, "largest section")
      ->capture_default_str();
  disasm
      ->add_option("--max-decoded-bytes", limits->max_decoded_bytes,
                   "most memory decoding may allocate")
      ->capture_default_str();
  return {disasm, [path, limits] { return Disasm(*path, *limits); }};
}

}  // namespace ccr::tools
