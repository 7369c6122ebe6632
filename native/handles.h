// Opaque JS handles that own one native object each (a TorchScript module, a c10d store, a process
// group...): a plain object with two internal fields, the holder and a tag naming the kind. The
// holder is freed when the GC collects the handle or, for handles still alive, at environment
// teardown.
#pragma once

#include <v8.h>

#include <memory>

#include "call.h"

namespace torchts {

struct HandleHolder {
  std::shared_ptr<void> value;  // empty once released early (a later use is the caller's error)
  v8::Global<v8::Object> handle;  // weak
  void* registry;
};

// One distinct address per kind of native object.
template <class T>
struct HandleTag {
  static const int value;
};
template <class T>
const int HandleTag<T>::value = 0;

v8::Local<v8::Object> wrapHandleOf(Args& a, std::shared_ptr<void> value, const int* tag);
// The holder behind `v` when it is a handle of this tag, else nullptr.
HandleHolder* handleHolder(v8::Local<v8::Value> v, const int* tag);

template <class T>
v8::Local<v8::Object> wrapHandle(Args& a, std::shared_ptr<T> value) {
  return wrapHandleOf(a, std::static_pointer_cast<void>(std::move(value)), &HandleTag<T>::value);
}

template <class T>
HandleHolder* holderOf(v8::Local<v8::Value> v) {
  return handleHolder(v, &HandleTag<T>::value);
}

}  // namespace torchts
