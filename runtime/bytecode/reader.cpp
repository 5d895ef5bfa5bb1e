// Read: .ccrb bytes -> Module, trusting nothing. The container is checked before any table is
// decoded (size limit, magic, version, checksum, a directory of exactly the known sections
// laid end to end with no gap, overlap or trailing byte), then each section is decoded within
// its own bounds. Every count is checked against the bytes left before anything is allocated,
// so memory stays within a small multiple of the file size and every loop is bounded by it.
//
// Read checks the encoding only; what the bytes mean (indices, code) is Verify's job.
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/bytecode/bytecode.h"
#include "runtime/bytecode/internal/bytes.h"
#include "runtime/bytecode/internal/crc32.h"
#include "runtime/bytecode/internal/errors.h"
#include "runtime/bytecode/internal/layout.h"

namespace ccr::bytecode {

namespace {

using namespace internal;

// The `io` of internal/layout.h that decodes fields from one section. Errors are sticky: after
// the first, every call does nothing, and the first message is the one reported.
class Decoder {
 public:
  // `base` is the section's offset in the file, so messages give file offsets.
  // `budget` is the memory decoding may still allocate (ReadLimits::max_decoded_bytes),
  // shared by every section's decoder.
  Decoder(std::span<const uint8_t> bytes, size_t base, std::string_view file,
          std::string_view section, size_t& budget)
      : bytes_(bytes), base_(base), file_(file), section_(section), budget_(budget) {}

  std::optional<Error>& error() { return error_; }

  // Charges `bytes` of decoded memory; fails once the budget is exhausted.
  bool Spend(uint64_t bytes) {
    if (bytes > budget_) {
      error_ = Error{fmt::format("{}: decoding section `{}` needs more memory than the limit "
                                 "`max_decoded_bytes` allows; the file is not a real rule bundle",
                                 file_, section_),
                     ErrorKind::BytecodeTooLarge};
      return false;
    }
    budget_ -= bytes;
    return true;
  }
  bool failed() const { return error_.has_value(); }
  size_t remaining() const { return bytes_.size() - position_; }

  void U8(uint8_t& value) {
    if (const uint8_t* p = Take(1)) value = *p;
  }
  void U32(uint32_t& value) {
    if (const uint8_t* p = Take(4)) value = LoadU32(p);
  }
  void I32(int32_t& value) {
    if (const uint8_t* p = Take(4)) value = std::bit_cast<int32_t>(LoadU32(p));
  }
  void F64(double& value) {
    if (const uint8_t* p = Take(8)) value = BitsDouble(LoadU64(p));
  }
  // Only 0 and 1 are bools; anything else is damage, not a value to guess at.
  void Bool(bool& value) {
    const uint8_t* p = Take(1);
    if (!p) return;
    if (*p > 1) {
      Fail("bool byte {} at file offset {} is not 0 or 1 (section `{}`)", *p, Here() - 1, section_);
      return;
    }
    value = *p == 1;
  }
  // Enum bytes are stored as read; Verify rejects values that name no enumerator.
  template <typename E>
  void Byte(E& value) {
    if (const uint8_t* p = Take(1)) value = static_cast<E>(*p);
  }
  void String(std::string& value) {
    uint32_t size = 0;
    U32(size);
    if (failed()) return;
    if (size > remaining()) {
      Fail("string of {} bytes at file offset {} runs past the end of section `{}`", size,
           Here() - 4, section_);
      return;
    }
    const uint8_t* p = Take(size);
    if (!p || !Spend(size)) return;
    value.assign(reinterpret_cast<const char*>(p), size);
  }
  template <typename T>
  void Vector(std::vector<T>& values) {
    uint32_t count = 0;
    U32(count);
    if (failed()) return;
    size_t min_size = MinEncodedSize<T>();
    if (count > remaining() / min_size) {
      Fail("count {} at file offset {} needs at least {} bytes but section `{}` has {} left", count,
           Here() - 4, uint64_t{count} * min_size, section_, remaining());
      return;
    }
    // An entry takes more memory decoded than encoded (a 4-byte empty string becomes a
    // 32-byte std::string): charge the budget before allocating.
    if (!Spend(uint64_t{count} * sizeof(T))) return;
    values.resize(count);
    for (T& value : values) {
      Fields(*this, value);
      if (failed()) return;
    }
  }

 private:
  template <typename... Args>
  void Fail(fmt::format_string<Args...> format, Args&&... args) {
    error_ = Corrupt(file_, format, std::forward<Args>(args)...);
  }

  size_t Here() const { return base_ + position_; }

  // Returns the next `size` bytes, or nullptr (with the error set) when the section is short.
  const uint8_t* Take(size_t size) {
    if (failed()) return nullptr;
    if (size > remaining()) {
      Fail("section `{}` ends inside a record (file offset {})", section_, Here());
      return nullptr;
    }
    const uint8_t* p = bytes_.data() + position_;
    position_ += size;
    return p;
  }

