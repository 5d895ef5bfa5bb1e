// The bytecode fuzzer's mutator (linked into bytecode_fuzzer only, not the replay): libFuzzer's
// own mutations, then the header checksum recomputed. A .ccrb whose checksum does not match is
// refused before anything else is read, so without this nearly every mutated input tests only
// the checksum (3.3 million runs of the plain mutator found 22 new paths in 270 s). The
// checksum check itself is covered by bytecode_test and the e2e corruption tests.
#include <cstddef>
#include <cstdint>
#include <span>

#include "runtime/bytecode/internal/crc32.h"
#include "runtime/bytecode/internal/layout.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  using namespace ccr::bytecode::internal;
  size = LLVMFuzzerMutate(data, size, max_size);
  if (size < kHeaderSize) return size;
  uint32_t crc = Crc32(std::span<const uint8_t>(data + kHeaderSize, size - kHeaderSize));
  for (int i = 0; i < 4; ++i) data[kChecksumOffset + i] = static_cast<uint8_t>(crc >> (8 * i));
  return size;
}
