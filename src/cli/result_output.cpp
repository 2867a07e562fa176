#include "result_output.hpp"

#include "options.hpp"

#include <aifoot/error.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sys/stat.h>
#include <utility>

namespace aifoot::cli {
namespace {

// `error` 0: the failing write happened earlier (its errno is gone), so no reason is named.
[[noreturn]] void throw_write_error(std::string_view destination, int error) {
  throw Error(ErrorKind::io,
              error == 0 ? fmt::format("cannot write {}", destination)
                         : fmt::format("cannot write {}: {}", destination, std::strerror(error)),
              "check the disk space and that the destination is writable");
}

std::string quoted_path(std::string_view path) {
  return fmt::format("'{}'", path);
}

struct FileId {
  dev_t device = 0;
  ino_t inode = 0;
};

std::optional<FileId> file_id(const std::string& path) {
  struct stat info {};
  const int status = path == "-" ? fstat(STDIN_FILENO, &info) : stat(path.c_str(), &info);
  if (status != 0 || !S_ISREG(info.st_mode)) {
    return std::nullopt; // only a regular file can be both: /dev/stdin vs /dev/stdout is fine
  }
  return FileId{info.st_dev, info.st_ino};
}

// The -o target, set once by the command line before any input is read.
std::optional<std::pair<std::string, FileId>>& output_target() {
  static std::optional<std::pair<std::string, FileId>> target;
  return target;
}

// Permissions a newly created file gets (0666 less the umask), or those of the file replaced.
mode_t mode_for(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) == 0) {
    return info.st_mode & 07777U;
  }
  const mode_t mask = umask(0);
  umask(mask);
  return 0666U & ~mask;
}

} // namespace

void check_written(std::FILE* stream, std::string_view destination) {
  errno = 0;
  const bool flushed = std::fflush(stream) == 0;
  if (!flushed || std::ferror(stream) != 0) {
    throw_write_error(destination, flushed ? 0 : errno);
  }
}

ReplacingFile::ReplacingFile(std::string path)
    : m_path(std::move(path)) {
  struct stat info {};
  const bool special = stat(m_path.c_str(), &info) == 0 && !S_ISREG(info.st_mode);
  if (special) {
    m_stream = std::fopen(m_path.c_str(), "we");
    if (m_stream == nullptr) {
      throw_write_error(quoted_path(m_path), errno);
    }
    return;
  }
  // A symbolic link is followed, so that the file it points to is replaced, not the link.
  std::filesystem::path target(m_path);
  if (std::error_code ec; std::filesystem::is_symlink(target, ec)) {
    if (auto resolved = std::filesystem::weakly_canonical(target, ec); !ec) {
      target = std::move(resolved);
    }
  }
  m_target_path = target.string();
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::string pattern =
      (dir / fmt::format(".{}.aifoot-XXXXXX", target.filename().string())).string();
  const int fd = mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) {
    throw_write_error(quoted_path(m_path), errno);
  }
  m_temp_path = pattern;
  m_stream = fdopen(fd, "w");
  if (m_stream == nullptr || fchmod(fd, mode_for(m_target_path)) != 0) {
    const int error = errno;
    if (m_stream == nullptr) {
      close(fd);
    }
    unlink(m_temp_path.c_str());
    throw_write_error(quoted_path(m_path), error);
  }
}

ReplacingFile::~ReplacingFile() {
  if (m_stream != nullptr) {
    std::fclose(m_stream);
  }
  if (!m_temp_path.empty()) {
    unlink(m_temp_path.c_str());
  }
}

void ReplacingFile::commit() {
  check_written(m_stream, quoted_path(m_path));
  std::FILE* stream = std::exchange(m_stream, nullptr);
  if (std::fclose(stream) != 0) {
    throw_write_error(quoted_path(m_path), errno);
  }
  if (m_temp_path.empty()) {
    return;
  }
  if (std::rename(m_temp_path.c_str(), m_target_path.c_str()) != 0) {
    throw_write_error(quoted_path(m_path), errno);
  }
  m_temp_path.clear();
}

void write_file(const std::string& path, std::string_view content) {
  ReplacingFile file(path);
  if (std::fwrite(content.data(), 1, content.size(), file.stream()) != content.size()) {
    throw_write_error(quoted_path(path), errno);
  }
  file.commit();
}

void append_file(const std::string& path, std::string_view content) {
  std::FILE* file = std::fopen(path.c_str(), "ae");
  if (file == nullptr) {
    throw_write_error(quoted_path(path), errno);
  }
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size()
                       && std::fflush(file) == 0;
  const int error = errno;
  if (std::fclose(file) != 0 || !written) {
    throw_write_error(quoted_path(path), written ? errno : error);
  }
}

void set_output_path(const std::string& path) {
  output_target().reset();
  if (path == "-") {
    return;
  }
  if (const auto id = file_id(path)) {
    output_target().emplace(path, *id);
  }
}

void require_not_output(const std::string& input_path) {
  const auto& target = output_target();
  if (!target) {
    return;
  }
  const auto id = file_id(input_path);
  if (id && id->device == target->second.device && id->inode == target->second.inode) {
    throw UsageError(fmt::format("'{}' is both an input and the -o output: the run would replace "
                                 "its own input; write the result to another file",
                                 input_path == "-" ? "<stdin>" : input_path));
  }
}

} // namespace aifoot::cli
