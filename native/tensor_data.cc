// Tensor <-> JS data and tensor properties.
#include <ATen/ATen.h>
#include <cstring>
#include <memory>
#include "call.h"
#include "dtype_table.h"

namespace torchts {
namespace {

v8::Local<v8::Value> makeTypedArray(v8::Isolate* iso, JsArrayKind kind, v8::Local<v8::ArrayBuffer> buf, size_t n) {
  switch (kind) {
    case JsArrayKind::Float32: return v8::Float32Array::New(buf, 0, n);
    case JsArrayKind::Float64: return v8::Float64Array::New(buf, 0, n);
    case JsArrayKind::Int8: return v8::Int8Array::New(buf, 0, n);
    case JsArrayKind::Int16: return v8::Int16Array::New(buf, 0, n);
    case JsArrayKind::Int32: return v8::Int32Array::New(buf, 0, n);
    case JsArrayKind::BigInt64: return v8::BigInt64Array::New(buf, 0, n);
    case JsArrayKind::Uint8: return v8::Uint8Array::New(buf, 0, n);
    default: return v8::Undefined(iso);
  }
}

// fromBuffer(typedArray, shape, dtypeCode, device|null, share) -> Tensor.
// The typed array's element type must be the dtype's transfer type (lib/ checks and converts).
// share=true aliases the JS memory (torch.from_blob-like): the backing store stays alive with the tensor.
void FromBuffer(const Info& info) {
  guarded(info, [](Args& a) {
    if (!a[0]->IsArrayBufferView()) throwTypeError("Expected a TypedArray for data");
    v8::Local<v8::ArrayBufferView> view = a[0].As<v8::ArrayBufferView>();
    std::vector<int64_t> shape = a.intList(1);
    at::ScalarType dtype = a.dtype(2);
    at::ScalarType transfer = transferType(dtype);
    int64_t numel = 1;
    for (int64_t s : shape) {
      if (s < 0) throwRangeError("Expected non-negative sizes but received " + std::to_string(s));
      numel *= s;
    }
    size_t itemsize = c10::elementSize(transfer);
    if (view->ByteLength() != static_cast<size_t>(numel) * itemsize)
      throwRangeError("Data has " + std::to_string(view->ByteLength() / itemsize) + " elements but shape needs " + std::to_string(numel));
    std::shared_ptr<v8::BackingStore> store = view->Buffer()->GetBackingStore();
    char* data = static_cast<char*>(store->Data()) + view->ByteOffset();
    auto options = at::TensorOptions().dtype(transfer);
    at::Tensor t;
    bool share = a.has(4) && a.boolean(4) && transfer == dtype && !a.has(3);
    // JS can shrink a resizable ArrayBuffer (`resize(0)` releases its pages) while the tensor still
    // points into it. A fixed-length store lives as long as the tensor holds it, even once detached
    // or transferred, and a growable SharedArrayBuffer only grows in place.
    if (share && store->IsResizableByUserJavaScript() && !store->IsShared())
      throwTypeError("from_blob cannot share the memory of a resizable ArrayBuffer (JS may shrink it under the tensor): "
                     "use a fixed-length buffer, or copy the data with torch.tensor(data)");
    if (share && numel > 0) {
      t = at::from_blob(data, shape, [store](void*) mutable { store.reset(); }, options);
    } else {
      t = at::empty(shape, options);
      if (numel > 0) std::memcpy(t.data_ptr(), data, numel * itemsize);
    }
    if (transfer != dtype) t = t.to(dtype);
    if (a.has(3)) t = t.to(toDevice(a.isolate(), a[3]));
    a.ret(std::move(t));
  });
}

// toBuffer(t) -> TypedArray holding a contiguous CPU copy (float16/bfloat16 as Float32Array, bool as Uint8Array).
void ToBuffer(const Info& info) {
  guarded(info, [](Args& a) {
    const at::Tensor& src = a.tensor(0);
    JsArrayKind kind = jsArrayKind(src.scalar_type());
    if (kind == JsArrayKind::None) throwTypeError(std::string("No JS array type for dtype ") + c10::toString(src.scalar_type()));
    at::Tensor t = src.detach().to(at::kCPU, transferType(src.scalar_type())).contiguous();
    size_t n = static_cast<size_t>(t.numel());
    size_t bytes = n * t.element_size();
    v8::Local<v8::ArrayBuffer> buf = v8::ArrayBuffer::New(a.isolate(), bytes);
    if (bytes > 0) std::memcpy(buf->GetBackingStore()->Data(), t.data_ptr(), bytes);
    a.ret(makeTypedArray(a.isolate(), kind, buf, n));
  });
}

void Item(const Info& info) {
  guarded(info, [](Args& a) { a.ret(fromScalar(a.isolate(), a.tensor(0).item())); });
}

void Shape(const Info& info) {
  guarded(info, [](Args& a) { a.ret(fromIntList(a.isolate(), a.tensor(0).sizes())); });
}
void Strides(const Info& info) {
  guarded(info, [](Args& a) { a.ret(fromIntList(a.isolate(), a.tensor(0).strides())); });
}
void Dim(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(a.tensor(0).dim())); });
}
void Numel(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(a.tensor(0).numel())); });
}
void DtypeCode(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(static_cast<int>(a.tensor(0).scalar_type()))); });
}
void DeviceName(const Info& info) {
  guarded(info, [](Args& a) {
    a.ret(v8::String::NewFromUtf8(a.isolate(), a.tensor(0).device().str().c_str()).ToLocalChecked().As<v8::Value>());
  });
}
void IsContiguous(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.tensor(0).is_contiguous()); });
}
// c10::Layout's code (Strided 0, Sparse 1, SparseCsr 2, Mkldnn 3, ...), as torch.layout numbers it.
void LayoutCode(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(static_cast<int>(a.tensor(0).layout()))); });
}
// Whether the tensor is nested (a NestedTensorImpl: its sizes() throws, so callers check this first).
void IsNested(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.tensor(0).is_nested()); });
}
// Which output of its grad_fn the tensor is (Python's `output_nr`).
void OutputNr(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(a.tensor(0).output_nr())); });
}
void StorageOffset(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(a.tensor(0).storage_offset())); });
}
void ElementSize(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(a.tensor(0).element_size())); });
}
void DataPtr(const Info& info) {
  guarded(info, [](Args& a) {
    const at::Tensor& t = a.tensor(0);
    a.ret(static_cast<double>(reinterpret_cast<uintptr_t>(t.has_storage() ? t.data_ptr() : nullptr)));
  });
}

