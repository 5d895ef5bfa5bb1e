// Little-endian integer encoding, the one byte order of the .ccrb format. Written out byte by
// byte (never memcpy of a host integer) so the format does not depend on the host.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace ccr::bytecode::internal {

// Returns the u32 stored little-endian at `p`; the caller guarantees four readable bytes.
inline uint32_t LoadU32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

// Returns the u16 stored little-endian at `p`; the caller guarantees two readable bytes.
inline uint16_t LoadU16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }

// Returns the u64 stored little-endian at `p`; the caller guarantees eight readable bytes.
inline uint64_t LoadU64(const uint8_t* p) {
  return static_cast<uint64_t>(LoadU32(p)) | static_cast<uint64_t>(LoadU32(p + 4)) << 32;
}

inline void AppendU8(std::vector<uint8_t>& out, uint8_t value) { out.push_back(value); }

inline void AppendU16(std::vector<uint8_t>& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value));
  out.push_back(static_cast<uint8_t>(value >> 8));
}

inline void AppendU32(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

inline void AppendU64(std::vector<uint8_t>& out, uint64_t value) {
  AppendU32(out, static_cast<uint32_t>(value));
  AppendU32(out, static_cast<uint32_t>(value >> 32));
}

// Overwrites four bytes at `offset` (for fields known only after later bytes are written).
inline void StoreU32(std::vector<uint8_t>& out, size_t offset, uint32_t value) {
  for (int i = 0; i < 4; ++i) out[offset + i] = static_cast<uint8_t>(value >> (8 * i));
}

// Doubles travel as their IEEE-754 bit pattern: exact, and NaN payloads survive.
inline uint64_t DoubleBits(double value) { return std::bit_cast<uint64_t>(value); }
inline double BitsDouble(uint64_t bits) { return std::bit_cast<double>(bits); }

}  // namespace ccr::bytecode::internal
