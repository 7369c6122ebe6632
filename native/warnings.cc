// LibTorch's warnings as Python's: queued by whichever thread raised them, emitted on the JS thread
// through lib/python/warnings.ts (see warnings.h).
#include "warnings.h"
#include <utility>
#include "call.h"

namespace torchts {

// Python's message for a warning that names its place in LibTorch's sources: PyTorch 2.x dropped
// a second space.
#ifdef TORCH_WARN_DEPRECATION
constexpr const char* kTriggered = " (Triggered internally at ";
#else
constexpr const char* kTriggered = " (Triggered internally at  ";
#endif

namespace {

// As torch/csrc/Exceptions.cpp's PyWarningHandler: tensor types named as in errors; then a
// warning without a source file is a RuntimeWarning, a verbatim one (TorchScript's warnings.warn)
// is the message alone, shown at every call, and any other one appends the C++ location it was
// raised at.
WarningQueue::Entry pythonWarning(const c10::SourceLocation& location, const std::string& raw, bool verbatim, const char* category) {
  std::string msg = pythonTypeNames(raw);
  if (location.file == nullptr) return {msg, "RuntimeWarning", false};
  if (verbatim) return {msg, category, true};
  return {msg + kTriggered + location.file + ":" + std::to_string(location.line) + ".)", category, false};
}

}  // namespace

#ifdef TORCH_WARN_DEPRECATION
void WarningQueue::process(const c10::Warning& warning) {
  const char* category = std::holds_alternative<c10::DeprecationWarning>(warning.type()) ? "DeprecationWarning" : "UserWarning";
  push(pythonWarning(warning.source_location(), warning.msg(), warning.verbatim(), category));
}
#else
void WarningQueue::process(const c10::SourceLocation& location, const std::string& msg, bool verbatim) {
  push(pythonWarning(location, msg, verbatim, "UserWarning"));
}
#endif

void WarningQueue::push(Entry entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  queued_.push_back(std::move(entry));
  pending.store(true, std::memory_order_relaxed);
}

std::vector<WarningQueue::Entry> WarningQueue::take() {
  std::vector<Entry> entries;
  std::lock_guard<std::mutex> lock(mutex_);
  entries.swap(queued_);
  pending.store(false, std::memory_order_relaxed);
  return entries;
}

void emitNativeWarnings(AddonState& state) {
  if (state.warningSink.IsEmpty()) return;  // before lib/ set it: they wait in the queue
  std::vector<WarningQueue::Entry> entries = state.warnings.take();
  v8::Isolate* iso = state.isolate;
  v8::HandleScope scope(iso);
  v8::Local<v8::Context> context = iso->GetCurrentContext();
  v8::Local<v8::Function> sink = state.warningSink.Get(iso);
  for (const WarningQueue::Entry& entry : entries) {
    v8::Local<v8::Value> argv[] = {
      v8::String::NewFromUtf8(iso, entry.message.data(), v8::NewStringType::kNormal, static_cast<int>(entry.message.size())).ToLocalChecked(),
      v8::String::NewFromUtf8(iso, entry.category).ToLocalChecked(),
      v8::Boolean::New(iso, entry.always),
    };
    // The sink's exception (Node's --throw-deprecation) propagates to the caller; the rest are dropped, as Python does.
    if (sink->Call(context, v8::Undefined(iso), 3, argv).IsEmpty()) return;
  }
}

namespace {

// setWarningSink(fn): fn(message, category, always) receives LibTorch's warnings from here on.
void SetWarningSink(const Info& info) {
  guarded(info, [](Args& a) {
    if (!a[0]->IsFunction()) throwTypeError("setWarningSink(fn) expects a function");
    a.state().warningSink.Reset(a.isolate(), a[0].As<v8::Function>());
  });
}

// setWarnAlways(flag): torch.set_warn_always; returns the setting before.
void SetWarnAlways(const Info& info) {
  guarded(info, [](Args& a) {
    bool before = c10_warnings::get_warnAlways();
    c10_warnings::set_warnAlways(a.boolean(0));
    a.ret(before);
  });
}

void GetWarnAlways(const Info& info) {
  guarded(info, [](Args& a) { a.ret(c10_warnings::get_warnAlways()); });
}

}  // namespace

void registerWarnings(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"setWarningSink", SetWarningSink},
    {"setWarnAlways", SetWarnAlways},
    {"getWarnAlways", GetWarnAlways},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
