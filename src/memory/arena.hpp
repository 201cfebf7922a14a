#pragma once
// One arena per run (docs/architecture.md; docs/benchmarks.md): every array the solver touches is carved out
// of a single block at setup (2 MiB aligned and advised as transparent huge pages when it is that big; every
// array 64-byte aligned), and handed out as a named view. Nothing is allocated in the time loop. The arena
// reports its bytes by purpose.
#include <complex>
#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace ishydro {

using Complex = std::complex<double>;

class Arena {
 public:
  Arena() = default;
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Phase 1: declare every array (purpose groups the report). Phase 2: commit() allocates once.
  // Views are valid after commit(); requesting before commit records the size.
  std::size_t reserve_real(const std::string& purpose, std::size_t count);
  std::size_t reserve_complex(const std::string& purpose, std::size_t count);
  void commit();

  std::span<double> real(std::size_t handle) const;
  std::span<Complex> complex(std::size_t handle) const;

  std::size_t bytes() const { return total_bytes_; }
  const std::map<std::string, std::size_t>& bytes_by_purpose() const { return by_purpose_; }

 private:
  struct Slot {
    std::size_t offset;  // bytes
    std::size_t count;   // elements
  };
  std::size_t reserve(const std::string& purpose, std::size_t bytes, std::size_t count);
  std::vector<Slot> slots_;
  std::map<std::string, std::size_t> by_purpose_;
  std::size_t total_bytes_ = 0;
  unsigned char* block_ = nullptr;
};

}  // namespace ishydro
