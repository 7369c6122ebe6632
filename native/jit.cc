// TorchScript modules (torch.jit.load / save): a JS handle per torch::jit::Module; its own
// parameters, buffers and sub-modules (the tensors are the module's slots themselves), attributes
// and constants; method calls with arguments converted by the method's schema and results back;
// the training flag; saving as a stream of chunks. The module tree, hooks and state_dict live in TS
// (lib/jit.ts).
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>
#include <torch/csrc/jit/serialization/python_print.h>
#include <node.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <sstream>
#include <unordered_map>
#include "call.h"
#include "handles.h"

namespace torchts {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;

v8::Local<v8::Object> wrapModule(Args& a, torch::jit::Module module) {
  return wrapHandle(a, std::make_shared<torch::jit::Module>(std::move(module)));
}

torch::jit::Module& moduleArg(Args& a, int i) {
  if (HandleHolder* holder = holderOf<torch::jit::Module>(a[i])) return *static_cast<torch::jit::Module*>(holder->value.get());
  throwTypeError("Expected a ScriptModule handle for argument " + std::to_string(i) + " but received " + describeValue(a.isolate(), a[i]));
}

v8::Local<v8::String> jsString(v8::Isolate* iso, const std::string& s) {
  return v8::String::NewFromUtf8(iso, s.data(), v8::NewStringType::kNormal, static_cast<int>(s.size())).ToLocalChecked();
}

std::string stdString(v8::Isolate* iso, v8::Local<v8::Value> v) {
  v8::String::Utf8Value s(iso, v);
  return std::string(*s, s.length());
}

v8::Local<v8::Array> pair(v8::Isolate* iso, const std::string& name, v8::Local<v8::Value> value) {
  v8::Local<v8::Value> items[] = {jsString(iso, name), value};
  return v8::Array::New(iso, items, 2);
}

// [name, tensor, identity]: the identity (the TensorImpl's address) lets TS give a tensor that
// several slots hold (tied weights) one JS object, as Python has one Parameter for it.
v8::Local<v8::Array> tensorEntry(Args& a, const std::string& name, const at::Tensor& t) {
  v8::Isolate* iso = a.isolate();
  double identity = static_cast<double>(reinterpret_cast<uintptr_t>(t.unsafeGetTensorImpl()));
  v8::Local<v8::Value> items[] = {jsString(iso, name), wrapTensor(a.state(), t), v8::Number::New(iso, identity)};
  return v8::Array::New(iso, items, 3);
}

// ---- JS -> IValue, guided by the method's argument types -----------------------------------

// The argument (or attribute) being converted; a mismatch anywhere inside it names all of it.
struct ArgContext {
  Args& a;
  std::string method;
  const char* role;  // "argument" or "attribute"
  std::string argument;
  c10::TypePtr declared;
  v8::Local<v8::Value> given;
  [[noreturn]] void fail(const c10::TypePtr&, v8::Local<v8::Value>) const {
    throwTypeError(method + "() expected a value of type '" + declared->annotation_str() + "' for " + role + " '" + argument +
                   "' but received " + describeValue(a.isolate(), given));
  }
  c10::IValue convert(const std::string& name, v8::Local<v8::Value> value, const c10::TypePtr& type);
};

bool isIntegral(double d) { return std::isfinite(d) && d == std::trunc(d) && std::fabs(d) <= kMaxSafeInteger; }

c10::IValue toIValue(const ArgContext& cx, v8::Local<v8::Value> v, const c10::TypePtr& type);

// A value whose declared type says nothing (Any, or arguments past the schema): inferred from JS.
c10::IValue inferIValue(const ArgContext& cx, v8::Local<v8::Value> v) {
  v8::Isolate* iso = cx.a.isolate();
  if (v->IsNullOrUndefined()) return c10::IValue();
  if (TensorBox* box = unwrapBox(v)) {
    if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
    return box->tensor;
  }
  if (v->IsBoolean()) return v->BooleanValue(iso);
  if (v->IsNumber()) {
    double d = v.As<v8::Number>()->Value();
    return isIntegral(d) ? c10::IValue(static_cast<int64_t>(d)) : c10::IValue(d);
  }
  if (v->IsString()) return stdString(iso, v);
  if (v->IsArray()) {
    v8::Local<v8::Array> arr = v.As<v8::Array>();
    v8::Local<v8::Context> ctx = iso->GetCurrentContext();
    std::vector<c10::IValue> items;
    for (uint32_t i = 0; i < arr->Length(); i++) items.push_back(inferIValue(cx, orThrow(arr->Get(ctx, i))));
    return c10::ivalue::Tuple::create(std::move(items));
  }
  cx.fail(c10::AnyType::get(), v);
}

c10::IValue toList(const ArgContext& cx, v8::Local<v8::Value> v, const c10::TypePtr& type) {
  if (!v->IsArray()) cx.fail(type, v);
  const c10::TypePtr& elem = type->expectRef<c10::ListType>().getElementType();
  v8::Local<v8::Array> arr = v.As<v8::Array>();
  v8::Local<v8::Context> ctx = cx.a.isolate()->GetCurrentContext();
  c10::impl::GenericList list(elem);
  list.reserve(arr->Length());
  for (uint32_t i = 0; i < arr->Length(); i++) list.push_back(toIValue(cx, orThrow(arr->Get(ctx, i)), elem));
  return list;
}

c10::IValue toTuple(const ArgContext& cx, v8::Local<v8::Value> v, const c10::TypePtr& type) {
  auto elems = type->expectRef<c10::TupleType>().elements();
  if (!v->IsArray() || v.As<v8::Array>()->Length() != elems.size()) cx.fail(type, v);
  v8::Local<v8::Array> arr = v.As<v8::Array>();
  v8::Local<v8::Context> ctx = cx.a.isolate()->GetCurrentContext();
  std::vector<c10::IValue> items;
  for (uint32_t i = 0; i < arr->Length(); i++) items.push_back(toIValue(cx, orThrow(arr->Get(ctx, i)), elems[i]));
  return c10::ivalue::Tuple::create(std::move(items));
}

// Dict[str, V] and Dict[int, V] from a plain object (numeric keys for int dicts), in key order.
c10::IValue toDict(const ArgContext& cx, v8::Local<v8::Value> v, const c10::TypePtr& type) {
  if (!v->IsObject() || v->IsArray() || unwrapBox(v) != nullptr) cx.fail(type, v);
  const auto& dictType = type->expectRef<c10::DictType>();
  c10::TypeKind keyKind = dictType.getKeyType()->kind();
  if (keyKind != c10::TypeKind::StringType && keyKind != c10::TypeKind::IntType) cx.fail(type, v);
  v8::Isolate* iso = cx.a.isolate();
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  v8::Local<v8::Object> obj = v.As<v8::Object>();
  v8::Local<v8::Array> keys = orThrow(obj->GetOwnPropertyNames(ctx));
  c10::impl::GenericDict dict(dictType.getKeyType(), dictType.getValueType());
  for (uint32_t i = 0; i < keys->Length(); i++) {
    v8::Local<v8::Value> key = orThrow(keys->Get(ctx, i));
    std::string name = stdString(iso, key);
    c10::IValue k = name;
    if (keyKind == c10::TypeKind::IntType) {
      char* end = nullptr;
      long long parsed = std::strtoll(name.c_str(), &end, 10);
      if (name.empty() || *end != '\0') cx.fail(type, v);
      k = static_cast<int64_t>(parsed);
    }
    dict.insert_or_assign(std::move(k), toIValue(cx, orThrow(obj->Get(ctx, key)), dictType.getValueType()));
  }
  return dict;
}

c10::IValue ArgContext::convert(const std::string& name, v8::Local<v8::Value> value, const c10::TypePtr& type) {
  argument = name;
  declared = type;
  given = value;
  return toIValue(*this, value, type);
}

c10::IValue toIValue(const ArgContext& cx, v8::Local<v8::Value> v, const c10::TypePtr& type) {
  v8::Isolate* iso = cx.a.isolate();
  switch (type->kind()) {
    case c10::TypeKind::TensorType: {
      TensorBox* box = unwrapBox(v);
      if (box == nullptr) cx.fail(type, v);
      if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
      return box->tensor;
    }
    case c10::TypeKind::IntType:
      if (v->IsBigInt()) return static_cast<int64_t>(v.As<v8::BigInt>()->Int64Value());
      if (!v->IsNumber() || !isIntegral(v.As<v8::Number>()->Value())) cx.fail(type, v);
      return static_cast<int64_t>(v.As<v8::Number>()->Value());
    case c10::TypeKind::FloatType:
      if (!v->IsNumber()) cx.fail(type, v);
      return v.As<v8::Number>()->Value();
    case c10::TypeKind::NumberType:
      if (!v->IsNumber()) cx.fail(type, v);
      return inferIValue(cx, v);
    case c10::TypeKind::BoolType:
      if (!v->IsBoolean()) cx.fail(type, v);
      return v->BooleanValue(iso);
    case c10::TypeKind::StringType:
      if (!v->IsString()) cx.fail(type, v);
      return stdString(iso, v);
    case c10::TypeKind::DeviceObjType:
      return toDevice(iso, v);
    case c10::TypeKind::NoneType:
      if (!v->IsNullOrUndefined()) cx.fail(type, v);
      return c10::IValue();
    case c10::TypeKind::OptionalType:
      if (v->IsNullOrUndefined()) return c10::IValue();
      return toIValue(cx, v, type->expectRef<c10::OptionalType>().getElementType());
    case c10::TypeKind::ListType:
      return toList(cx, v, type);
    case c10::TypeKind::TupleType:
      return toTuple(cx, v, type);
    case c10::TypeKind::DictType:
      return toDict(cx, v, type);
    case c10::TypeKind::AnyType:
      return inferIValue(cx, v);
    default:
      cx.fail(type, v);
  }
}

// ---- IValue -> JS ----------------------------------------------------------------------------

v8::Local<v8::Value> fromIValue(Args& a, const c10::IValue& v) {
  v8::Isolate* iso = a.isolate();
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  if (v.isNone()) return v8::Null(iso);
  if (v.isTensor()) {
    const at::Tensor& t = v.toTensor();
    if (!t.defined()) return v8::Null(iso);
    return wrapTensor(a.state(), t);
  }
  if (v.isBool()) return v8::Boolean::New(iso, v.toBool());
  if (v.isInt()) {
    int64_t i = v.toInt();
    if (std::fabs(static_cast<double>(i)) > kMaxSafeInteger) return v8::BigInt::New(iso, i);
    return v8::Number::New(iso, static_cast<double>(i));
  }
  if (v.isDouble()) return v8::Number::New(iso, v.toDouble());
  if (v.isString()) return jsString(iso, v.toStringRef());
  if (v.isDevice()) return jsString(iso, v.toDevice().str());
  auto array = [&](c10::ArrayRef<c10::IValue> items) {
    std::vector<v8::Local<v8::Value>> values;
    values.reserve(items.size());
    for (const c10::IValue& item : items) values.push_back(fromIValue(a, item));
    return v8::Array::New(iso, values.data(), values.size()).As<v8::Value>();
  };
  if (v.isTuple()) return array(v.toTupleRef().elements());
  if (v.isList()) return array(v.toListRef());
  if (v.isGenericDict()) {
    v8::Local<v8::Object> obj = v8::Object::New(iso);
    for (const auto& entry : v.toGenericDict()) {
      const c10::IValue& key = entry.key();
      v8::Local<v8::Value> k;
      if (key.isString()) k = jsString(iso, key.toStringRef());
      else if (key.isInt()) k = v8::Number::New(iso, static_cast<double>(key.toInt()));
      else throwTypeError("A TorchScript dict with " + key.tagKind() + " keys has no JS form");
      obj->Set(ctx, k, fromIValue(a, entry.value())).Check();
    }
    return obj;
  }
  throwTypeError("A TorchScript value of type " + v.type()->annotation_str() + " has no JS form");
}

// ---- functions -------------------------------------------------------------------------------

c10::optional<c10::Device> optDevice(Args& a, int i) {
  if (!a.has(i)) return c10::nullopt;
  return toDevice(a.isolate(), a[i]);
}

std::string bytesOf(v8::Isolate* iso, v8::Local<v8::Value> v, const char* what) {
  if (v->IsString()) return stdString(iso, v);
  if (!v->IsArrayBufferView()) throwTypeError(std::string("Expected bytes or a string for ") + what + " but received " + describeValue(iso, v));
  v8::Local<v8::ArrayBufferView> view = v.As<v8::ArrayBufferView>();
  std::string bytes(view->ByteLength(), '\0');
  view->CopyContents(bytes.data(), bytes.size());
  return bytes;
}

v8::Local<v8::Value> jsBytes(v8::Isolate* iso, const std::string& bytes) {
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(iso, bytes.size());
  if (!bytes.empty()) std::memcpy(buffer->GetBackingStore()->Data(), bytes.data(), bytes.size());
  return v8::Uint8Array::New(buffer, 0, bytes.size());
}

// The archive's extra files (`_extra_files`): [name, bytes | string] pairs.
torch::jit::ExtraFilesMap extraFilesArg(Args& a, int i) {
  torch::jit::ExtraFilesMap files;
  if (!a.has(i)) return files;
  if (!a[i]->IsArray()) throwTypeError("Expected [name, contents] pairs for _extra_files");
  v8::Local<v8::Context> ctx = a.isolate()->GetCurrentContext();
  v8::Local<v8::Array> pairs = a[i].As<v8::Array>();
  for (uint32_t k = 0; k < pairs->Length(); k++) {
    v8::Local<v8::Value> entry = orThrow(pairs->Get(ctx, k));
    if (!entry->IsArray() || entry.As<v8::Array>()->Length() != 2) throwTypeError("Expected [name, contents] pairs for _extra_files");
    v8::Local<v8::Value> name = orThrow(entry.As<v8::Array>()->Get(ctx, 0));
    if (!name->IsString()) throwTypeError("Expected string names in _extra_files but received " + describeValue(a.isolate(), name));
    files[stdString(a.isolate(), name)] = bytesOf(a.isolate(), orThrow(entry.As<v8::Array>()->Get(ctx, 1)), "_extra_files");
  }
  return files;
}

// jitLoad(path | Uint8Array, device | null, extraNames[] | null) -> [handle, contents[]]: the
// contents of each requested extra file (empty where the archive has none).
void Load(const Info& info) {
  guarded(info, [](Args& a) {
    c10::optional<c10::Device> device = optDevice(a, 1);
    torch::jit::ExtraFilesMap extra;
    std::vector<std::string> names;
    if (a.has(2)) {
      if (!a[2]->IsArray()) throwTypeError("Expected an array of names for _extra_files");
      v8::Local<v8::Array> list = a[2].As<v8::Array>();
      for (uint32_t k = 0; k < list->Length(); k++) names.push_back(stdString(a.isolate(), orThrow(list->Get(a.isolate()->GetCurrentContext(), k))));
      for (const std::string& name : names) extra[name] = "";
    }
    torch::jit::Module module;
    if (a[0]->IsArrayBufferView()) {
      std::istringstream in(bytesOf(a.isolate(), a[0], "f"));
      module = torch::jit::load(in, device, extra);
    } else {
      module = torch::jit::load(a.string(0), device, extra);
    }
    std::vector<v8::Local<v8::Value>> contents;
    for (const std::string& name : names) contents.push_back(jsBytes(a.isolate(), extra[name]));
    v8::Local<v8::Value> result[] = {wrapModule(a, std::move(module)), v8::Array::New(a.isolate(), contents.data(), contents.size())};
    a.ret(v8::Array::New(a.isolate(), result, 2).As<v8::Value>());
  });
}

// An ostream whose bytes go to a JS function, 1 MiB at a time, so an archive never sits whole in
// memory. When the function throws, writing stops and its exception is what the caller sees.
class JsSinkBuffer : public std::streambuf {
 public:
  JsSinkBuffer(v8::Isolate* iso, v8::Local<v8::Function> write) : iso_(iso), write_(write) {}
  bool failed() const { return failed_; }
  bool flush() {
    if (failed_ || pending_.empty()) return !failed_;
    v8::Local<v8::Value> chunk[] = {jsBytes(iso_, pending_)};
    pending_.clear();
    failed_ = write_->Call(iso_->GetCurrentContext(), v8::Undefined(iso_), 1, chunk).IsEmpty();
    return !failed_;
  }

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (failed_) return 0;
    for (std::streamsize done = 0; done < n;) {  // large records go out in pieces too
      size_t take = std::min(static_cast<size_t>(n - done), kChunk - pending_.size());
      pending_.append(s + done, take);
      done += static_cast<std::streamsize>(take);
      if (pending_.size() >= kChunk && !flush()) return 0;
    }
    return n;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }
  int sync() override { return flush() ? 0 : -1; }

