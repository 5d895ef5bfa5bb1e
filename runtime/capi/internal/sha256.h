// SHA-256 (FIPS 180-4), for naming a bundle by its bytes (ccr_program_hash). Written from the
// standard: Debian's build of the project has no crypto library, and a cache key shared
// between machines (the Dask workers' bundle cache) wants a collision-resistant hash, not a
// checksum.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace ccr::capi::internal {

// Returns the SHA-256 digest of `bytes` as 64 lower-case hex digits.
std::string Sha256Hex(std::span<const uint8_t> bytes);

}  // namespace ccr::capi::internal
