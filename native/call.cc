#include "call.h"
#include <algorithm>
#include <cmath>
#include "dtype_table.h"

namespace torchts {

void throwTypeError(const std::string& message) { throw ArgError{false, message}; }
void throwRangeError(const std::string& message) { throw ArgError{true, message}; }

std::string describeValue(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (value->IsUndefined()) return "undefined";
  if (value->IsNull()) return "null";
  if (unwrapBox(value)) return "Tensor";
  if (value->IsArray()) return "array";
  if (value->IsString()) {
    v8::String::Utf8Value s(isolate, value);
    return "'" + std::string(*s, s.length()) + "' of type string";
  }
  if (value->IsNumber() || value->IsBoolean()) {
    v8::String::Utf8Value s(isolate, value);
    return std::string(*s, s.length()) + (value->IsNumber() ? " of type number" : " of type boolean");
  }
  if (value->IsFunction()) return "function";
  return "object";
}

at::ScalarType toScalarType(int64_t code) {
  if (code < 0 || code >= static_cast<int64_t>(c10::ScalarType::NumOptions)) throwRangeError("Expected a dtype code but received " + std::to_string(code));
  return static_cast<at::ScalarType>(code);
}

c10::Device toDevice(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  if (!value->IsString()) throwTypeError("Expected device string for device but received " + describeValue(isolate, value));
  v8::String::Utf8Value s(isolate, value);
  return c10::Device(std::string(*s, s.length()));
}

bool toComplex(v8::Isolate* isolate, v8::Local<v8::Value> value, c10::complex<double>& out) {
  // Only plain objects: a Tensor's own `real` / `imag` are tensors, and reading them would run ops.
  if (!value->IsObject() || value->IsArray() || unwrapBox(value)) return false;
  v8::Local<v8::Object> obj = value.As<v8::Object>();
  if (!obj->GetConstructorName()->StringEquals(v8::String::NewFromUtf8Literal(isolate, "Object"))) return false;
  v8::Local<v8::Context> ctx = isolate->GetCurrentContext();
  v8::Local<v8::Value> re = orThrow(obj->Get(ctx, v8::String::NewFromUtf8Literal(isolate, "real")));
  v8::Local<v8::Value> im = orThrow(obj->Get(ctx, v8::String::NewFromUtf8Literal(isolate, "imag")));
  if (!re->IsNumber() || !im->IsNumber()) return false;
  out = c10::complex<double>(re.As<v8::Number>()->Value(), im.As<v8::Number>()->Value());
  return true;
}

at::Scalar toScalar(v8::Isolate* isolate, v8::Local<v8::Value> value, const char* what) {
  if (value->IsBoolean()) return at::Scalar(value->BooleanValue(isolate));
  c10::complex<double> c;
  if (value->IsNumber()) {
    double d = value.As<v8::Number>()->Value();
    // Integral JS numbers become integer Scalars, as Python ints do: `x + 1` keeps an int tensor's dtype.
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9007199254740992.0) return at::Scalar(static_cast<int64_t>(d));
    return at::Scalar(d);
  }
  if (value->IsBigInt()) return at::Scalar(static_cast<int64_t>(value.As<v8::BigInt>()->Int64Value()));
  if (toComplex(isolate, value, c)) return at::Scalar(c);
  throwTypeError(std::string("Expected number for ") + what + " but received " + describeValue(isolate, value));
}

std::vector<int64_t> toIntList(v8::Isolate* isolate, v8::Local<v8::Value> value, const char* what) {
  std::vector<int64_t> out;
  auto one = [&](v8::Local<v8::Value> v) {
    if (!v->IsNumber()) throwTypeError(std::string("Expected integer list for ") + what + " but received element " + describeValue(isolate, v));
    double d = v.As<v8::Number>()->Value();
    if (d != std::trunc(d) || !std::isfinite(d)) throwTypeError(std::string("Expected integer list for ") + what + " but received element " + describeValue(isolate, v));
    if (std::fabs(d) >= 9.2e18) throwRangeError(std::string("Value out of range for ") + what + ": " + describeValue(isolate, v));
    out.push_back(static_cast<int64_t>(d));
  };
  if (value->IsNumber()) {
    one(value);
    return out;
  }
  if (!value->IsArray()) throwTypeError(std::string("Expected integer list for ") + what + " but received " + describeValue(isolate, value));
  v8::Local<v8::Array> arr = value.As<v8::Array>();
  v8::Local<v8::Context> ctx = isolate->GetCurrentContext();
  uint32_t n = arr->Length();
  out.reserve(n);
  for (uint32_t i = 0; i < n; i++) one(orThrow(arr->Get(ctx, i)));
  return out;
}