 private:
  static constexpr size_t kChunk = 1 << 20;
  v8::Isolate* iso_;
  v8::Local<v8::Function> write_;
  std::string pending_;
  bool failed_ = false;
};

// jitSaveTo(handle, write(chunk), extraFiles | null): the archive, in order, through `write`.
void SaveTo(const Info& info) {
  guarded(info, [](Args& a) {
    const torch::jit::Module& m = moduleArg(a, 0);
    if (!a[1]->IsFunction()) throwTypeError("jitSaveTo expects a write function");
    torch::jit::ExtraFilesMap extra = extraFilesArg(a, 2);
    JsSinkBuffer sink(a.isolate(), a[1].As<v8::Function>());
    std::ostream out(&sink);
    try {
      m.save(out, extra);
      sink.flush();
    } catch (const c10::Error&) {
      if (!sink.failed()) throw;  // else the write function's own exception is pending
    }
  });
}

// jitMembers(handle) -> { name, parameters, buffers, modules, methods, attributes, constants }: its own members
// in slot order: [name, tensor, identity] for tensors (the slots' own), [name, handle] for sub-modules.
void Members(const Info& info) {
  guarded(info, [](Args& a) {
    const torch::jit::Module& m = moduleArg(a, 0);
    v8::Isolate* iso = a.isolate();
    v8::Local<v8::Context> ctx = iso->GetCurrentContext();
    std::vector<v8::Local<v8::Value>> params, buffers, modules, methods, attributes;
    for (const auto& p : m.named_parameters(false)) params.push_back(tensorEntry(a, p.name, p.value));
    for (const auto& b : m.named_buffers(false)) buffers.push_back(tensorEntry(a, b.name, b.value));
    for (const auto& c : m.named_children()) modules.push_back(pair(iso, c.name, wrapModule(a, c.value)));
    for (const auto& method : m.get_methods()) methods.push_back(jsString(iso, method.name()));
    const c10::ClassType& type = *m.type();
    for (size_t i = 0; i < type.numAttributes(); i++) {
      // A parameter slot holding None (Linear's bias=False) reads as an attribute: null.
      bool tensorMember = (type.is_parameter(i) || type.is_buffer(i)) && m._ivalue()->getSlot(i).isTensor();
      bool member = tensorMember || type.getAttribute(i)->is_module();
      if (!member && type.getAttributeName(i) != "training") attributes.push_back(jsString(iso, type.getAttributeName(i)));
    }
    v8::Local<v8::Object> out = v8::Object::New(iso);
    auto set = [&](const char* key, v8::Local<v8::Value> value) { out->Set(ctx, jsString(iso, key), value).Check(); };
    const auto& qualified = m.type()->name();
    set("name", jsString(iso, qualified ? qualified->name() : "Module"));
    set("parameters", v8::Array::New(iso, params.data(), params.size()));
    set("buffers", v8::Array::New(iso, buffers.data(), buffers.size()));
    set("modules", v8::Array::New(iso, modules.data(), modules.size()));
    set("methods", v8::Array::New(iso, methods.data(), methods.size()));
    set("attributes", v8::Array::New(iso, attributes.data(), attributes.size()));
    // Constants (a layer's __constants__: in_features, eps, p, ...) as [name, value], where JS has a form.
    std::vector<v8::Local<v8::Value>> constants;
    for (size_t i = 0; i < type.numConstants(); i++) {
      c10::IValue value = type.getConstant(i);
      if (value.isNone() || value.isBool() || value.isInt() || value.isDouble() || value.isString() || value.isTuple() || value.isIntList())
        constants.push_back(pair(iso, type.getConstantName(i), fromIValue(a, value)));
    }
    set("constants", v8::Array::New(iso, constants.data(), constants.size()));
    a.ret(out.As<v8::Value>());
  });
}