  std::span<const uint8_t> bytes_;
  size_t base_;
  std::string_view file_;
  std::string_view section_;
  size_t position_ = 0;
  std::optional<Error> error_;
  size_t& budget_;
};

std::optional<Error> CheckHeader(std::span<const uint8_t> bytes, std::string_view name) {
  size_t magic_bytes = std::min(bytes.size(), sizeof kMagic);
  if (magic_bytes > 0 && std::memcmp(bytes.data(), kMagic, magic_bytes) != 0) {
    return Error{fmt::format("{}: not a ccr bytecode file (bad magic)", name),
                 ErrorKind::NotBytecode};
  }
  if (bytes.size() < kHeaderSize) {
    return Corrupt(name, "truncated header (the file is {} bytes, the header alone is {})",
                   bytes.size(), kHeaderSize);
  }
  uint16_t version = LoadU16(bytes.data() + kVersionOffset);
  if (version != kFormatVersion) {
    return Error{
        fmt::format("{}: bytecode format version {} is not supported (this ccr reads version {}); "
                    "recompile with this ccrc",
                    name, version, kFormatVersion),
        ErrorKind::BytecodeVersion};
  }
  uint16_t reserved = LoadU16(bytes.data() + kReservedOffset);
  if (reserved != 0) return Corrupt(name, "reserved header field is {}, not 0", reserved);
  uint32_t stored = LoadU32(bytes.data() + kChecksumOffset);
  if (stored != Crc32(bytes.subspan(kHeaderSize))) {
    return Corrupt(name, "checksum mismatch (file damaged or truncated)");
  }
  return std::nullopt;
}

struct SectionSpan {
  size_t offset = 0;
  size_t size = 0;
};

// Reads the directory; on success there is one span per section, in kSectionIds order, and
// together with the header and directory they cover the file exactly.
Expected<std::vector<SectionSpan>> ReadDirectory(std::span<const uint8_t> bytes,
                                                 std::string_view name) {
  size_t at = kHeaderSize;
  if (bytes.size() - at < 4) return Corrupt(name, "truncated section directory");
  uint32_t count = LoadU32(bytes.data() + at);
  at += 4;
  if (count > (bytes.size() - at) / kDirectoryEntrySize) {
    return Corrupt(name, "section directory of {} entries runs past the end of the file", count);
  }
  size_t end = at + count * kDirectoryEntrySize;  // where the first section must start
  std::vector<SectionSpan> sections;
  for (uint32_t i = 0; i < count; ++i, at += kDirectoryEntrySize) {
    uint32_t id = LoadU32(bytes.data() + at);
    size_t offset = LoadU32(bytes.data() + at + 4);
    size_t size = LoadU32(bytes.data() + at + 8);
    const char* section = SectionName(id);
    if (!section) return Corrupt(name, "unknown section id {}", id);
    if (std::find(kSectionIds, kSectionIds + std::min(i, kSectionCount), id) !=
        kSectionIds + std::min(i, kSectionCount)) {
      return Corrupt(name, "section `{}` appears twice", section);
    }
    if (i >= kSectionCount || id != kSectionIds[i]) {
      return Corrupt(name, "section `{}` out of order (expected `{}` at position {})", section,
                     SectionName(kSectionIds[std::min(i, kSectionCount - 1)]), i);
    }
    if (offset > bytes.size() || size > bytes.size() - offset) {
      return Corrupt(name,
                     "section `{}` (offset {}, size {}) runs past the end of the file ({} "
                     "bytes)",
                     section, offset, size, bytes.size());
    }
    if (offset < end) {
      return Corrupt(name,
                     "section `{}` at offset {} overlaps the bytes before it (which end "
                     "at {})",
                     section, offset, end);
    }
    if (offset > end) {
      return Corrupt(name, "{} unused bytes before section `{}`", offset - end, section);
    }
    sections.push_back(SectionSpan{offset, size});
    end = offset + size;
  }
  if (count < kSectionCount) {
    return Corrupt(name, "missing section `{}`", SectionName(kSectionIds[count]));
  }
  if (end != bytes.size()) {
    return Corrupt(name, "{} trailing bytes after the last section", bytes.size() - end);
  }
  return sections;
}

Expected<Module> DecodeSections(std::span<const uint8_t> bytes,
                                const std::vector<SectionSpan>& sections, std::string_view name,
                                const ReadLimits& limits) {
  Module module;
  size_t budget = limits.max_decoded_bytes;
  std::optional<Error> error;
  size_t index = 0;
  ForEachSection(module, [&](SectionId id, auto& table) {
    const SectionSpan& span = sections[index++];
    if (error) return;
    const char* section = SectionName(static_cast<uint32_t>(id));
    if (span.size > limits.max_section_bytes) {
      error = Error{fmt::format("{}: section `{}` is {} bytes, over the limit of {} "
                                "(max_section_bytes)",
                                name, section, span.size, limits.max_section_bytes),
                    ErrorKind::BytecodeTooLarge};
      return;
    }
    Decoder decoder(bytes.subspan(span.offset, span.size), span.offset, name, section, budget);
    decoder.Vector(table);
    if (decoder.failed()) {
      error = std::move(decoder.error());
    } else if (decoder.remaining() != 0) {
      error =
          Corrupt(name, "{} unused bytes at the end of section `{}`", decoder.remaining(), section);
    }
  });
  if (error) return std::move(*error);
  return module;
}

}  // namespace

Expected<Module> Read(std::span<const uint8_t> bytes, std::string_view name,
                      const ReadLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    return Error{fmt::format("{}: file is {} bytes, over the limit of {} (max_file_bytes)", name,
                             bytes.size(), limits.max_file_bytes),
                 ErrorKind::BytecodeTooLarge};
  }
  if (std::optional<Error> error = CheckHeader(bytes, name)) return std::move(*error);
  Expected<std::vector<SectionSpan>> sections = ReadDirectory(bytes, name);
  if (!sections) return sections.error();
  return DecodeSections(bytes, *sections, name, limits);
}

Expected<VerifiedProgram> Load(std::span<const uint8_t> bytes, std::string_view name,
                               const ReadLimits& limits) {
  Expected<Module> module = Read(bytes, name, limits);
  if (!module) return module.error();
  return Verify(std::move(*module), name);
}

}  // namespace ccr::bytecode
