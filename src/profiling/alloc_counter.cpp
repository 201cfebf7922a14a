// Counts every heap allocation of the process, so a test and the profiler can prove that a time step
// allocates nothing (docs/benchmarks.md, "Zero allocations"): operator new, and (outside sanitizer
// builds, whose runtime owns malloc) the C allocation functions called by any library (libgomp,
// FFTW, HDF5, MPI), replaced here by counting wrappers around glibc's own implementation.
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "profiling/profiler.hpp"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}

namespace ishydro {
std::uint64_t heap_allocations() { return g_allocations.load(std::memory_order_relaxed); }
}  // namespace ishydro

#if defined(__SANITIZE_ADDRESS__)
#define ISHYDRO_COUNT_NEW() g_allocations.fetch_add(1, std::memory_order_relaxed)
#else
// malloc below counts the allocation.
#define ISHYDRO_COUNT_NEW() ((void)0)

// glibc's allocator under its internal names ("Replacing malloc" in the glibc manual: a program may
// define malloc, free, calloc, realloc and the aligned variants; these forward to glibc's).
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void* __libc_valloc(std::size_t);
void* __libc_pvalloc(std::size_t);
void __libc_free(void*);

void* malloc(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, size);
}
void* memalign(std::size_t alignment, std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) return EINVAL;
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  void* p = __libc_memalign(alignment, size);
  if (!p && size) return ENOMEM;
  *out = p;
  return 0;
}
void* valloc(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_valloc(size);
}
void* pvalloc(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_pvalloc(size);
}
void free(void* p) { __libc_free(p); }
}
#endif

void* operator new(std::size_t size) {
  ISHYDRO_COUNT_NEW();
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  ISHYDRO_COUNT_NEW();
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
// The nothrow forms too, so that every new and delete of the program goes through malloc and free
// (std::stable_sort's buffer uses nothrow new with a plain delete: with only the throwing forms
// replaced, AddressSanitizer saw its own new freed by our free).
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ISHYDRO_COUNT_NEW();
  return std::malloc(size ? size : 1);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  ISHYDRO_COUNT_NEW();
  return std::malloc(size ? size : 1);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