size_t attributeSlot(const torch::jit::Module& m, const std::string& name) {
  c10::optional<size_t> slot = m.type()->findAttributeSlot(name);
  if (slot) return *slot;
  if (c10::optional<c10::IValue> constant = m.type()->findConstant(name)) {
    std::ostringstream message;
    message << "Can't set constant '" << name << "' which has value:" << *constant;
    throw c10::Error({__func__, __FILE__, __LINE__}, message.str());
  }
  throw c10::Error({__func__, __FILE__, __LINE__}, "Module has no attribute '" + name + "'");
}

// jitGetAttr(handle, name) -> value
void GetAttr(const Info& info) {
  guarded(info, [](Args& a) {
    torch::jit::Module& m = moduleArg(a, 0);
    a.ret(fromIValue(a, m._ivalue()->getSlot(attributeSlot(m, a.string(1)))));
  });
}

// jitSetAttr(handle, name, value) -> the value as stored (a tensor: a new handle on the same tensor).
// The value must fit the attribute's TorchScript type, as Python's setattr on a ScriptModule demands.
void SetAttr(const Info& info) {
  guarded(info, [](Args& a) {
    torch::jit::Module& m = moduleArg(a, 0);
    std::string name = a.string(1);
    size_t slot = attributeSlot(m, name);
    ArgContext cx{a, "setattr", "attribute", "", c10::AnyType::get(), v8::Local<v8::Value>()};
    c10::IValue value = cx.convert(name, a[2], m.type()->getAttribute(slot));
    m._ivalue()->setSlot(slot, value);
    a.ret(fromIValue(a, value));
  });
}

