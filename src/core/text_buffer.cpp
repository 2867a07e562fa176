#include <aifoot/text_buffer.hpp>

#include <algorithm>

namespace aifoot {

void TextBuffer::grow(std::size_t count) {
  constexpr std::size_t k_first_room = 4096;
  m_room.resize(std::max({2 * m_room.size(), m_size + count, k_first_room}));
}

} // namespace aifoot
