// CRC-32 (the IEEE 802.3 / zlib polynomial, reflected), the .ccrb checksum. Small enough to own
// rather than take a dependency for; it catches every single-byte error and every burst up to
// 32 bits, which is what a damaged or truncated file looks like.
#pragma once

#include <cstdint>
#include <span>

namespace ccr::bytecode::internal {

// Returns the CRC-32 of `bytes` ("123456789" gives 0xCBF43926).
uint32_t Crc32(std::span<const uint8_t> bytes);

}  // namespace ccr::bytecode::internal
