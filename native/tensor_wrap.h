// A JS tensor is a V8 API object with two internal fields: the TensorBox and a type tag.
// Plain V8 objects (not napi_wrap) because their weak callbacks run inside the GC itself, so a
// collection we trigger from a budget frees native memory at once, even in a synchronous loop.
#pragma once
#include <ATen/Tensor.h>
#include <v8.h>
#include <type_traits>
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
  uint32_t epoch = 0;              // young collections before it was created (tensor_wrap.cc, promotion)
};

extern const int kTensorTag;

// Checked unwrap of any JS value: null unless it is a live-or-disposed torchts tensor.
inline TensorBox* unwrapBox(v8::Local<v8::Value> value) {
  if (!value->IsObject()) return nullptr;
  v8::Local<v8::Object> obj = value.As<v8::Object>();
  if (obj->InternalFieldCount() != 2 || obj->GetAlignedPointerFromInternalField(1) != &kTensorTag) return nullptr;
  return static_cast<TensorBox*>(obj->GetAlignedPointerFromInternalField(0));
}

// The same answer for the arguments of every op, without leaving inline code in the common case.
// unwrapBox's IsObject/InternalFieldCount are out-of-line V8 calls (~200 instructions per binary
// op); here a value whose map (hidden class) is one of the tensor shapes recorded in
// state.tensorMaps reads its box straight from the internal field. A map fixes the object's layout
// (two internal fields), and the recorded maps are re-read after every compacting GC, so a match is
// exact. Everything else (a Tensor with own properties, another subclass, any non-tensor) takes
// the checked path.
#if defined(V8_MAJOR_VERSION) && (V8_MAJOR_VERSION > 11 || (V8_MAJOR_VERSION == 11 && V8_MINOR_VERSION >= 3))
#define TORCHTS_INLINE_UNWRAP 1
inline uintptr_t mapWordOf(v8::Local<v8::Value> value) {
  using I = v8::internal::Internals;
  v8::internal::Address address = v8::internal::ValueHelper::ValueAsAddress(*value);
  return I::HasHeapObjectTag(address) ? I::ReadTaggedPointerField(address, I::kHeapObjectMapOffset) : 0;
}
#endif

#ifdef TORCHTS_INLINE_UNWRAP
// Where internal field 0 starts in a JS API object: right after the JSObject header up to V8 11,
// after a further CppHeap-wrappable slot since (V8 names that header kJSAPIObjectWithEmbedderSlots-
// HeaderSize). Detected from the headers themselves, the same constant V8's inline getter reads.
template <typename I, typename = void>
struct FirstInternalFieldOffset {
  static constexpr int value = I::kJSObjectHeaderSize;
};
template <typename I>
struct FirstInternalFieldOffset<I, std::void_t<decltype(I::kJSAPIObjectWithEmbedderSlotsHeaderSize)>> {
  static constexpr int value = I::kJSAPIObjectWithEmbedderSlotsHeaderSize;
};
constexpr int kFirstInternalFieldOffset = FirstInternalFieldOffset<v8::internal::Internals>::value;
#endif

// Stores the box in internal field 0 of a fresh clone of the blank tensor. Where V8 keeps internal
// fields as plain 8-byte slots (no pointer compression, no sandbox: Node's Linux/macOS builds) this
// is the store that the inline GetAlignedPointerFromInternalField reads back; an aligned pointer
// looks like a Smi to the GC, so no write barrier is due. Elsewhere, or if the startup check
// (directFieldStoreWorks) finds another layout, it is V8's out-of-line setter.
#if defined(TORCHTS_INLINE_UNWRAP) && !defined(V8_COMPRESS_POINTERS) && !defined(V8_ENABLE_SANDBOX)
#define TORCHTS_DIRECT_FIELD_STORE 1
inline TensorBox** boxFieldSlot(v8::Local<v8::Object> obj) {
  v8::internal::Address address = v8::internal::ValueHelper::ValueAsAddress(*obj);
  return reinterpret_cast<TensorBox**>(address - v8::internal::kHeapObjectTag + kFirstInternalFieldOffset);
}
#endif

inline void setBoxField(const AddonState& state, v8::Local<v8::Object> obj, TensorBox* box) {
#ifdef TORCHTS_DIRECT_FIELD_STORE
  if (state.directFieldStore) {
    *boxFieldSlot(obj) = box;
    return;
  }
#endif
  obj->SetAlignedPointerInInternalField(0, box);
}

inline TensorBox* unwrapTensorArg(const AddonState& state, v8::Local<v8::Value> value) {
#ifdef TORCHTS_INLINE_UNWRAP
  uintptr_t map = mapWordOf(value);
  if (map != 0 && (map == state.tensorMaps[0] || map == state.tensorMaps[1]))
    return static_cast<TensorBox*>(value.As<v8::Object>()->GetAlignedPointerFromInternalField(0));
#endif
  return unwrapBox(value);
}

v8::Local<v8::Object> wrapTensor(AddonState& state, at::Tensor tensor);
void disposeBox(TensorBox* box);
void releaseAllTensors(AddonState& state);
void initTensorClass(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context);
void teardownTensorClass(AddonState& state);
void registerMemoryFunctions(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context);

}  // namespace torchts
