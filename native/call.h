// Calling convention shared by every native function: argument unpacking, result wrapping and
// conversion of every C++ exception into a JS exception (never a process abort).
#pragma once
#include <ATen/ATen.h>
#include <cmath>
#include <memory>
#include <v8.h>

#include <stdexcept>
#include <string>
#include <vector>
#include "state.h"
#include "tensor_wrap.h"

namespace torchts {

using Info = v8::FunctionCallbackInfo<v8::Value>;

// Raised for a bad JS argument; becomes a TypeError/RangeError naming the argument.
struct ArgError {
  bool range;
  std::string message;
};

// A JS exception thrown by JS code that LibTorch called back into (a custom Function's backward, a
// tensor hook): it travels through the autograd engine as a C++ exception and guarded() throws the
// original JS value again. Created and caught on the JS thread only.
struct JsException : std::exception {
  std::shared_ptr<v8::Global<v8::Value>> value;
  const char* what() const noexcept override { return "JavaScript exception in an autograd callback"; }
};

// A Python-level error PyTorch raises itself (AssertionError "Torch not compiled with CUDA enabled"):
// becomes a TorchError whose pythonType is `type`.
struct PythonError : std::runtime_error {
  const char* type;
  PythonError(const char* pythonType, const std::string& message) : std::runtime_error(message), type(pythonType) {}
};

// Raised when a V8 call failed because JS code it ran threw (a getter, a Proxy trap, valueOf) or
// execution is terminating: that JS exception is already pending and guarded() lets it propagate.
struct PendingJsException {};

// The value of a V8 call that can run JS, or PendingJsException: never ToLocalChecked()/Check(),
// which abort the process on a throwing getter.
template <class T>
v8::Local<T> orThrow(v8::MaybeLocal<T> maybe) {
  v8::Local<T> value;
  if (!maybe.ToLocal(&value)) throw PendingJsException{};
  return value;
}
template <class T>
T orThrow(v8::Maybe<T> maybe) {
  T value;
  if (!maybe.To(&value)) throw PendingJsException{};
  return value;
}

[[noreturn]] void throwTypeError(const std::string& message);
[[noreturn]] void throwRangeError(const std::string& message);
std::string describeValue(v8::Isolate* isolate, v8::Local<v8::Value> value);

at::ScalarType toScalarType(int64_t code);
c10::Device toDevice(v8::Isolate* isolate, v8::Local<v8::Value> value);
// A JS complex value (a plain object { real, imag } of numbers, lib/complex.ts); false for anything else.
bool toComplex(v8::Isolate* isolate, v8::Local<v8::Value> value, c10::complex<double>& out);
// A JS number, boolean, bigint or complex value as a Scalar (integral numbers as integers).
at::Scalar toScalar(v8::Isolate* isolate, v8::Local<v8::Value> value, const char* what);
std::vector<int64_t> toIntList(v8::Isolate* isolate, v8::Local<v8::Value> value, const char* what);
v8::Local<v8::Value> fromScalar(v8::Isolate* isolate, const at::Scalar& s);
v8::Local<v8::Array> fromIntList(v8::Isolate* isolate, at::IntArrayRef list);

class Args {
 public:
  explicit Args(const Info& info)
      : info_(info), isolate_(info.GetIsolate()),
        state_(*static_cast<AddonState*>(info.Data().As<v8::External>()->Value())) {}

  int length() const { return info_.Length(); }
  AddonState& state() const { return state_; }
  v8::Isolate* isolate() const { return isolate_; }
  v8::Local<v8::Value> operator[](int i) const { return info_[i]; }
  bool has(int i) const { return i < info_.Length() && !info_[i]->IsUndefined() && !info_[i]->IsNull(); }
  bool isTensor(int i) const { return unwrapTensorArg(state_, info_[i]) != nullptr; }
  // The tensor at i, or null when the argument is not a tensor (throws if it is a disposed one).
  const at::Tensor* tensorOrNull(int i) const {
    TensorBox* box = unwrapTensorArg(state_, info_[i]);
    if (box == nullptr) return nullptr;
    if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
    return &box->tensor;
  }

