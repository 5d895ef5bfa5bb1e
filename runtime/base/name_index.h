// NameIndex: a read-only map from names to indices, for lookups on hot paths (the binder
// looks up every key of every product line). Open addressing over a power-of-two table with a
// constant-time hash: a lookup is a few dozen instructions, a fraction of
// std::unordered_map<std::string_view>'s.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace ccr {

class NameIndex {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  // Maps `name` to `index` unless `name` is already mapped (the first mapping wins). `name`
  // is not copied: its text must outlive the index.
  void Insert(std::string_view name, uint32_t index) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    const Key key = KeyOf(name);
    Slot& slot = slots_[Probe(key, name)];
    if (slot.index != kNotFound) return;
    slot = Slot{name, key.head, key.tail, index};
    ++size_;
  }

  // Returns the index mapped to `name`, or kNotFound.
  uint32_t Find(std::string_view name) const {
    if (slots_.empty()) return kNotFound;
    return slots_[Probe(KeyOf(name), name)].index;
  }

  // Returns how many slots a lookup of `name` visits (the distribution tests bound it).
  size_t ProbeLength(std::string_view name) const {
    if (slots_.empty()) return 0;
    size_t mask = slots_.size() - 1;
    const Key key = KeyOf(name);
    return ((Probe(key, name) - Hash(key, name.size())) & mask) + 1;
  }

 private:
  // A name's first and last eight bytes as words (a name under eight bytes: all of it in
  // `head`, zero-filled). With the length they are the whole of a name up to 16 bytes, so
  // most names are compared in three word comparisons, without a call to memcmp.
  struct Key {
    uint64_t head = 0;
    uint64_t tail = 0;
  };

  struct Slot {
    std::string_view name;
    uint64_t head = 0;
    uint64_t tail = 0;
    uint32_t index = kNotFound;
  };

  static Key KeyOf(std::string_view name) {
    Key key;
    if (name.size() >= 8) {
      std::memcpy(&key.head, name.data(), 8);
      std::memcpy(&key.tail, name.data() + name.size() - 8, 8);
    } else {
      std::memcpy(&key.head, name.data(), name.size());
    }
    return key;
  }

  // The length and the first and last eight bytes, mixed: names differ there, and it costs
  // the same for every length (the equality test after it reads the whole name). Real fact
  // names often differ only in their last characters (`flag_07`, `flag_08`), which land in
  // the high bytes of a little-endian word; a multiply carries them only upwards, so the
  // result goes through a full 64-bit finaliser (MurmurHash3's fmix64), whose low bits (the
  // slot) depend on every input bit.
  static uint64_t Hash(const Key& key, size_t size) {
    uint64_t hash = key.head ^ (key.tail * 0x9e3779b97f4a7c15ull) ^ size;
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdull;
    hash ^= hash >> 33;
    hash *= 0xc4ceb9fe1a85ec53ull;
    return hash ^ (hash >> 33);
  }

  // Whether `slot` holds `name`: the same length, first and last eight bytes, and (over 16
  // bytes) the same bytes between them.
  static bool Holds(const Slot& slot, const Key& key, std::string_view name) {
    return slot.head == key.head && slot.tail == key.tail && slot.name.size() == name.size() &&
           (name.size() <= 16 ||
            std::memcmp(slot.name.data() + 8, name.data() + 8, name.size() - 16) == 0);
  }

  // The slot holding `name`, or the empty slot where it would go. The table is never more
  // than half full, so the probe ends.
  size_t Probe(const Key& key, std::string_view name) const {
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash(key, name.size()) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.index == kNotFound || Holds(slot, key, name)) return i;
    }
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    for (const Slot& slot : old) {
      if (slot.index != kNotFound) slots_[Probe(Key{slot.head, slot.tail}, slot.name)] = slot;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace ccr