v8::Local<v8::Value> fromScalar(v8::Isolate* isolate, const at::Scalar& s) {
  if (s.isBoolean()) return v8::Boolean::New(isolate, s.toBool());
  if (s.isIntegral(false)) return v8::Number::New(isolate, static_cast<double>(s.toLong()));
  if (s.isComplex()) {
    c10::complex<double> c = s.toComplexDouble();
    v8::Local<v8::Name> names[] = {v8::String::NewFromUtf8Literal(isolate, "real"), v8::String::NewFromUtf8Literal(isolate, "imag")};
    v8::Local<v8::Value> values[] = {v8::Number::New(isolate, c.real()), v8::Number::New(isolate, c.imag())};
    return v8::Object::New(isolate, v8::Object::New(isolate)->GetPrototype(), names, values, 2);
  }
  return v8::Number::New(isolate, s.toDouble());
}

v8::Local<v8::Array> fromIntList(v8::Isolate* isolate, at::IntArrayRef list) {
  std::vector<v8::Local<v8::Value>> values;
  values.reserve(list.size());
  for (int64_t v : list) values.push_back(v8::Number::New(isolate, static_cast<double>(v)));
  return v8::Array::New(isolate, values.data(), values.size());
}

void Args::retTensors(const std::vector<at::Tensor>& ts) const {
  std::vector<v8::Local<v8::Value>> values;
  values.reserve(ts.size());
  for (const at::Tensor& t : ts) values.push_back(wrapTensor(state_, t));
  info_.GetReturnValue().Set(v8::Array::New(isolate_, values.data(), values.size()));
}

namespace {
// Error text as a JS string; an absurdly long message is cut rather than failing the conversion.
v8::Local<v8::String> messageString(v8::Isolate* iso, const std::string& message) {
  constexpr size_t kMaxMessage = 1 << 20;
  return v8::String::NewFromUtf8(iso, message.data(), v8::NewStringType::kNormal,
                                 static_cast<int>(std::min(message.size(), kMaxMessage))).ToLocalChecked();
}
}  // namespace

// PyTorch's Python layer names tensor types the legacy way in every error and warning it passes
// on (torch/csrc/Exceptions.cpp, processErrorMsg): "CPUFloatType" -> "torch.FloatTensor",
// "Variable[CUDALongType]" -> "torch.cuda.LongTensor", for these backends and scalar types only.
std::string pythonTypeNames(std::string message) {
  if (message.find("Type") == std::string::npos) return message;
  static const std::vector<std::pair<std::string, std::string>> changes = [] {
    const char* backends[][2] = {{"SparseCUDA", "torch.cuda.sparse."}, {"SparseCPU", "torch.sparse."}, {"CUDA", "torch.cuda."}, {"CPU", "torch."}};
    const char* scalars[] = {"Byte", "Char", "Double", "Float", "Int", "Long", "Short", "Half"};
    std::vector<std::pair<std::string, std::string>> out;
    // Variable[...] first, and sparse before dense: each longer name contains a shorter one.
    for (const char* wrap : {"Variable[", ""})
      for (const auto& backend : backends)
        for (const char* scalar : scalars) {
          std::string aten = std::string(backend[0]) + scalar + "Type";
          out.emplace_back(*wrap ? std::string(wrap) + aten + "]" : aten, std::string(backend[1]) + scalar + "Tensor");
        }
    return out;
  }();
  for (const auto& [from, to] : changes)
    for (size_t pos = message.find(from); pos != std::string::npos; pos = message.find(from, pos + to.size()))
      message.replace(pos, from.size(), to);
  return message;
}

