#pragma once
// Durable file replacement for the outputs that must never be seen half written (fields.xdmf,
// checkpoint.h5): write a temporary, fsync it, rename it over the target, fsync the directory.
#include <string>
#include <string_view>

namespace ishydro::fsutil {

// fsync(2) of a regular file; throws std::runtime_error naming the file and the errno text.
void fsync_file(const std::string& path);
// fsync(2) of a directory so a rename inside it is durable; best effort (never throws).
void fsync_dir(const std::string& dir);
// Writes `content` to path + temp_suffix, fsyncs and closes it, renames it over `path` and fsyncs the
// directory. On failure removes the temporary and throws std::runtime_error. A file that several
// processes may write at once (the FFTW wisdom file) needs a temp_suffix of its own per process.
// Copies `from` to `to` (created or truncated) with copy_file_range(2), which shares the blocks instead
// of copying them where the file system can (XFS, btrfs, NFS 4.2 server-side copy); falls back to
// std::filesystem::copy_file. Throws std::runtime_error naming the files.
void copy_file(const std::string& from, const std::string& to);
void write_file_atomically(const std::string& path, std::string_view content,
                           const std::string& temp_suffix = ".tmp");

}  // namespace ishydro::fsutil