// jitTraining(handle) -> bool; jitSetTraining(handle, mode): this module's flag only (TS recurses).
void Training(const Info& info) {
  guarded(info, [](Args& a) { a.ret(moduleArg(a, 0).is_training()); });
}
void SetTraining(const Info& info) {
  guarded(info, [](Args& a) {
    torch::jit::Module& m = moduleArg(a, 0);
    if (c10::optional<size_t> slot = m.type()->findAttributeSlot("training")) m._ivalue()->setSlot(*slot, a.boolean(1));
  });
}

// jitRun(handle, methodName, args[]) -> value. A trailing non-array object stands for keyword
// arguments unless the schema expects a dict in its position.
void Run(const Info& info) {
  guarded(info, [](Args& a) {
    torch::jit::Module& m = moduleArg(a, 0);
    std::string name = a.string(1);
    if (!a[2]->IsArray()) throwTypeError("jitRun expects an array of arguments");
    torch::jit::Method method = m.get_method(name);
    const c10::FunctionSchema& schema = method.function().getSchema();
    const auto& formals = schema.arguments();  // formals[0] is self
    v8::Isolate* iso = a.isolate();
    v8::Local<v8::Context> ctx = iso->GetCurrentContext();
    v8::Local<v8::Array> given = a[2].As<v8::Array>();
    uint32_t count = given->Length();
    torch::jit::Kwargs kwargs;
    ArgContext cx{a, name, "argument", "", c10::AnyType::get(), v8::Local<v8::Value>()};
    if (count > 0) {
      v8::Local<v8::Value> last = orThrow(given->Get(ctx, count - 1));
      size_t position = count;  // schema index of the last argument
      c10::TypePtr there = position < formals.size() ? formals[position].type() : c10::AnyType::get();
      if (there->kind() == c10::TypeKind::OptionalType) there = there->expectRef<c10::OptionalType>().getElementType();
      bool dictThere = there->kind() == c10::TypeKind::DictType;
      if (last->IsObject() && !last->IsArray() && unwrapBox(last) == nullptr && !dictThere) {
        count--;
        v8::Local<v8::Object> obj = last.As<v8::Object>();
        v8::Local<v8::Array> keys = orThrow(obj->GetOwnPropertyNames(ctx));
        for (uint32_t i = 0; i < keys->Length(); i++) {
          v8::Local<v8::Value> key = orThrow(keys->Get(ctx, i));
          std::string keyword = stdString(iso, key);
          c10::optional<int> index = schema.argumentIndexWithName(keyword);
          const c10::TypePtr& type = index && *index > 0 ? formals[*index].type() : c10::AnyType::get();
          kwargs[keyword] = cx.convert(keyword, orThrow(obj->Get(ctx, key)), type);
        }
      }
    }
    std::vector<c10::IValue> stack;
    stack.reserve(count);
    for (uint32_t i = 0; i < count; i++) {
      v8::Local<v8::Value> value = orThrow(given->Get(ctx, i));
      // Past the schema's arguments the value is inferred; the schema check below reports the count.
      bool known = i + 1 < formals.size();
      stack.push_back(cx.convert(known ? formals[i + 1].name() : "*args", value, known ? formals[i + 1].type() : c10::AnyType::get()));
    }
    a.ret(fromIValue(a, method(std::move(stack), kwargs)));
  });
}

