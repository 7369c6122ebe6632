// torch.cuda and torch.backends.cudnn: devices, streams, events, memory statistics, cuDNN flags.
// Devices, streams and events go through c10's device-generic interfaces (DeviceGuardImpl,
// c10::Event), which CUDA builds register at load time, so this file needs no CUDA headers and
// compiles against every LibTorch. Memory statistics and device properties need the CUDA runtime
// headers (TORCHTS_CUDA_RUNTIME, defined by scripts/find-libtorch.js when the LibTorch found has
// CUDA and the headers are there) or, from LibTorch 2.9, at::accelerator's allocator API.
#include <ATen/ATen.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/Event.h>
#include <c10/core/Stream.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <torch/csrc/api/include/torch/version.h>
#include <initializer_list>
#include <memory>
#include <thread>
#include <unordered_map>
#include <vector>
#include "call.h"

#define TORCHTS_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) || (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

// The caching allocator's statistics (getDeviceStats, resetPeakStats, emptyCache), by whichever API
// this build has: both namespaces name them alike.
#if defined(TORCHTS_CUDA_RUNTIME)
#include <c10/cuda/CUDACachingAllocator.h>
#include <cuda_runtime_api.h>
#define TORCHTS_ALLOCATOR_STATS 1
namespace torchts { namespace allocator = c10::cuda::CUDACachingAllocator; }
#elif TORCHTS_TORCH_AT_LEAST(2, 9)
#include <ATen/DeviceAccelerator.h>
#define TORCHTS_ALLOCATOR_STATS 1
namespace torchts { namespace allocator = at::accelerator; }
#endif

namespace torchts {
namespace {

constexpr c10::DeviceType kCUDA = c10::DeviceType::CUDA;

// PyTorch's torch.cuda._lazy_init checks, with its messages.
const c10::impl::DeviceGuardImplInterface& cudaImpl() {
  if (!c10::impl::hasDeviceGuardImpl(kCUDA)) throw PythonError("AssertionError", "Torch not compiled with CUDA enabled");
  if (at::detail::getCUDAHooks().getNumGPUs() <= 0)
    throw PythonError("RuntimeError", "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a driver from http://www.nvidia.com/Download/index.aspx");
  return *c10::impl::getDeviceGuardImpl(kCUDA);
}

c10::DeviceIndex deviceIndex(const Args& a, int i) {
  const auto& impl = cudaImpl();
  if (!a.has(i) || a.integer(i) < 0) return impl.getDevice().index();
  int64_t index = a.integer(i);
  if (index >= impl.deviceCount()) throw PythonError("RuntimeError", "CUDA error: invalid device ordinal");
  return static_cast<c10::DeviceIndex>(index);
}

[[noreturn]] void needsCudaHeaders(const char* what) {
  throw PythonError("RuntimeError", std::string(what) + " need torchts built with the CUDA runtime headers (set CUDA_HOME and rebuild)");
}

v8::Local<v8::Value> numbers(v8::Isolate* iso, std::initializer_list<double> values) {
  std::vector<v8::Local<v8::Value>> parts;
  for (double v : values) parts.push_back(v8::Number::New(iso, v));
  return v8::Array::New(iso, parts.data(), parts.size());
}

// A stream crosses to JS as [stream_id, device_index], as Python's Stream keeps them.
v8::Local<v8::Value> fromStream(v8::Isolate* iso, const c10::Stream& s) {
  return numbers(iso, {static_cast<double>(s.id()), static_cast<double>(s.device_index())});
}
c10::Stream toStream(const Args& a, int i) {
  return c10::Stream(c10::Stream::UNSAFE, c10::Device(kCUDA, deviceIndex(a, i + 1)), static_cast<c10::StreamId>(a.integer(i)));
}

// torch.backends.cuda.is_built(): whether this LibTorch has CUDA (a GPU may still be missing).
void CudaIsBuilt(const Info& info) {
  guarded(info, [](Args& a) { a.ret(c10::impl::hasDeviceGuardImpl(kCUDA)); });
}
void CudaCurrentDevice(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(cudaImpl().getDevice().index())); });
}
void CudaSetDevice(const Info& info) {
  guarded(info, [](Args& a) {
    c10::DeviceIndex index = deviceIndex(a, 0);
    cudaImpl().setDevice(c10::Device(kCUDA, index));
  });
}

