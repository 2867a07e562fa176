#pragma once

// Every byte aifoot writes for the user goes through one of these checks, so a full disk, a
// closed standard output or an unwritable -o FILE is an I/O error (exit 5) with one line saying
// where, never a silent exit 0; and a failed run never leaves a truncated -o FILE behind.

#include <cstdio>
#include <string>
#include <string_view>

namespace aifoot::cli {

// Throws Error(io) "cannot write DESTINATION: REASON" unless every write to `stream` so far
// succeeded and what is buffered flushes.
void check_written(std::FILE* stream, std::string_view destination);

// A result file that replaces `path` only once it is completely written: the bytes go to a
// temporary file in the same directory (same file system, so the rename is atomic) and commit()
// renames it over `path`. Destroyed uncommitted (an error, an exception) it removes the temporary
// file and leaves `path` as it was. A path that exists but is not a regular file (/dev/null,
// /dev/full, a FIFO) is written in place: there is nothing to replace; a symbolic link is followed.
// Throws Error(io) when the file cannot be created.
class ReplacingFile {
public:
  explicit ReplacingFile(std::string path);
  ~ReplacingFile();
  ReplacingFile(const ReplacingFile&) = delete;
  ReplacingFile& operator=(const ReplacingFile&) = delete;
  ReplacingFile(ReplacingFile&&) = delete;
  ReplacingFile& operator=(ReplacingFile&&) = delete;

  // Where to write; close-on-exec, so a child process (measure) does not inherit it.
  std::FILE* stream() const { return m_stream; }
  const std::string& path() const { return m_path; }
  // Checks every write, closes the file and renames it over `path`. Throws Error(io).
  void commit();

private:
  std::string m_path;
  std::string m_target_path; // m_path, or the file a symbolic link there points to
  std::string m_temp_path;   // empty when writing in place
  std::FILE* m_stream = nullptr;
};

// Writes `content` to `path` through a ReplacingFile (e.g. --plot FILE).
void write_file(const std::string& path, std::string_view content);

// Appends `content` to `path` (e.g. $GITHUB_STEP_SUMMARY), checking every write. Throws Error(io).
void append_file(const std::string& path, std::string_view content);

// Remembers the -o target so that reading it as an input is refused (the run would replace its
// own input). Call before any input is read; "-" clears it.
void set_output_path(const std::string& path);

// Throws UsageError when `input_path` ("-" for standard input) is the file set_output_path named.
void require_not_output(const std::string& input_path);

} // namespace aifoot::cli
