// A pooled CPU allocator for small tensor data, installed as LibTorch's CPU allocator.
//
// LibTorch's default CPU allocator takes every block from posix_memalign(64, n): for a 10-element
// result that is ~300 instructions of glibc (the aligned request is carved out of a larger chunk,
// whose leftovers go back to the bins and are consolidated later), more than the binding spends on
// the call. Small blocks instead come from per-thread LIFO free lists, one per power-of-two size
// class, so the block an op frees is the one the next op of that size gets back, still in cache.
// Blocks stay 64-byte aligned (c10's alignment), values are untouched: results are bit-identical.
// Blocks over 64 KiB, and blocks beyond a class's cache limit, go straight to glibc.
// TORCHTS_CPU_ALLOCATOR=default keeps LibTorch's allocator.
#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <c10/util/Exception.h>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace torchts {
namespace {

constexpr size_t kAlignment = 64;           // c10::gAlignment on x86-64
constexpr size_t kHeaderBytes = kAlignment; // the block's size class lives just before its data
constexpr int kClasses = 11;                // 64 B, 128 B, ..., 64 KiB
constexpr uint32_t kUnpooled = kClasses;
constexpr size_t kCachedBytesPerClass = 256 << 10;

struct BlockHeader {
  uint32_t sizeClass;
  void* next;  // free-list link while the block is cached
};

size_t classBytes(uint32_t c) { return kAlignment << c; }

uint32_t classFor(size_t n) {
  uint32_t c = 0;
  while (c < kClasses && classBytes(c) < n) c++;
  return c;  // kUnpooled when too large
}

BlockHeader* headerOf(void* data) { return reinterpret_cast<BlockHeader*>(static_cast<char*>(data) - kHeaderBytes); }
void* dataOf(BlockHeader* h) { return reinterpret_cast<char*>(h) + kHeaderBytes; }

struct FreeList {
  BlockHeader* head = nullptr;
  size_t count = 0;
};

thread_local bool tCacheGone = false;

struct ThreadCache {
  FreeList lists[kClasses];
  ~ThreadCache() {
    tCacheGone = true;
    for (FreeList& list : lists) {
      while (BlockHeader* h = list.head) {
        list.head = static_cast<BlockHeader*>(h->next);
        std::free(h);
      }
    }
  }
};

// Null once the thread's cache has been destroyed (thread exit): frees then go to glibc.
ThreadCache* threadCache() {
  if (tCacheGone) return nullptr;
  thread_local ThreadCache cache;
  return &cache;
}

void freeBlock(void* data) {
  if (data == nullptr) return;
  BlockHeader* h = headerOf(data);
  if (h->sizeClass < kUnpooled) {
    if (ThreadCache* cache = threadCache()) {
      FreeList& list = cache->lists[h->sizeClass];
      if (list.count * classBytes(h->sizeClass) < kCachedBytesPerClass) {
        h->next = list.head;
        list.head = h;
        list.count++;
        return;
      }
    }
  }
  std::free(h);
}

void* allocateBlock(size_t n) {
  uint32_t c = classFor(n);
  if (c < kUnpooled) {
    if (ThreadCache* cache = threadCache()) {
      FreeList& list = cache->lists[c];
      if (BlockHeader* h = list.head) {
        list.head = static_cast<BlockHeader*>(h->next);
        list.count--;
        return dataOf(h);
      }
    }
  }
  void* raw = nullptr;
  size_t bytes = (c < kUnpooled ? classBytes(c) : n) + kHeaderBytes;
  if (bytes < n || posix_memalign(&raw, kAlignment, bytes) != 0 || raw == nullptr) {
    // Out of memory: LibTorch's own allocation of n bytes fails too, with PyTorch's message.
    c10::free_cpu(c10::alloc_cpu(n));
    TORCH_CHECK(false, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ", n, " bytes.");
  }
  BlockHeader* h = static_cast<BlockHeader*>(raw);
  h->sizeClass = c;
  return dataOf(h);
}

class PooledCPUAllocator final : public c10::Allocator {
 public:
  // LibTorch 2.3 made Allocator::allocate non-const and added copy_data; defining both forms
  // (without `override`) compiles against 1.13 and 2.x alike.
  c10::DataPtr allocate(size_t n) const { return make(n); }
  c10::DataPtr allocate(size_t n) { return make(n); }
  void copy_data(void* dest, const void* src, std::size_t count) const { std::memcpy(dest, src, count); }
  c10::DeleterFnPtr raw_deleter() const override { return &freeBlock; }

 private:
  static c10::DataPtr make(size_t n) {
    void* data = n == 0 ? nullptr : allocateBlock(n);
    return {data, data, &freeBlock, c10::Device(c10::DeviceType::CPU)};
  }
};

}  // namespace

void installCpuAllocator() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  const char* choice = std::getenv("TORCHTS_CPU_ALLOCATOR");
  if (choice != nullptr && std::strcmp(choice, "default") == 0) return;
  static PooledCPUAllocator allocator;
  c10::SetCPUAllocator(&allocator);
}

}  // namespace torchts