// [name, major, minor, total_memory, multi_processor_count].
void CudaDeviceProperties(const Info& info) {
  guarded(info, [](Args& a) {
    c10::DeviceIndex index = deviceIndex(a, 0);
#if defined(TORCHTS_CUDA_RUNTIME)
    cudaDeviceProp prop;
    cudaError_t err = cudaGetDeviceProperties(&prop, index);
    if (err != cudaSuccess) throw PythonError("RuntimeError", std::string("CUDA error: ") + cudaGetErrorString(err));
    v8::Isolate* iso = a.isolate();
    v8::Local<v8::Value> parts[] = {
        v8::String::NewFromUtf8(iso, prop.name).ToLocalChecked(), v8::Number::New(iso, prop.major), v8::Number::New(iso, prop.minor),
        v8::Number::New(iso, static_cast<double>(prop.totalGlobalMem)), v8::Number::New(iso, prop.multiProcessorCount)};
    a.ret(v8::Array::New(iso, parts, 5).As<v8::Value>());
#else
    (void)index;
    needsCudaHeaders("device properties");
#endif
  });
}

// [allocated, max allocated, reserved, max reserved] bytes of the caching allocator.
void CudaMemoryStats(const Info& info) {
  guarded(info, [](Args& a) {
    c10::DeviceIndex index = deviceIndex(a, 0);
#if defined(TORCHTS_ALLOCATOR_STATS)
    const auto stats = allocator::getDeviceStats(index);
    constexpr size_t kAggregate = 0;  // StatType::AGGREGATE
    a.ret(numbers(a.isolate(), {static_cast<double>(stats.allocated_bytes[kAggregate].current), static_cast<double>(stats.allocated_bytes[kAggregate].peak),
                                static_cast<double>(stats.reserved_bytes[kAggregate].current), static_cast<double>(stats.reserved_bytes[kAggregate].peak)}));
#else
    (void)index;
    needsCudaHeaders("memory statistics");
#endif
  });
}
void CudaResetPeakMemoryStats(const Info& info) {
  guarded(info, [](Args& a) {
    c10::DeviceIndex index = deviceIndex(a, 0);
#if defined(TORCHTS_ALLOCATOR_STATS)
    allocator::resetPeakStats(index);
#else
    (void)index;
    needsCudaHeaders("memory statistics");
#endif
  });
}
// Releases the caching allocator's unused blocks; nothing to do before CUDA is in use.
void CudaEmptyCache(const Info& info) {
  guarded(info, [](Args& a) {
    if (!c10::impl::hasDeviceGuardImpl(kCUDA) || at::detail::getCUDAHooks().getNumGPUs() <= 0) return;
#if defined(TORCHTS_ALLOCATOR_STATS)
    allocator::emptyCache();
#endif
  });
}

// Streams: new ones come from the pool, as torch.cuda.Stream() takes them.
void CudaStreamNew(const Info& info) {
  guarded(info, [](Args& a) {
    c10::Device device(kCUDA, deviceIndex(a, 0));
    bool highPriority = a.has(1) && a.integer(1) < 0;
    a.ret(fromStream(a.isolate(), cudaImpl().getStreamFromGlobalPool(device, highPriority)));
  });
}
void CudaCurrentStream(const Info& info) {
  guarded(info, [](Args& a) { a.ret(fromStream(a.isolate(), cudaImpl().getStream(c10::Device(kCUDA, deviceIndex(a, 0))))); });
}
void CudaDefaultStream(const Info& info) {
  guarded(info, [](Args& a) { a.ret(fromStream(a.isolate(), cudaImpl().getDefaultStream(c10::Device(kCUDA, deviceIndex(a, 0))))); });
}
// Makes (id, device) its device's current stream; returns the one it replaces.
void CudaSetStream(const Info& info) {
  guarded(info, [](Args& a) { a.ret(fromStream(a.isolate(), cudaImpl().exchangeStream(toStream(a, 0)))); });
}
void CudaStreamQuery(const Info& info) {
  guarded(info, [](Args& a) { a.ret(cudaImpl().queryStream(toStream(a, 0))); });
}
void CudaStreamSynchronize(const Info& info) {
  guarded(info, [](Args& a) { cudaImpl().synchronizeStream(toStream(a, 0)); });
}

// Events live here, by id; a JS Event holds its id and frees it when collected.
struct EventRegistry {
  std::unordered_map<int64_t, std::unique_ptr<c10::Event>> events;
  int64_t next = 1;
};
thread_local EventRegistry eventRegistry;

c10::Event& eventAt(const Args& a, int i) {
  auto it = eventRegistry.events.find(a.integer(i));
  if (it == eventRegistry.events.end()) throwTypeError("Event has been freed");
  return *it->second;
}

