#include "memory/arena.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace ishydro {

namespace {
constexpr std::size_t kAlignment = 64;
// Transparent huge pages: the block starts on a 2 MiB boundary and is advised as huge-page memory.
// The transforms' strided passes (stride N1*(N2/2+1) complex along x) touch a new 4 KiB page per
// element; with 2 MiB pages they stay within the TLB (docs/benchmarks.md "Huge pages": 2-4% per step).
constexpr std::size_t kHugePage = std::size_t{2} << 20;
std::size_t round_up(std::size_t bytes) { return (bytes + kAlignment - 1) / kAlignment * kAlignment; }
}  // namespace

Arena::~Arena() { std::free(block_); }

std::size_t Arena::reserve(const std::string& purpose, std::size_t bytes, std::size_t count) {
  if (block_) throw std::logic_error("arena: reserve after commit");
  slots_.push_back({total_bytes_, count});
  const std::size_t padded = round_up(bytes);
  total_bytes_ += padded;
  by_purpose_[purpose] += padded;
  return slots_.size() - 1;
}

std::size_t Arena::reserve_real(const std::string& purpose, std::size_t count) {
  return reserve(purpose, count * sizeof(double), count);
}

std::size_t Arena::reserve_complex(const std::string& purpose, std::size_t count) {
  return reserve(purpose, count * sizeof(Complex), count);
}

void Arena::commit() {
  if (block_) return;
  // A block of at least one huge page starts on a huge-page boundary; its size is not rounded up (the
  // tail beyond the last whole huge page keeps 4 KiB pages), so no memory is added.
  const bool huge = total_bytes_ >= kHugePage;
  void* block = nullptr;
  if (posix_memalign(&block, huge ? kHugePage : kAlignment, total_bytes_ ? total_bytes_ : kAlignment) != 0)
    throw std::runtime_error("arena: cannot allocate " + std::to_string(total_bytes_) + " bytes");
  block_ = static_cast<unsigned char*>(block);
  // Advice only: where the kernel gives no huge pages (THP "never") the block keeps 4 KiB pages.
  if (huge) madvise(block_, total_bytes_, MADV_HUGEPAGE);
  // Touch every page once at setup so the first step pays no page faults (and memory is reported).
  std::memset(block_, 0, total_bytes_);
}

std::span<double> Arena::real(std::size_t handle) const {
  const Slot& s = slots_.at(handle);
  return {reinterpret_cast<double*>(block_ + s.offset), s.count};
}

std::span<Complex> Arena::complex(std::size_t handle) const {
  const Slot& s = slots_.at(handle);
  return {reinterpret_cast<Complex*>(block_ + s.offset), s.count};
}

}  // namespace ishydro