// Both throwers leave a pending termination (worker.terminate()) alone: replacing it with an
// error would let a `try/catch` in the terminated code swallow it and run on forever.
void throwJsError(AddonState& state, const char* pythonType, const std::string& message) {
  v8::Isolate* iso = state.isolate;
  if (iso->IsExecutionTerminating()) return;
  v8::Local<v8::Context> ctx = iso->GetCurrentContext();
  v8::Local<v8::String> msg = messageString(iso, pythonTypeNames(message));
  v8::Local<v8::Value> error;
  if (!state.torchError.IsEmpty()) {
    v8::Local<v8::Value> argv[] = {msg, v8::String::NewFromUtf8(iso, pythonType).ToLocalChecked()};
    v8::Local<v8::Object> created;
    if (state.torchError.Get(iso)->NewInstance(ctx, 2, argv).ToLocal(&created)) error = created;
  }
  if (iso->IsExecutionTerminating()) return;  // terminated inside the constructor
  if (error.IsEmpty()) error = v8::Exception::Error(msg);
  iso->ThrowException(error);
}

void throwArgError(AddonState& state, const ArgError& e) {
  v8::Isolate* iso = state.isolate;
  if (iso->IsExecutionTerminating()) return;
  v8::Local<v8::String> msg = messageString(iso, e.message);
  v8::Global<v8::Function>& ctor = e.range ? state.rangeError : state.typeError;
  v8::Local<v8::Object> created;
  v8::Local<v8::Value> argv[] = {msg};
  if (!ctor.IsEmpty() && ctor.Get(iso)->NewInstance(iso->GetCurrentContext(), 1, argv).ToLocal(&created)) {
    iso->ThrowException(created);
    return;
  }
  if (iso->IsExecutionTerminating()) return;
  iso->ThrowException(e.range ? v8::Exception::RangeError(msg) : v8::Exception::TypeError(msg));
}

void throwCaughtToJs(Args& args) {
  try {
    throw;
  } catch (const PendingJsException&) {
    // The JS exception (or termination) stays pending and reaches the caller as it is; no JS may
    // run meanwhile, so queued warnings wait for the next native call.
    return;
  } catch (...) {
  }
  if (args.state().warnings.pending.load(std::memory_order_relaxed)) {
    v8::TryCatch dropped(args.isolate());  // a warning turned into an error loses to the call's own error, as in Python
    emitNativeWarnings(args.state());
  }
  try {
    throw;
  } catch (const JsException& e) {
    if (!args.isolate()->IsExecutionTerminating()) args.isolate()->ThrowException(e.value->Get(args.isolate()));
  } catch (const ArgError& e) {
    throwArgError(args.state(), e);
  } catch (const PythonError& e) {
    throwJsError(args.state(), e.type, e.what());
  } catch (const c10::Error& e) {
    throwJsError(args.state(), pythonTypeOf(e), e.what_without_backtrace());
  } catch (const std::bad_alloc&) {
    throwJsError(args.state(), "RuntimeError", "out of memory");
  } catch (const std::exception& e) {
    throwJsError(args.state(), "RuntimeError", e.what());
  } catch (...) {
    throwJsError(args.state(), "RuntimeError", "unknown C++ exception");
  }
}

void setFunction(AddonState& state, v8::Local<v8::Context> context, v8::Local<v8::Object> target,
                 const char* name, v8::FunctionCallback callback) {
  v8::Isolate* iso = state.isolate;
  v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(
      iso, callback, v8::External::New(iso, &state), v8::Local<v8::Signature>(), 0, v8::ConstructorBehavior::kThrow);
  v8::Local<v8::String> key = v8::String::NewFromUtf8(iso, name).ToLocalChecked();
  v8::Local<v8::Function> fn = tmpl->GetFunction(context).ToLocalChecked();
  fn->SetName(key);
  target->Set(context, key, fn).Check();
}

}  // namespace torchts
