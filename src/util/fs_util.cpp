#include "util/fs_util.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace ishydro::fsutil {

namespace {

std::string errno_text(int err) { return std::generic_category().message(err); }

std::string parent_dir(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

void fsync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open '" + path + "' to sync it: " + errno_text(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw std::runtime_error("cannot sync '" + path + "': " + errno_text(err));
}

void fsync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

void copy_file(const std::string& from, const std::string& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw std::runtime_error("cannot open '" + from + "': " + errno_text(errno));
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    const int err = errno;
    ::close(in);
    throw std::runtime_error("cannot create '" + to + "': " + errno_text(err));
  }
  bool done = false;
  int err = 0;
  for (;;) {
    const ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, std::size_t{1} << 30, 0);
    if (n == 0) done = true;
    if (n <= 0) {
      err = n < 0 ? errno : 0;
      if (err == EINTR) continue;
      break;
    }
  }
  ::close(in);
  if (::close(out) != 0 && done) throw std::runtime_error("cannot close '" + to + "': " + errno_text(errno));
  if (done) return;
  // Not supported here (an old kernel, across file systems, some FUSE and network file systems).
  std::error_code ec;
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) throw std::runtime_error("cannot copy '" + from + "' to '" + to + "': " + ec.message());
}

void write_file_atomically(const std::string& path, std::string_view content,
                           const std::string& temp_suffix) {
  const std::string tmp = path + temp_suffix;
  auto fail = [&](const std::string& what, int err) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot write '" + path + "': " + what + ": " + errno_text(err));
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("open " + tmp, errno);
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      fail("write " + tmp, err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail("sync " + tmp, err);
  }
  if (::close(fd) != 0) fail("close " + tmp, errno);
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) fail("rename " + tmp, ec.value());
  fsync_dir(parent_dir(path));
}

}  // namespace ishydro::fsutil
