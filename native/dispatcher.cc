// Generic binding over the c10 dispatcher: every ATen operator, by schema, as torch.ops.aten.<name>.<overload>.
#include <ATen/ATen.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include "call.h"
#include "input_guards.h"

namespace torchts {
namespace {

struct OpRegistry {
  std::mutex mutex;
  std::vector<c10::OperatorHandle> handles;            // op id -> handle
  std::map<std::string, int> idByFullName;              // "aten::add.Tensor" -> id
  std::map<std::string, std::vector<std::string>> overloadsByName;  // "aten::add" -> ["", "Tensor", ...]
  struct Overload {
    c10::OperatorHandle handle;
    InputGuard guard;  // null for almost every op
  };
  std::deque<std::vector<Overload>> groups;  // group id -> overloads tried in order (never changed)
  bool indexed = false;

  void index() {
    if (indexed) return;
    for (const c10::OperatorName& n : c10::Dispatcher::singleton().getAllOpNames()) overloadsByName[n.name].push_back(n.overload_name);
    for (auto& [name, list] : overloadsByName) std::sort(list.begin(), list.end());  // "" (the default) first
    indexed = true;
  }
};

OpRegistry& registry() {
  static OpRegistry r;
  return r;
}

// Enum-like JS objects (dtype, layout, memory_format) carry `__enum` = kind * 1000 + code.
constexpr int kEnumDtype = 1, kEnumLayout = 2, kEnumMemoryFormat = 3;

bool readEnum(v8::Isolate* iso, v8::Local<v8::Value> v, int kind, int64_t& code) {
  if (!v->IsObject() || unwrapBox(v)) return false;
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  v8::Local<v8::Value> tag = orThrow(v.As<v8::Object>()->Get(ctx, v8::String::NewFromUtf8Literal(iso, "__enum")));
  if (!tag->IsNumber()) return false;
  int64_t e = static_cast<int64_t>(tag.As<v8::Number>()->Value());
  if (e / 1000 != kind) return false;
  code = e % 1000;
  if (kind == kEnumDtype) toScalarType(code);  // range check
  return code >= 0;
}

bool isInteger(v8::Local<v8::Value> v) {
  if (!v->IsNumber()) return false;
  double d = v.As<v8::Number>()->Value();
  if (std::isfinite(d) && std::fabs(d) >= 9.2e18) throwRangeError("integer argument out of the int64 range: " + std::to_string(d));
  return std::isfinite(d) && d == std::trunc(d);
}

bool toIValue(Args& a, v8::Local<v8::Value> v, const c10::TypePtr& type, c10::optional<int32_t> N, c10::IValue& out);

// The op's positional arguments: the native call's own arguments from `first` on (reading them
// there is cheap; elements of a JS array each cost an Object::Get).
struct ArgList {
  const Args& a;
  int first;
  uint32_t Length() const { return static_cast<uint32_t>(std::max(0, a.length() - first)); }
  v8::Local<v8::Value> operator[](uint32_t i) const { return a[first + static_cast<int>(i)]; }
};

bool toList(Args& a, v8::Local<v8::Value> v, const c10::TypePtr& elem, c10::optional<int32_t> N, c10::IValue& out) {
  v8::Isolate* iso = a.isolate();
  c10::TypeKind k = elem->kind();
  bool intLike = k == c10::TypeKind::IntType || k == c10::TypeKind::SymIntType;
  if (intLike && isInteger(v)) {  // Python expands `3` to [3, 3] for int[2]
    std::vector<int64_t> list(N ? static_cast<size_t>(*N) : 1, static_cast<int64_t>(v.As<v8::Number>()->Value()));
    out = c10::IValue(list);
    return true;
  }
  if (!v->IsArray()) return false;
  v8::Local<v8::Array> arr = v.As<v8::Array>();
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  uint32_t n = arr->Length();
  if (intLike) {
    std::vector<int64_t> list;
    for (uint32_t i = 0; i < n; i++) {
      v8::Local<v8::Value> e = orThrow(arr->Get(ctx, i));
      if (!isInteger(e)) return false;
      list.push_back(static_cast<int64_t>(e.As<v8::Number>()->Value()));
    }
    out = c10::IValue(list);
    return true;
  }
  if (k == c10::TypeKind::FloatType) {
    std::vector<double> list;
    for (uint32_t i = 0; i < n; i++) {
      v8::Local<v8::Value> e = orThrow(arr->Get(ctx, i));
      if (!e->IsNumber()) return false;
      list.push_back(e.As<v8::Number>()->Value());
    }
    out = c10::IValue(list);
    return true;
  }
  if (k == c10::TypeKind::BoolType) {
    c10::List<bool> list;
    for (uint32_t i = 0; i < n; i++) {
      v8::Local<v8::Value> e = orThrow(arr->Get(ctx, i));
      if (!e->IsBoolean()) return false;
      list.push_back(e->BooleanValue(iso));
    }
    out = c10::IValue(list);
    return true;
  }
  if (k == c10::TypeKind::TensorType) {
    std::vector<at::Tensor> list;
    for (uint32_t i = 0; i < n; i++) {
      TensorBox* box = unwrapBox(orThrow(arr->Get(ctx, i)));
      if (!box) return false;
      if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
      list.push_back(box->tensor);
    }
    out = c10::IValue(list);
    return true;
  }
  if (k == c10::TypeKind::OptionalType && elem->castRaw<c10::OptionalType>()->getElementType()->kind() == c10::TypeKind::TensorType) {
    c10::List<c10::optional<at::Tensor>> list;
    for (uint32_t i = 0; i < n; i++) {
      v8::Local<v8::Value> e = orThrow(arr->Get(ctx, i));
      if (e->IsNull() || e->IsUndefined()) { list.push_back(c10::nullopt); continue; }
      TensorBox* box = unwrapBox(e);
      if (!box) return false;
      if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
      list.push_back(box->tensor);
    }
    out = c10::IValue(list);
    return true;
  }
  if (k == c10::TypeKind::NumberType) {  // Scalar[]
    std::vector<at::Scalar> list;
    for (uint32_t i = 0; i < n; i++) {
      v8::Local<v8::Value> e = orThrow(arr->Get(ctx, i));
      if (!e->IsNumber() && !e->IsBoolean()) return false;
      list.push_back(toScalar(iso, e, "scalar"));
    }
    c10::List<at::Scalar> l;
    for (auto& s : list) l.push_back(s);
    out = c10::IValue(l);
    return true;
  }
  return false;
}

bool toIValue(Args& a, v8::Local<v8::Value> v, const c10::TypePtr& type, c10::optional<int32_t> N, c10::IValue& out) {
  v8::Isolate* iso = a.isolate();
  switch (type->kind()) {
    case c10::TypeKind::OptionalType:
      if (v->IsNull() || v->IsUndefined()) { out = c10::IValue(); return true; }
      return toIValue(a, v, type->castRaw<c10::OptionalType>()->getElementType(), N, out);
    case c10::TypeKind::TensorType: {
      TensorBox* box = unwrapTensorArg(a.state(), v);
      if (!box) return false;
      if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
      out = c10::IValue(box->tensor);
      return true;
    }
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType:
      if (!isInteger(v)) return false;
      out = c10::IValue(static_cast<int64_t>(v.As<v8::Number>()->Value()));
      return true;
    case c10::TypeKind::FloatType:
      if (!v->IsNumber()) return false;
      out = c10::IValue(v.As<v8::Number>()->Value());
      return true;
    case c10::TypeKind::BoolType:
      if (!v->IsBoolean()) return false;
      out = c10::IValue(v->BooleanValue(iso));
      return true;
    case c10::TypeKind::NumberType: {
      c10::complex<double> c;
      if (v->IsNumber() || v->IsBoolean()) out = c10::IValue(toScalar(iso, v, "scalar"));
      else if (toComplex(iso, v, c)) out = c10::IValue(c);  // read once, not again by toScalar
      else return false;
      return true;
    }
    case c10::TypeKind::StringType: {
      if (!v->IsString()) return false;
      v8::String::Utf8Value s(iso, v);
      out = c10::IValue(std::string(*s, s.length()));
      return true;
    }
    case c10::TypeKind::ScalarTypeType: {
      int64_t code;
      if (!readEnum(iso, v, kEnumDtype, code)) return false;
      out = c10::IValue(code);
      return true;
    }
    case c10::TypeKind::LayoutType: {
      int64_t code;
      if (!readEnum(iso, v, kEnumLayout, code)) return false;
      out = c10::IValue(code);
      return true;
    }
    case c10::TypeKind::MemoryFormatType: {
      int64_t code;
      if (!readEnum(iso, v, kEnumMemoryFormat, code)) return false;
      out = c10::IValue(code);
      return true;
    }
    case c10::TypeKind::DeviceObjType: {
      if (v->IsString()) {
        out = c10::IValue(toDevice(iso, v));
        return true;
      }
      if (!v->IsObject() || unwrapBox(v) || v->IsArray()) return false;
      out = c10::IValue(toDevice(iso, orThrow(v->ToString(iso->GetCurrentContext()))));
      return true;
    }
    case c10::TypeKind::ListType:
      return toList(a, v, type->castRaw<c10::ListType>()->getElementType(), N, out);
    default:
      return false;
  }
}

// Fills `stack` for `schema` from positional `args` and the `kwargs` object; false when they do not fit.
bool buildStack(Args& a, const c10::FunctionSchema& schema, const ArgList& args, v8::Local<v8::Object> kwargs,
                std::vector<c10::IValue>& stack) {
  v8::Isolate* iso = a.isolate();
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  const auto& params = schema.arguments();
  uint32_t nPositional = args.Length();
  uint32_t kwargsUsed = 0, kwargsCount = 0;
  if (!kwargs.IsEmpty()) kwargsCount = orThrow(kwargs->GetOwnPropertyNames(ctx))->Length();
  stack.clear();
  stack.reserve(params.size());
  uint32_t nextPositional = 0;
  for (const c10::Argument& p : params) {
    v8::Local<v8::Value> v;
    bool given = false;
    if (!p.kwarg_only() && nextPositional < nPositional) {
      v = args[nextPositional++];
      given = true;
    }
    if (!kwargs.IsEmpty()) {
      v8::Local<v8::String> key = v8::String::NewFromUtf8(iso, p.name().c_str()).ToLocalChecked();
      if (orThrow(kwargs->HasOwnProperty(ctx, key))) {
        if (given) return false;  // given twice
        v = orThrow(kwargs->Get(ctx, key));
        given = true;
        kwargsUsed++;
      }
    }
    if (!given || v->IsUndefined()) {
      if (!p.default_value()) return false;
      stack.push_back(*p.default_value());
      continue;
    }
    c10::IValue value;
    if (!toIValue(a, v, p.real_type(), p.N(), value)) return false;
    stack.push_back(std::move(value));
  }
  return nextPositional == nPositional && kwargsUsed == kwargsCount;
}

v8::Local<v8::Value> fromIValue(Args& a, const c10::IValue& v, const ArgList& args) {
  v8::Isolate* iso = a.isolate();
  if (v.isTensor()) {
    const at::Tensor& t = v.toTensor();
    if (!t.defined()) return v8::Null(iso);
    // An op that returns one of its inputs (in-place, out=) returns the same JS object.
    for (uint32_t i = 0; i < args.Length(); i++) {
      v8::Local<v8::Value> in = args[i];
      TensorBox* box = unwrapTensorArg(a.state(), in);
      if (box && box->tensor.defined() && box->tensor.unsafeGetTensorImpl() == t.unsafeGetTensorImpl()) return in;
    }
    return wrapTensor(a.state(), t);
  }
  if (v.isNone()) return v8::Null(iso);
  if (v.isBool()) return v8::Boolean::New(iso, v.toBool());
  if (v.isInt()) return v8::Number::New(iso, static_cast<double>(v.toInt()));
  if (v.isDouble()) return v8::Number::New(iso, v.toDouble());
  if (v.isScalar()) return fromScalar(iso, v.toScalar());
  if (v.isString()) return v8::String::NewFromUtf8(iso, v.toStringRef().c_str()).ToLocalChecked();
  if (v.isIntList()) return fromIntList(iso, v.toIntVector());
  if (v.isDevice()) return v8::String::NewFromUtf8(iso, v.toDevice().str().c_str()).ToLocalChecked();
  std::vector<v8::Local<v8::Value>> items;
  if (v.isTensorList()) {
    for (const at::Tensor& t : v.toTensorVector()) items.push_back(wrapTensor(a.state(), t));
  } else if (v.isTuple()) {
    for (const c10::IValue& e : v.toTupleRef().elements()) items.push_back(fromIValue(a, e, args));
  } else if (v.isList()) {
    for (const c10::IValue& e : v.toListRef()) items.push_back(fromIValue(a, e, args));
  } else if (v.isDoubleList()) {
    for (double d : v.toDoubleVector()) items.push_back(v8::Number::New(iso, d));
  } else if (v.isBoolList()) {
    for (bool b : v.toBoolList()) items.push_back(v8::Boolean::New(iso, b));
  } else {
    throwTypeError(std::string("Unsupported return type ") + v.tagKind());
  }
  return v8::Array::New(iso, items.data(), items.size());
}

v8::Local<v8::Value> returnStack(Args& a, const std::vector<c10::IValue>& stack, const ArgList& args) {
  if (stack.empty()) return v8::Undefined(a.isolate());
  if (stack.size() == 1) return fromIValue(a, stack[0], args);
  std::vector<v8::Local<v8::Value>> items;
  for (const c10::IValue& v : stack) items.push_back(fromIValue(a, v, args));
  return v8::Array::New(a.isolate(), items.data(), items.size());
}

std::string qualified(const std::string& name) { return name.find("::") == std::string::npos ? "aten::" + name : name; }

// findOp(name, overload) -> op id, or -1
void FindOp(const Info& info) {
  guarded(info, [](Args& a) {
    std::string name = qualified(a.string(0));
    std::string overload = a.has(1) ? a.string(1) : "";
    OpRegistry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    std::string full = name + "." + overload;
    auto it = r.idByFullName.find(full);
    if (it != r.idByFullName.end()) return a.ret(static_cast<double>(it->second));
    auto handle = c10::Dispatcher::singleton().findSchema({name, overload});
    if (!handle) return a.ret(-1.0);
    r.handles.push_back(*handle);
    int id = static_cast<int>(r.handles.size() - 1);
    r.idByFullName[full] = id;
    a.ret(static_cast<double>(id));
  });
}

// opOverloads(name) -> overload names ("" is the default overload)
void OpOverloads(const Info& info) {
  guarded(info, [](Args& a) {
    OpRegistry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    r.index();
    auto it = r.overloadsByName.find(qualified(a.string(0)));
    std::vector<v8::Local<v8::Value>> names;
    if (it != r.overloadsByName.end())
      for (const std::string& o : it->second) names.push_back(v8::String::NewFromUtf8(a.isolate(), o.c_str()).ToLocalChecked());
    a.ret(v8::Array::New(a.isolate(), names.data(), names.size()).As<v8::Value>());
  });
}

// opNames() -> every registered operator name ("aten::add", ...), sorted
void OpNames(const Info& info) {
  guarded(info, [](Args& a) {
    OpRegistry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    r.index();
    std::vector<v8::Local<v8::Value>> names;
    for (const auto& entry : r.overloadsByName) names.push_back(v8::String::NewFromUtf8(a.isolate(), entry.first.c_str()).ToLocalChecked());
    a.ret(v8::Array::New(a.isolate(), names.data(), names.size()).As<v8::Value>());
  });
}

void OpSchema(const Info& info) {
  guarded(info, [](Args& a) {
    OpRegistry& r = registry();
    int64_t id = a.integer(0);
    std::lock_guard<std::mutex> lock(r.mutex);
    if (id < 0 || id >= static_cast<int64_t>(r.handles.size())) throwRangeError("unknown op id");
    std::string s = c10::toString(r.handles[id].schema());
    a.ret(v8::String::NewFromUtf8(a.isolate(), s.c_str()).ToLocalChecked().As<v8::Value>());
  });
}

// opGroup(ids[]) -> group id: the overloads callOp tries, in order.
void OpGroup(const Info& info) {
  guarded(info, [](Args& a) {
    if (!a[0]->IsArray()) throwTypeError("opGroup(ids)");
    v8::Local<v8::Context> ctx = a.isolate()->GetCurrentContext();
    v8::Local<v8::Array> ids = a[0].As<v8::Array>();
    OpRegistry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    std::vector<OpRegistry::Overload> group;
    for (uint32_t i = 0; i < ids->Length(); i++) {
      v8::Local<v8::Value> v = orThrow(ids->Get(ctx, i));
      if (!v->IsNumber()) throwTypeError("opGroup(ids): ids must be numbers");
      int64_t id = static_cast<int64_t>(v.As<v8::Number>()->Value());
      if (id < 0 || id >= static_cast<int64_t>(r.handles.size())) throwRangeError("unknown op id");
      group.push_back({r.handles[id], findInputGuard(r.handles[id].operator_name())});
    }
    r.groups.push_back(std::move(group));
    a.ret(static_cast<double>(r.groups.size() - 1));
  });
}

// callOp(group, kwargs|null, ...args): the first overload of the group whose schema fits the arguments runs.
void CallOp(const Info& info) {
  guarded(info, [](Args& a) {
    int64_t groupId = a.integer(0);
    v8::Local<v8::Object> kwargs;
    if (a.has(1)) {
      if (!a[1]->IsObject()) throwTypeError("kwargs must be an object");
      kwargs = a[1].As<v8::Object>();
    }
    ArgList args{a, 2};
    OpRegistry& r = registry();
    const std::vector<OpRegistry::Overload>* group = nullptr;
    {
      std::lock_guard<std::mutex> lock(r.mutex);
      if (groupId < 0 || groupId >= static_cast<int64_t>(r.groups.size())) throwRangeError("unknown op group");
      group = &r.groups[groupId];  // deque elements stay put
    }
    std::vector<c10::IValue> stack;
    for (const OpRegistry::Overload& overload : *group) {
      if (!buildStack(a, overload.handle.schema(), args, kwargs, stack)) continue;
      if (!overload.guard || !overload.guard(stack)) overload.handle.callBoxed(stack);
      a.ret(returnStack(a, stack, args));
      return;
    }
    // The schemas are formatted only now: an overload that does not fit is the common case.
    std::string tried;
    for (const OpRegistry::Overload& overload : *group) tried += "\n  " + c10::toString(overload.handle.schema());
    throwTypeError("arguments do not match any schema of this operator; tried:" + tried);
  });
}

}  // namespace

void registerDispatcher(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"findOp", FindOp},
    {"opOverloads", OpOverloads},
    {"opNames", OpNames},
    {"opSchema", OpSchema},
    {"opGroup", OpGroup},
    {"callOp", CallOp},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
