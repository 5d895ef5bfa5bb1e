// The .ccrb file format: write, read, verify, disassemble (format spec: docs/bytecode.md).
//
// Write(Module) -> bytes is deterministic: equal modules give equal bytes. Read(bytes) checks
// the container (magic, version, checksum, section bounds) and decodes tables without trusting
// any count; Verify(Module) checks every cross-reference and every rule's code (operands, jump
// targets, stack depth and operand types on every path) and is the only way to make a
// VerifiedProgram, the only thing the VM accepts.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/expected.h"
#include "runtime/bytecode/module.h"

namespace ccr::bytecode {

// The first bytes of every .ccrb file.
inline constexpr char kMagic[4] = {'C', 'C', 'R', 'B'};
// Bumped whenever the layout changes; Read rejects other versions with a message that says so.
inline constexpr uint16_t kFormatVersion = 7;

// Deepest operand stack a verified rule may use on any path. The VM evaluates a rule on a
// stack of this size without bounds checks, so the verifier proves the bound. A compiled
// condition needs one slot per pending operand (a handful even for long catalogues); 256 only
// rejects hostile code.
inline constexpr uint32_t kMaxStackDepth = 256;

// Limits Read enforces before allocating, so a hostile file cannot exhaust memory.
// Errors name the limit (ErrorKind::BytecodeTooLarge, R0204); docs/limits.md lists them.
//
// There is no separate VM step budget: the verifier proves that jumps only go forward, so one
// evaluation executes at most the code section's instructions once each; max_section_bytes
// bounds that.
struct ReadLimits {
  // Largest accepted file: far beyond any real rule bundle (the full standard rules are
  // tens of kilobytes), small enough to keep a bad file from taking the machine's memory.
  size_t max_file_bytes = 64u * 1024 * 1024;
  // Largest section (table or code). The largest real section is a few kilobytes.
  size_t max_section_bytes = 16u * 1024 * 1024;
  // Memory decoding may allocate in all (strings and table entries). Decoded tables take more
  // memory than their encoding (an empty string: 4 bytes in the file, 32 in memory), so this,
  // not the file size, bounds what a hostile file can make Read allocate.
  size_t max_decoded_bytes = 256u * 1024 * 1024;
};

class VerifiedProgram;

// Serializes `module`. `module` need not be verified, but Read+Verify of the result succeed
// only if it is well formed.
std::vector<uint8_t> Write(const Module& module);

// Decodes a .ccrb image. `name` (usually the file path) starts every error message:
// "my.ccrb: corrupt bytecode: ...".
Expected<Module> Read(std::span<const uint8_t> bytes, std::string_view name,
                      const ReadLimits& limits = {});

// Checks `module` completely; on success the module is owned by the returned program.
Expected<VerifiedProgram> Verify(Module module, std::string_view name);

// Read followed by Verify.
Expected<VerifiedProgram> Load(std::span<const uint8_t> bytes, std::string_view name,
                               const ReadLimits& limits = {});

// Returns a readable listing of every table and every rule's code (`ccrc disasm`).
// Deterministic; safe on unverified modules (bad references print as `<bad N>`).
std::string Disassemble(const Module& module);

// A module that passed Verify: every index is in range, every rule's code is well typed,
// ends in `return` on every path and jumps only forward. The VM relies on this.
class VerifiedProgram {
 public:
  const Module& module() const { return module_; }

  // Distinct for every program Verify returns (copies share it: they hold the same module),
  // so tables derived from a program can be cached by it (the JSON report's fragments).
  uint64_t id() const { return id_; }

 private:
  explicit VerifiedProgram(Module module);
  friend Expected<VerifiedProgram> Verify(Module module, std::string_view name);

  Module module_;
  uint64_t id_;
};

}  // namespace ccr::bytecode
