// Autocast state (torch.autocast, torch.is_autocast_enabled, torch.get_autocast_dtype, ...):
// LibTorch's thread-local at::autocast switches, per device type. LibTorch 2.4 replaced the
// per-device functions (is_cpu_enabled, get_autocast_gpu_dtype) with ones taking a device type.
#include <ATen/autocast_mode.h>
#include <torch/csrc/api/include/torch/version.h>
#include "call.h"

#define TORCHTS_AUTOCAST_BY_DEVICE_TYPE (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4))

namespace torchts {
namespace {

// 'cpu' or 'cuda'. Another name fails as in PyTorch 2.x: c10's device-string error for an unknown
// type, "unsupported autocast device_type" for a device type torchts has no autocast for.
c10::DeviceType autocastDevice(const Args& a, int i) {
  const std::string type = a.string(i);
  if (type == "cpu") return c10::DeviceType::CPU;
  if (type == "cuda") return c10::DeviceType::CUDA;
  (void)c10::Device(type);
  throw PythonError("RuntimeError", "User specified an unsupported autocast device_type '" + type + "'");
}

bool isEnabled(c10::DeviceType device) {
#if TORCHTS_AUTOCAST_BY_DEVICE_TYPE
  return at::autocast::is_autocast_enabled(device);
#else
  return device == c10::DeviceType::CPU ? at::autocast::is_cpu_enabled() : at::autocast::is_enabled();
#endif
}
void setEnabled(c10::DeviceType device, bool enabled) {
#if TORCHTS_AUTOCAST_BY_DEVICE_TYPE
  at::autocast::set_autocast_enabled(device, enabled);
#else
  if (device == c10::DeviceType::CPU) at::autocast::set_cpu_enabled(enabled);
  else at::autocast::set_enabled(enabled);
#endif
}
at::ScalarType getDtype(c10::DeviceType device) {
#if TORCHTS_AUTOCAST_BY_DEVICE_TYPE
  return at::autocast::get_autocast_dtype(device);
#else
  return device == c10::DeviceType::CPU ? at::autocast::get_autocast_cpu_dtype() : at::autocast::get_autocast_gpu_dtype();
#endif
}
void setDtype(c10::DeviceType device, at::ScalarType dtype) {
#if TORCHTS_AUTOCAST_BY_DEVICE_TYPE
  at::autocast::set_autocast_dtype(device, dtype);
#else
  if (device == c10::DeviceType::CPU) at::autocast::set_autocast_cpu_dtype(dtype);
  else at::autocast::set_autocast_gpu_dtype(dtype);
#endif
}

void AutocastIsEnabled(const Info& info) {
  guarded(info, [](Args& a) { a.ret(isEnabled(autocastDevice(a, 0))); });
}
void AutocastSetEnabled(const Info& info) {
  guarded(info, [](Args& a) { setEnabled(autocastDevice(a, 0), a.boolean(1)); });
}
void AutocastGetDtype(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(getDtype(autocastDevice(a, 0)))); });
}
void AutocastSetDtype(const Info& info) {
  guarded(info, [](Args& a) { setDtype(autocastDevice(a, 0), a.dtype(1)); });
}
void AutocastIncrementNesting(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(at::autocast::increment_nesting())); });
}
void AutocastDecrementNesting(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(at::autocast::decrement_nesting())); });
}
void AutocastClearCache(const Info& info) {
  guarded(info, [](Args& a) { at::autocast::clear_cache(); });
}
void AutocastIsCacheEnabled(const Info& info) {
  guarded(info, [](Args& a) { a.ret(at::autocast::is_autocast_cache_enabled()); });
}
void AutocastSetCacheEnabled(const Info& info) {
  guarded(info, [](Args& a) { at::autocast::set_autocast_cache_enabled(a.boolean(0)); });
}

}  // namespace

void registerAutocast(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"autocastIsEnabled", AutocastIsEnabled},
    {"autocastSetEnabled", AutocastSetEnabled},
    {"autocastGetDtype", AutocastGetDtype},
    {"autocastSetDtype", AutocastSetDtype},
    {"autocastIncrementNesting", AutocastIncrementNesting},
    {"autocastDecrementNesting", AutocastDecrementNesting},
    {"autocastClearCache", AutocastClearCache},
    {"autocastIsCacheEnabled", AutocastIsCacheEnabled},
    {"autocastSetCacheEnabled", AutocastSetCacheEnabled},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
