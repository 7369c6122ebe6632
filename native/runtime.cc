// Library-level facts and settings: versions, threads, CUDA devices.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/csrc/api/include/torch/cuda.h>
#include <torch/csrc/api/include/torch/version.h>
#include "call.h"

namespace torchts {
namespace {

void Version(const Info& info) {
  guarded(info, [](Args& a) { a.ret(v8::String::NewFromUtf8(a.isolate(), TORCH_VERSION).ToLocalChecked().As<v8::Value>()); });
}
void SetNumThreads(const Info& info) {
  guarded(info, [](Args& a) {
    int64_t n = a.integer(0);
    if (n <= 0) throwRangeError("Expected positive integer for num_threads but received " + std::to_string(n));
    at::set_num_threads(static_cast<int>(n));
  });
}
void GetNumThreads(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(at::get_num_threads())); });
}
void CudaIsAvailable(const Info& info) {
  guarded(info, [](Args& a) { a.ret(at::detail::getCUDAHooks().hasCUDA() && at::detail::getCUDAHooks().getNumGPUs() > 0); });
}
void CudaDeviceCount(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(at::detail::getCUDAHooks().hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0)); });
}
void CudaSynchronize(const Info& info) {
  guarded(info, [](Args& a) {
    if (!at::detail::getCUDAHooks().hasCUDA()) throw c10::Error({__func__, __FILE__, __LINE__}, "Torch not compiled with CUDA enabled");
    at::detail::getCUDAHooks().deviceSynchronize(a.has(0) ? a.integer(0) : 0);
  });
}
void CudaManualSeedAll(const Info& info) {
  guarded(info, [](Args& a) {
    // torch::cuda seeds every device's default generator; LibTorch 2.x dropped the hooks' getDefaultCUDAGenerator.
    torch::cuda::manual_seed_all(static_cast<uint64_t>(static_cast<int64_t>(a.number(0))));
  });
}

}  // namespace

void registerRuntime(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"version", Version},
    {"setNumThreads", SetNumThreads},
    {"getNumThreads", GetNumThreads},
    {"cudaIsAvailable", CudaIsAvailable},
    {"cudaDeviceCount", CudaDeviceCount},
    {"cudaSynchronize", CudaSynchronize},
    {"cudaManualSeedAll", CudaManualSeedAll},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
