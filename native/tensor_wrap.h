// A JS tensor is a V8 API object with two internal fields: the TensorBox and a type tag.
// Plain V8 objects (not napi_wrap) because their weak callbacks run inside the GC itself, so a
// collection we trigger from a budget frees native memory at once, even in a synchronous loop.
#pragma once
#include <ATen/Tensor.h>
#include <v8.h>
#include "state.h"

namespace torchts {

struct TensorBox {
  at::Tensor tensor;               // undefined once disposed
  int64_t bytes = 0;               // accounted bytes (view size plus bookkeeping)
  AddonState* state = nullptr;
  v8::Global<v8::Object> handle;   // weak
  TensorBox* prev = nullptr;
  TensorBox* next = nullptr;
  uint32_t generation = 0;         // bumped on recycling, so stale scope entries are recognised
};

extern const int kTensorTag;

inline TensorBox* unwrapBox(v8::Local<v8::Value> value) {
  if (!value->IsObject()) return nullptr;
  v8::Local<v8::Object> obj = value.As<v8::Object>();
  if (obj->InternalFieldCount() != 2 || obj->GetAlignedPointerFromInternalField(1) != &kTensorTag) return nullptr;
  return static_cast<TensorBox*>(obj->GetAlignedPointerFromInternalField(0));
}

v8::Local<v8::Object> wrapTensor(AddonState& state, at::Tensor tensor);
void disposeBox(TensorBox* box);
void releaseAllTensors(AddonState& state);
void initTensorClass(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context);
void registerMemoryFunctions(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context);

}  // namespace torchts