// to(t, dtypeCode|null, device|null, nonBlocking, copy)
void To(const Info& info) {
  guarded(info, [](Args& a) {
    const at::Tensor& t = a.tensor(0);
    at::ScalarType dtype = a.has(1) ? a.dtype(1) : t.scalar_type();
    c10::Device device = a.has(2) ? toDevice(a.isolate(), a[2]) : t.device();
    bool nonBlocking = a.has(3) && a.boolean(3);
    bool copy = a.has(4) && a.boolean(4);
    at::Tensor out = t.to(device, dtype, nonBlocking, copy);
    if (out.unsafeGetTensorImpl() == t.unsafeGetTensorImpl()) a.retSelf(0);
    else a.ret(std::move(out));
  });
}

// tensorVersion(t) -> t._version: the in-place modifications counted on t's version counter.
void TensorVersion(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(a.tensor(0)._version())); });
}
// hasCompatibleShallowCopyType(t, other): torch._has_compatible_shallow_copy_type, whether
// `t.data = other` keeps t's TensorImpl (both dense, both sparse, or the same dispatch keys).
void HasCompatibleShallowCopyType(const Info& info) {
  guarded(info, [](Args& a) {
    a.ret(a.tensor(0).unsafeGetTensorImpl()->has_compatible_shallow_copy_type(a.tensor(1).key_set()));
  });
}
void Data(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.tensor(0).variable_data()); });
}
void SetData(const Info& info) {
  guarded(info, [](Args& a) { a.tensor(0).set_data(a.tensor(1)); });
}

}  // namespace

void registerTensorData(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"fromBuffer", FromBuffer},
    {"toBuffer", ToBuffer},
    {"item", Item},
    {"shape", Shape},
    {"strides", Strides},
    {"dim", Dim},
    {"numel", Numel},
    {"dtypeCode", DtypeCode},
    {"deviceName", DeviceName},
    {"isContiguous", IsContiguous},
    {"layoutCode", LayoutCode},
    {"isNested", IsNested},
    {"outputNr", OutputNr},
    {"storageOffset", StorageOffset},
    {"elementSize", ElementSize},
    {"dataPtr", DataPtr},
    {"to", To},
    {"data", Data},
    {"tensorVersion", TensorVersion},
    {"hasCompatibleShallowCopyType", HasCompatibleShallowCopyType},
    {"setData", SetData},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