  const at::Tensor& tensor(int i) const {
    TensorBox* box = unwrapTensorArg(state_, info_[i]);
    if (box == nullptr) throwTypeError("Expected Tensor for argument " + std::to_string(i) + " but received " + describeValue(isolate_, info_[i]));
    if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
    return box->tensor;
  }
  TensorBox& box(int i) const {
    TensorBox* box = unwrapTensorArg(state_, info_[i]);
    if (box == nullptr) throwTypeError("Expected Tensor for argument " + std::to_string(i) + " but received " + describeValue(isolate_, info_[i]));
    return *box;
  }
  c10::optional<at::Tensor> optTensor(int i) const {
    if (!has(i)) return c10::nullopt;
    return tensor(i);
  }
  double number(int i) const {
    if (!info_[i]->IsNumber()) throwTypeError("Expected number for argument " + std::to_string(i) + " but received " + describeValue(isolate_, info_[i]));
    return info_[i].As<v8::Number>()->Value();
  }
  int64_t integer(int i) const {
    double d = number(i);
    if (std::isfinite(d) && std::fabs(d) >= 9.2e18) throwRangeError("Integer out of range for argument " + std::to_string(i));
    if (d != std::trunc(d) || !std::isfinite(d)) throwTypeError("Expected integer for argument " + std::to_string(i) + " but received " + describeValue(isolate_, info_[i]));
    return static_cast<int64_t>(d);
  }
  bool boolean(int i) const { return info_[i]->BooleanValue(isolate_); }
  at::Scalar scalar(int i) const { return toScalar(isolate_, info_[i], "scalar"); }
  std::vector<int64_t> intList(int i) const { return toIntList(isolate_, info_[i], "size"); }
  at::ScalarType dtype(int i) const { return toScalarType(integer(i)); }
  std::string string(int i) const {
    if (!info_[i]->IsString()) throwTypeError("Expected string for argument " + std::to_string(i));
    v8::String::Utf8Value s(isolate_, info_[i]);
    return std::string(*s, s.length());
  }

  void ret(at::Tensor t) const { info_.GetReturnValue().Set(wrapTensor(state_, std::move(t))); }
  void ret(v8::Local<v8::Value> v) const { info_.GetReturnValue().Set(v); }
  void retSelf(int i) const { info_.GetReturnValue().Set(info_[i]); }
  void ret(double d) const { info_.GetReturnValue().Set(d); }
  void ret(bool b) const { info_.GetReturnValue().Set(b); }
  void retTensors(const std::vector<at::Tensor>& ts) const;

 private:
  const Info& info_;
  v8::Isolate* isolate_;
  AddonState& state_;
};

void throwJsError(AddonState& state, const char* pythonType, const std::string& message);
// A LibTorch message with tensor types named as Python's layer names them ("torch.FloatTensor").
std::string pythonTypeNames(std::string message);
void throwArgError(AddonState& state, const ArgError& error);

// The Python exception class PyTorch raises for a LibTorch error.
inline const char* pythonTypeOf(const c10::Error& e) {
  if (dynamic_cast<const c10::IndexError*>(&e)) return "IndexError";
  if (dynamic_cast<const c10::ValueError*>(&e)) return "ValueError";
  if (dynamic_cast<const c10::TypeError*>(&e)) return "TypeError";
  if (dynamic_cast<const c10::NotImplementedError*>(&e)) return "NotImplementedError";
  return "RuntimeError";
}

// In a catch handler of guarded(): the caught C++ exception as a JS exception, after the LibTorch
// warnings the call raised (Python shows them before the error).
void throwCaughtToJs(Args& args);

// Runs body(args), turning every C++ exception into a JS exception; then hands the LibTorch
// warnings the call raised, on any thread, to JS (one relaxed load when there are none).
template <class Body>
inline void guarded(const Info& info, Body&& body) {
  Args args(info);
  try {
    body(args);
  } catch (...) {
    throwCaughtToJs(args);
    return;
  }
  if (args.state().warnings.pending.load(std::memory_order_relaxed)) emitNativeWarnings(args.state());
}

// Registers a native function on `target`, carrying the addon state as its data.
void setFunction(AddonState& state, v8::Local<v8::Context> context, v8::Local<v8::Object> target,
                 const char* name, v8::FunctionCallback callback);

struct FunctionSpec {
  const char* name;
  v8::FunctionCallback callback;
};

template <size_t N>
void setFunctions(AddonState& state, v8::Local<v8::Context> context, v8::Local<v8::Object> target, const FunctionSpec (&specs)[N]) {
  for (const FunctionSpec& spec : specs) setFunction(state, context, target, spec.name, spec.callback);
}

}  // namespace torchts
