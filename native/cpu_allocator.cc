// A pooled CPU allocator for tensor data, installed as LibTorch's CPU allocator.
//
// LibTorch's default CPU allocator takes every block from posix_memalign(64, n): for a 10-element
// result that is ~300 instructions of glibc (the aligned request is carved out of a larger chunk,
// whose leftovers go back to the bins and are consolidated later), more than the binding spends on
// the call. Small blocks instead come from per-thread LIFO free lists, one per power-of-two size
// class, so the block an op frees is the one the next op of that size gets back, still in cache.
//
// Large blocks (64 KiB to 32 MiB) are cached too, in classes an eighth of a power of two apart.
// Under Python a training step's activations die by refcount as soon as they are used, so glibc
// hands the same memory back next step. Here the wrappers of a step's outputs (the prediction and
// the loss, whose autograd graphs hold small nodes) often live until a full collection: those small
// nodes pin glibc's heap between the freed activations, the heap keeps growing, and every new
// activation lands on fresh pages. That cost a Transformer step ~430 page faults against Python's
// ~100, and the cache misses of first touch. With the cache, a step's activations reuse the
// blocks of the step before, whatever glibc's heap looks like.
//
// Blocks stay 64-byte aligned (c10's alignment), values are untouched: results are bit-identical.
// What exceeds a cache limit, and blocks over 32 MiB, go straight to glibc.
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
constexpr uint32_t kSmallClasses = 11;      // 64 B, 128 B, ..., 64 KiB: powers of two
constexpr uint32_t kStepsPerOctave = 8;     // large classes: eighths of each power of two above 64 KiB
constexpr uint32_t kLargeOctaves = 9;       // ... up to 32 MiB
constexpr uint32_t kClasses = kSmallClasses + kStepsPerOctave * kLargeOctaves;
constexpr uint32_t kUnpooled = kClasses;
constexpr size_t kSmallMaxBytes = kAlignment << (kSmallClasses - 1);
constexpr size_t kCachedBytesPerSmallClass = 256 << 10;
constexpr size_t kCachedLargeBytes = 128 << 20;  // all large classes of a thread together

struct BlockHeader {
  uint32_t sizeClass;
  void* next;  // free-list link while the block is cached
};

// Class k above the small ones holds 2^(16 + o) * (1 + (j + 1) / 8) bytes, o = k / 8, j = k % 8.
size_t classBytes(uint32_t c) {
  if (c < kSmallClasses) return kAlignment << c;
  uint32_t k = c - kSmallClasses;
  size_t octave = kSmallMaxBytes << (k / kStepsPerOctave);
  return octave + octave / kStepsPerOctave * (k % kStepsPerOctave + 1);
}

uint32_t classFor(size_t n) {
  if (n <= kSmallMaxBytes) {
    uint32_t c = 0;
    while (classBytes(c) < n) c++;
    return c;
  }
  // n - 1 lies in [2^(16 + o), 2^(17 + o)): octave o, then the first eighth step that holds n.
  uint32_t o = 63 - static_cast<uint32_t>(__builtin_clzll(static_cast<unsigned long long>((n - 1) / kSmallMaxBytes)));
  if (o >= kLargeOctaves) return kUnpooled;
  size_t base = kSmallMaxBytes << o;
  size_t step = base / kStepsPerOctave;
  uint32_t j = static_cast<uint32_t>((n - base + step - 1) / step) - 1;
  return kSmallClasses + o * kStepsPerOctave + j;
}

bool isLarge(uint32_t c) { return c >= kSmallClasses; }

BlockHeader* headerOf(void* data) { return reinterpret_cast<BlockHeader*>(static_cast<char*>(data) - kHeaderBytes); }
void* dataOf(BlockHeader* h) { return reinterpret_cast<char*>(h) + kHeaderBytes; }

struct FreeList {
  BlockHeader* head = nullptr;
  size_t count = 0;
};

thread_local bool tCacheGone = false;

struct ThreadCache {
  FreeList lists[kClasses];
  size_t largeBytes = 0;  // cached in the large classes
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
      size_t bytes = classBytes(h->sizeClass);
      bool fits = isLarge(h->sizeClass) ? cache->largeBytes + bytes <= kCachedLargeBytes
                                        : list.count * bytes < kCachedBytesPerSmallClass;
      if (fits) {
        h->next = list.head;
        list.head = h;
        list.count++;
        if (isLarge(h->sizeClass)) cache->largeBytes += bytes;
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
        if (isLarge(c)) cache->largeBytes -= classBytes(c);
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
