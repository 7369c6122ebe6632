// Raw storage access for torch.save / torch.load (zip and pickle live in lib/serialization/).
// A storage crosses as its bytes, untouched, so every dtype (float16/bfloat16 included) is
// bit-exact; its identity crosses as a key, so views and tied weights save as one storage and
// load as views of one storage, as in PyTorch.
#include <ATen/ATen.h>
#include <memory>
#include "call.h"

namespace torchts {
namespace {

const c10::Storage& storageOf(const at::Tensor& t) {
  if (!t.has_storage()) throwTypeError(std::string("Cannot serialize a tensor without storage (layout ") + c10::toString(t.layout()) + ")");
  return t.storage();
}

// storageInfo(t) -> [key, nbytes, device]: key identifies the StorageImpl (equal for views of one storage).
void StorageInfo(const Info& info) {
  guarded(info, [](Args& a) {
    const c10::Storage& s = storageOf(a.tensor(0));
    v8::Isolate* iso = a.isolate();
    v8::Local<v8::Value> values[] = {
        v8::Number::New(iso, static_cast<double>(reinterpret_cast<uintptr_t>(s.unsafeGetStorageImpl()))),
        v8::Number::New(iso, static_cast<double>(s.nbytes())),
        v8::String::NewFromUtf8(iso, s.device().str().c_str()).ToLocalChecked(),
    };
    a.ret(v8::Array::New(iso, values, 3).As<v8::Value>());
  });
}

// A Uint8Array over bytes [offset, offset + length) of a CPU storage, keeping the storage alive.
v8::Local<v8::Value> aliasBytes(v8::Isolate* iso, const c10::Storage& s, int64_t offset, int64_t length) {
  // data() is const in LibTorch 2.x; the bytes are this storage's to write (torch.load fills them).
  if (length == 0) return v8::Uint8Array::New(v8::ArrayBuffer::New(iso, 0), 0, 0);
  auto keep = std::make_unique<c10::Storage>(s);
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      static_cast<char*>(const_cast<void*>(s.data())) + offset, static_cast<size_t>(length),
      [](void*, size_t, void* held) { std::unique_ptr<c10::Storage> release(static_cast<c10::Storage*>(held)); },
      keep.get());
  keep.release();  // owned by the backing store's deleter from here on
  return v8::Uint8Array::New(v8::ArrayBuffer::New(iso, std::move(store)), 0, static_cast<size_t>(length));
}

// storageBytes(t, byteOffset = 0, byteLength = the rest) -> Uint8Array over that byte range of t's
// storage (not just t's view). A CPU storage is aliased, not copied: the array writes through to
// it (torch.load reads file data straight into a new storage this way). Other devices give a CPU
// copy. One array holds at most v8::Uint8Array::kMaxLength bytes: lib/ asks for large storages
// in pieces.
void StorageBytes(const Info& info) {
  guarded(info, [](Args& a) {
    const c10::Storage& s = storageOf(a.tensor(0));
    const int64_t nbytes = static_cast<int64_t>(s.nbytes());
    const int64_t offset = a.has(1) ? a.integer(1) : 0;
    const int64_t length = a.has(2) ? a.integer(2) : nbytes - offset;
    if (offset < 0 || length < 0 || offset > nbytes || length > nbytes - offset)
      throwRangeError("Byte range [" + std::to_string(offset) + ", " + std::to_string(offset + length) + ") is outside a storage of " + std::to_string(nbytes) + " bytes");
    if (static_cast<uint64_t>(length) > v8::Uint8Array::kMaxLength)
      throwRangeError("Byte range of " + std::to_string(length) + " bytes is longer than a Uint8Array can be; ask for it in pieces");
    if (s.device().is_cpu()) {
      a.ret(aliasBytes(a.isolate(), s, offset, length));
      return;
    }
    at::Tensor range = at::empty({0}, at::TensorOptions().dtype(at::kByte).device(s.device()));
    range.set_(s, offset, {length}, {1});
    a.ret(aliasBytes(a.isolate(), range.cpu().storage(), 0, length));
  });
}

// viewStorage(holder, dtypeCode, offset, size, stride) -> a tensor of that dtype over holder's
// storage (PyTorch's `torch.tensor([], dtype=d).set_(storage, offset, size, stride)`). LibTorch's
// set_ would grow a storage too small for the view; a loaded file must never make it allocate, so
// the view has to fit.
void ViewStorage(const Info& info) {
  guarded(info, [](Args& a) {
    const at::Tensor& holder = a.tensor(0);
    const c10::Storage& s = storageOf(holder);
    at::ScalarType dtype = a.dtype(1);
    int64_t offset = a.integer(2);
    std::vector<int64_t> size = toIntList(a.isolate(), a[3], "size"), stride = toIntList(a.isolate(), a[4], "stride");
    if (size.size() != stride.size()) throwRangeError("viewStorage: " + std::to_string(size.size()) + " sizes but " + std::to_string(stride.size()) + " strides");
    // One past the last element the view touches, with overflow checks.
    bool empty = false;
    int64_t end = offset;
    bool overflow = offset < 0;
    for (size_t d = 0; d < size.size() && !overflow; d++) {
      if (size[d] < 0 || stride[d] < 0) overflow = true;
      else if (size[d] == 0) empty = true;
      else {
        int64_t span = 0;
        overflow = __builtin_mul_overflow(size[d] - 1, stride[d], &span) || __builtin_add_overflow(end, span, &end);
      }
    }
    int64_t nbytes = 0;
    overflow = overflow || __builtin_mul_overflow(end + 1, static_cast<int64_t>(c10::elementSize(dtype)), &nbytes);
    if (overflow || (!empty && nbytes > static_cast<int64_t>(s.nbytes())))
      throwRangeError("viewStorage: the view does not fit in a storage of " + std::to_string(s.nbytes()) + " bytes");
    at::Tensor t = at::empty({0}, holder.options().dtype(dtype));
    t.set_(s, offset, size, stride);
    a.ret(std::move(t));
  });
}

}  // namespace

void registerStorage(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"storageInfo", StorageInfo},
    {"storageBytes", StorageBytes},
    {"viewStorage", ViewStorage},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