// jitMethodText(handle, methodName, 'code' | 'graph') -> string: the method's TorchScript source as
// PyTorch prints it (`m.code`) or its IR graph (`m.graph`).
void MethodText(const Info& info) {
  guarded(info, [](Args& a) {
    torch::jit::Method method = moduleArg(a, 0).get_method(a.string(1));
    std::string kind = a.string(2);
    if (kind == "graph") {
      a.ret(jsString(a.isolate(), method.graph()->toString()).As<v8::Value>());
      return;
    }
    if (kind != "code") throwRangeError("jitMethodText expects 'code' or 'graph'");
    std::vector<c10::IValue> constants;
    torch::jit::PrintDepsTable deps;
    torch::jit::PythonPrint printer(constants, deps);
    printer.printMethod(method.function());
    a.ret(jsString(a.isolate(), printer.str()).As<v8::Value>());
  });
}

// jitDeepcopy(handle) -> handle: new storage for every tensor, as Python's copy.deepcopy.
void Deepcopy(const Info& info) {
  guarded(info, [](Args& a) { a.ret(wrapModule(a, moduleArg(a, 0).deepcopy()).As<v8::Value>()); });
}

}  // namespace

void registerJit(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"jitLoad", Load},
    {"jitSaveTo", SaveTo},
    {"jitMembers", Members},
    {"jitGetAttr", GetAttr},
    {"jitSetAttr", SetAttr},
    {"jitTraining", Training},
    {"jitSetTraining", SetTraining},
    {"jitRun", Run},
    {"jitMethodText", MethodText},
    {"jitDeepcopy", Deepcopy},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
