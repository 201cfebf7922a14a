#include "memory/arena.hpp"

#include <fftw3.h>

#include <cstring>
#include <stdexcept>

namespace ishydro {

namespace {
constexpr std::size_t kAlignment = 64;
std::size_t round_up(std::size_t bytes) { return (bytes + kAlignment - 1) / kAlignment * kAlignment; }
}  // namespace

Arena::~Arena() {
  if (block_) fftw_free(block_);
}

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
  block_ = static_cast<unsigned char*>(fftw_malloc(total_bytes_ ? total_bytes_ : kAlignment));
  if (!block_) throw std::runtime_error("arena: cannot allocate " + std::to_string(total_bytes_) + " bytes");
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
