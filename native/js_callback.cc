#include "js_callback.h"
#include <mutex>
#include <utility>
#include <vector>

namespace torchts {

namespace {
struct Orphans {
  std::mutex mutex;
  std::vector<std::pair<v8::Isolate*, v8::Global<v8::Function>>> handles;
};
Orphans& orphans() {
  static Orphans* instance = new Orphans();  // never destroyed: device threads may outlive statics
  return *instance;
}
}  // namespace

JsCallback::JsCallback(AddonState& state, v8::Local<v8::Function> fn, std::string what)
    : state_(state), fn_(state.isolate, fn), what_(std::move(what)) {}

JsCallback::~JsCallback() {
  if (std::this_thread::get_id() == state_.jsThread) return;  // fn_'s destructor resets it here
  std::lock_guard<std::mutex> lock(orphans().mutex);
  orphans().handles.emplace_back(state_.isolate, std::move(fn_));
}

void releaseOrphanedCallbacks(AddonState& state) {
  std::vector<v8::Global<v8::Function>> mine;
  {
    std::lock_guard<std::mutex> lock(orphans().mutex);
    auto& all = orphans().handles;
    for (auto it = all.begin(); it != all.end();) {
      if (it->first == state.isolate) {
        mine.push_back(std::move(it->second));
        it = all.erase(it);
      } else {
        ++it;
      }
    }
  }
}

void JsCallback::call(const std::function<std::vector<v8::Local<v8::Value>>()>& args,
                      const std::function<void(v8::Local<v8::Value>)>& use) const {
  TORCH_CHECK(std::this_thread::get_id() == state_.jsThread,
              what_, " is JavaScript and the autograd engine called it on one of its device threads, where JavaScript cannot run: "
              "custom autograd Functions and tensor hooks work on gradients of CPU tensors only");
  v8::Isolate* iso = state_.isolate;
  TORCH_CHECK(!iso->IsExecutionTerminating(), "JavaScript execution is terminating");
  v8::HandleScope scope(iso);
  v8::Local<v8::Context> context = iso->GetCurrentContext();
  v8::TryCatch tryCatch(iso);
  // Only c10::Error and JsException may leave: the engine turns std::exceptions into the error of
  // the whole backward call, anything else would unwind through it.
  auto rethrowCaught = [&]() {
    TORCH_CHECK(tryCatch.HasCaught() && tryCatch.CanContinue(), "JavaScript execution terminated in ", what_);
    JsException error;
    error.value = std::make_shared<v8::Global<v8::Value>>(iso, tryCatch.Exception());
    throw error;
  };
  try {
    std::vector<v8::Local<v8::Value>> argv = args();
    v8::Local<v8::Value> result;
    if (!fn_.Get(iso)->Call(context, v8::Undefined(iso), static_cast<int>(argv.size()), argv.data()).ToLocal(&result)) rethrowCaught();
    use(result);
  } catch (const PendingJsException&) {
    rethrowCaught();
  } catch (const ArgError& e) {
    TORCH_CHECK_TYPE(false, e.message);
  }
}

}  // namespace torchts
