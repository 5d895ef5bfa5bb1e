// Write: Module -> .ccrb bytes. The container is a fixed header, a section directory and the
// sections end to end (docs/bytecode.md); the records inside follow internal/layout.h.
//
// Deterministic by construction: every field is written explicitly, little-endian, in a fixed
// order, with no padding, pointers or timestamps, so equal modules give identical bytes and a
// build is reproducible.
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "runtime/base/check.h"
#include "runtime/bytecode/bytecode.h"
#include "runtime/bytecode/internal/bytes.h"
#include "runtime/bytecode/internal/crc32.h"
#include "runtime/bytecode/internal/layout.h"

namespace ccr::bytecode {

namespace {

using namespace internal;

// The `io` of internal/layout.h that appends each field to a byte buffer.
class Encoder {
 public:
  std::vector<uint8_t>& bytes() { return bytes_; }

  void U8(uint8_t value) { AppendU8(bytes_, value); }
  void U32(uint32_t value) { AppendU32(bytes_, value); }
  void I32(int32_t value) { AppendU32(bytes_, static_cast<uint32_t>(value)); }
  void F64(double value) { AppendU64(bytes_, DoubleBits(value)); }
  void Bool(bool value) { AppendU8(bytes_, value ? 1 : 0); }
  template <typename E>
  void Byte(E value) {
    static_assert(std::is_same_v<std::underlying_type_t<E>, uint8_t>);
    AppendU8(bytes_, static_cast<uint8_t>(value));
  }
  void String(const std::string& value) {
    U32(Count(value.size()));
    bytes_.insert(bytes_.end(), value.begin(), value.end());
  }
  template <typename T>
  void Vector(const std::vector<T>& values) {
    U32(Count(values.size()));
    for (const T& value : values) Fields(*this, value);
  }

 private:
  // Counts are u32 in the format; a table of 2^32 entries is far past any real module (and
  // past ReadLimits), so reaching one is a compiler bug.
  static uint32_t Count(size_t size) {
    CCR_CHECK(size <= UINT32_MAX);
    return static_cast<uint32_t>(size);
  }

  std::vector<uint8_t> bytes_;
};

std::vector<std::vector<uint8_t>> EncodeSections(const Module& module) {
  std::vector<std::vector<uint8_t>> sections;
  ForEachSection(module, [&](SectionId, const auto& table) {
    Encoder encoder;
    encoder.Vector(table);
    sections.push_back(std::move(encoder.bytes()));
  });
  return sections;
}

}  // namespace

std::vector<uint8_t> Write(const Module& module) {
  std::vector<std::vector<uint8_t>> sections = EncodeSections(module);

  std::vector<uint8_t> out(std::begin(kMagic), std::end(kMagic));
  AppendU16(out, kFormatVersion);
  AppendU16(out, 0);  // reserved
  AppendU32(out, 0);  // checksum, filled in last

  AppendU32(out, kSectionCount);
  size_t offset = kHeaderSize + 4 + kSectionCount * kDirectoryEntrySize;
  uint32_t index = 0;
  ForEachSection(module, [&](SectionId id, const auto&) {
    const std::vector<uint8_t>& body = sections[index++];
    CCR_CHECK(offset + body.size() <= UINT32_MAX);
    AppendU32(out, static_cast<uint32_t>(id));
    AppendU32(out, static_cast<uint32_t>(offset));
    AppendU32(out, static_cast<uint32_t>(body.size()));
    offset += body.size();
  });
  for (const std::vector<uint8_t>& body : sections) out.insert(out.end(), body.begin(), body.end());

  std::span<const uint8_t> covered(out.data() + kHeaderSize, out.size() - kHeaderSize);
  StoreU32(out, kChecksumOffset, Crc32(covered));
  return out;
}

}  // namespace ccr::bytecode
