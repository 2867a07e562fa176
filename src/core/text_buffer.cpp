#include <aifoot/text_buffer.hpp>

#include <algorithm>

namespace aifoot {

void TextBuffer::grow(std::size_t count) {
  constexpr std::size_t k_first_room = 4096;
  const std::size_t capacity = std::max({2 * m_capacity, m_size + count, k_first_room});
  auto room = std::make_unique_for_overwrite<char[]>(capacity); // NOLINT(modernize-avoid-c-arrays)
  if (m_size > 0) {
    std::memcpy(room.get(), m_room.get(), m_size);
  }
  m_room = std::move(room);
  m_capacity = capacity;
}

} // namespace aifoot