void CudaEventNew(const Info& info) {
  guarded(info, [](Args& a) {
    cudaImpl();
    // BACKEND_DEFAULT is cudaEventDefault (timing on); PYTORCH_DEFAULT disables timing, as Python's default.
    auto flag = a.has(0) && a.boolean(0) ? c10::EventFlag::BACKEND_DEFAULT : c10::EventFlag::PYTORCH_DEFAULT;
    int64_t id = eventRegistry.next++;
    eventRegistry.events.emplace(id, std::make_unique<c10::Event>(kCUDA, flag));
    a.ret(static_cast<double>(id));
  });
}
void CudaEventFree(const Info& info) {
  guarded(info, [](Args& a) { eventRegistry.events.erase(a.integer(0)); });
}
void CudaEventRecord(const Info& info) {
  guarded(info, [](Args& a) { eventAt(a, 0).record(toStream(a, 1)); });
}
// Makes the stream wait for the event (Event.wait / Stream.wait_event).
void CudaEventBlock(const Info& info) {
  guarded(info, [](Args& a) { eventAt(a, 0).block(toStream(a, 1)); });
}
void CudaEventQuery(const Info& info) {
  guarded(info, [](Args& a) { a.ret(eventAt(a, 0).query()); });
}
void CudaEventSynchronize(const Info& info) {
  guarded(info, [](Args& a) {
#if TORCHTS_TORCH_AT_LEAST(2, 5)
    eventAt(a, 0).synchronize();
#else
    c10::Event& event = eventAt(a, 0);
    while (!event.query()) std::this_thread::yield();
#endif
  });
}
// Milliseconds from event 0 to event 1, both recorded with enable_timing.
void CudaEventElapsedTime(const Info& info) {
  guarded(info, [](Args& a) {
#if TORCHTS_TORCH_AT_LEAST(2, 5)
    a.ret(eventAt(a, 0).elapsedTime(eventAt(a, 1)));
#else
    throw PythonError("RuntimeError", "Event.elapsed_time needs LibTorch 2.5 or later");
#endif
  });
}

// torch.backends.cudnn: at::globalContext()'s flags, by Python's attribute names.
void CudnnGetFlag(const Info& info) {
  guarded(info, [](Args& a) {
    const std::string name = a.string(0);
    at::Context& ctx = at::globalContext();
    if (name == "enabled") a.ret(ctx.userEnabledCuDNN());
    else if (name == "benchmark") a.ret(ctx.benchmarkCuDNN());
    else if (name == "deterministic") a.ret(ctx.deterministicCuDNN());
    else if (name == "allow_tf32") a.ret(ctx.allowTF32CuDNN());
    else throwRangeError("Expected a cudnn flag name but received '" + name + "'");
  });
}
void CudnnSetFlag(const Info& info) {
  guarded(info, [](Args& a) {
    const std::string name = a.string(0);
    bool value = a.boolean(1);
    at::Context& ctx = at::globalContext();
    if (name == "enabled") ctx.setUserEnabledCuDNN(value);
    else if (name == "benchmark") ctx.setBenchmarkCuDNN(value);
    else if (name == "deterministic") ctx.setDeterministicCuDNN(value);
    else if (name == "allow_tf32") ctx.setAllowTF32CuDNN(value);
    else throwRangeError("Expected a cudnn flag name but received '" + name + "'");
  });
}
void CudnnIsAvailable(const Info& info) {
  guarded(info, [](Args& a) { a.ret(at::detail::getCUDAHooks().compiledWithCuDNN()); });
}
// cuDNN's version as one integer (90100 for 9.1.0), or null without cuDNN.
void CudnnVersion(const Info& info) {
  guarded(info, [](Args& a) {
    if (!at::detail::getCUDAHooks().compiledWithCuDNN()) return a.ret(v8::Null(a.isolate()).As<v8::Value>());
    a.ret(static_cast<double>(at::detail::getCUDAHooks().versionCuDNN()));
  });
}

}  // namespace

void registerCuda(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"cudaIsBuilt", CudaIsBuilt},
    {"cudaCurrentDevice", CudaCurrentDevice},
    {"cudaSetDevice", CudaSetDevice},
    {"cudaDeviceProperties", CudaDeviceProperties},
    {"cudaMemoryStats", CudaMemoryStats},
    {"cudaResetPeakMemoryStats", CudaResetPeakMemoryStats},
    {"cudaEmptyCache", CudaEmptyCache},
    {"cudaStreamNew", CudaStreamNew},
    {"cudaCurrentStream", CudaCurrentStream},
    {"cudaDefaultStream", CudaDefaultStream},
    {"cudaSetStream", CudaSetStream},
    {"cudaStreamQuery", CudaStreamQuery},
    {"cudaStreamSynchronize", CudaStreamSynchronize},
    {"cudaEventNew", CudaEventNew},
    {"cudaEventFree", CudaEventFree},
    {"cudaEventRecord", CudaEventRecord},
    {"cudaEventBlock", CudaEventBlock},
    {"cudaEventQuery", CudaEventQuery},
    {"cudaEventSynchronize", CudaEventSynchronize},
    {"cudaEventElapsedTime", CudaEventElapsedTime},
    {"cudnnGetFlag", CudnnGetFlag},
    {"cudnnSetFlag", CudnnSetFlag},
    {"cudnnIsAvailable", CudnnIsAvailable},
    {"cudnnVersion", CudnnVersion},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
