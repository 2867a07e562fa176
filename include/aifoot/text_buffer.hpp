#pragma once

// The output buffer of streams: text is written in place, through a pointer to room reserved at
// the end, rather than appended piece by piece to a std::string. A key or a number laid out on
// the stack and then appended was a call and a copy each (the copy reading bytes just stored,
// which the processor cannot forward): about a sixth of a JSONL record's time.

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace aifoot {

class TextBuffer {
public:
  using value_type = char; // for std::back_inserter (fmt::format_to)

  // Room for `count` more characters: where to write them. commit() keeps what was written.
  char* reserve(std::size_t count) {
    if (m_capacity - m_size < count) {
      grow(count);
    }
    return m_room.get() + m_size;
  }
  // Keeps the characters written since reserve(), up to `end`.
  void commit(const char* end) { m_size = static_cast<std::size_t>(end - m_room.get()); }

  void append(std::string_view text) {
    if (text.empty()) {
      return; // memcpy from or to a null pointer is undefined, even for nothing
    }
    char* out = reserve(text.size());
    std::memcpy(out, text.data(), text.size());
    m_size += text.size();
  }
  void push_back(char c) {
    *reserve(1) = c;
    ++m_size;
  }
  TextBuffer& operator+=(std::string_view text) {
    append(text);
    return *this;
  }
  TextBuffer& operator+=(char c) {
    push_back(c);
    return *this;
  }

  std::string_view view() const { return {m_room.get(), m_size}; }
  const char* data() const { return m_room.get(); }
  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  void clear() { m_size = 0; }

private:
  void grow(std::size_t count);

  // Not initialised: a page of room is touched only when text is written there (std::string and
  // std::vector zero-fill what they grow by).
  std::unique_ptr<char[]> m_room; // NOLINT(modernize-avoid-c-arrays): a run-time size
  std::size_t m_capacity = 0;
  std::size_t m_size = 0;
};

} // namespace aifoot
