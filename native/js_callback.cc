#include "js_callback.h"
#include <ATen/Parallel.h>
#include <ATen/ThreadLocalState.h>
#include <ATen/autocast_mode.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <torch/csrc/api/include/torch/version.h>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace torchts {

namespace {

// Never destroyed: engine threads may outlive statics.
template <class T>
T& forever() {
  static T* instance = new T();
  return *instance;
}

template <class T>
using Handles = std::vector<std::pair<v8::Isolate*, v8::Global<T>>>;

struct Orphans {
  std::mutex mutex;
  Handles<v8::Function> functions;
  Handles<v8::Value> values;
  Handles<v8::Function>& of(v8::Global<v8::Function>&) { return functions; }
  Handles<v8::Value>& of(v8::Global<v8::Value>&) { return values; }
};

template <class T>
void orphan(v8::Isolate* isolate, v8::Global<T> handle) {
  auto& o = forever<Orphans>();
  std::lock_guard<std::mutex> lock(o.mutex);
  o.of(handle).emplace_back(isolate, std::move(handle));
}

// Moves the handles of `isolate` out of `all` (the caller frees them).
template <class T>
std::vector<v8::Global<T>> takeHandles(Handles<T>& all, v8::Isolate* isolate) {
  std::vector<v8::Global<T>> mine;
  for (auto it = all.begin(); it != all.end();) {
    if (it->first == isolate) {
      mine.push_back(std::move(it->second));
      it = all.erase(it);
    } else {
      ++it;
    }
  }
  return mine;
}

// A thrown JS value; the engine may drop it on any of its threads (every error but the first of a
// backward call), where it is queued for release on the JS thread.
struct ThrownValue {
  AddonState* state;
  v8::Global<v8::Value> value;
  ~ThrownValue() {
    if (std::this_thread::get_id() != state->jsThread) orphan(state->isolate, std::move(value));
  }
};

std::atomic<int64_t> liveCallbacks{0};
std::atomic<bool> alwaysMarshal{false};
std::atomic<int64_t> marshalledCalls{0};  // callbacks run for another thread

// LibTorch 2.4 moved the autocast dtypes into at::ThreadLocalState; before, they are copied here.
#define TORCHTS_TLS_HAS_AUTOCAST_DTYPES (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4))

// The thread-local state of the thread that made an engine call or asked for a callback: grad
// mode, dispatch keys (autocast, inference mode), saved-tensor hooks, autocast dtypes.
struct ThreadLocals {
  at::ThreadLocalState state;
#if !TORCHTS_TLS_HAS_AUTOCAST_DTYPES
  at::ScalarType cpuDtype = at::autocast::get_autocast_cpu_dtype();
  at::ScalarType gpuDtype = at::autocast::get_autocast_gpu_dtype();
#endif
};

// Applies ThreadLocals to the current thread for its lifetime.
class ThreadLocalsGuard {
 public:
  explicit ThreadLocalsGuard(const ThreadLocals& locals) : guard_(locals.state) {
#if !TORCHTS_TLS_HAS_AUTOCAST_DTYPES
    at::autocast::set_autocast_cpu_dtype(locals.cpuDtype);
    at::autocast::set_autocast_gpu_dtype(locals.gpuDtype);
#endif
  }
  ~ThreadLocalsGuard() {
#if !TORCHTS_TLS_HAS_AUTOCAST_DTYPES
    at::autocast::set_autocast_cpu_dtype(previous_.cpuDtype);
    at::autocast::set_autocast_gpu_dtype(previous_.gpuDtype);
#endif
  }
  ThreadLocalsGuard(const ThreadLocalsGuard&) = delete;
  ThreadLocalsGuard& operator=(const ThreadLocalsGuard&) = delete;

 private:
#if !TORCHTS_TLS_HAS_AUTOCAST_DTYPES
  ThreadLocals previous_;
#endif
  at::ThreadLocalStateGuard guard_;
};

// An engine call (backward, grad) made from JS, with the caller's thread-local state.
struct Job {
  const std::function<void()>* work;
  ThreadLocals threadLocals;
  std::exception_ptr error;
  bool finished = false;
};

// A JS callback an engine thread asks the JS thread to run, with that thread's thread-local state
// (the graph task's grad mode and dispatch keys, as the inline call would see them). While it
// waits, the engine thread runs the engine calls the callback makes (`nested`): a reentrant
// backward stays on the engine thread that asked for it, as in PyTorch, so a device thread never
// waits for work queued to itself.
struct Request {
  std::function<void()> run;
  ThreadLocals threadLocals;
  std::exception_ptr error;
  bool done = false;
  Job* nested = nullptr;
};

// One per JS environment: the requests of every engine thread, served by whichever runAutograd
// wait loop is innermost on the JS thread.
struct Marshal {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Request*> queue;
  int serving = 0;              // runAutograd wait loops open on the JS thread
  Request* current = nullptr;   // the request the JS thread is running
  Job* helperJob = nullptr;     // the engine call the helper thread is asked to run
  bool helperStarted = false;
};

Marshal& marshalFor(const AddonState& state) {
  struct Registry {
    std::mutex mutex;
    std::unordered_map<const AddonState*, std::unique_ptr<Marshal>> byState;
  };
  auto& r = forever<Registry>();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto& slot = r.byState[&state];
  if (!slot) slot = std::make_unique<Marshal>();
  return *slot;
}

void runJob(Marshal& m, Job& job);

// The helper thread of an environment: started once and kept (thread start and per-thread ATen
// setup cost more than a small backward), runs one top-level engine call at a time, since the JS
// thread makes one at a time. Marshal is never destroyed, so the thread may outlive its environment.
void startHelper(Marshal& m) {
  std::thread([&m] {
    std::unique_lock<std::mutex> lock(m.mutex);
    for (;;) {
      m.changed.wait(lock, [&] { return m.helperJob != nullptr; });
      Job* job = m.helperJob;
      m.helperJob = nullptr;
      lock.unlock();
      at::init_num_threads();  // the current torch.set_num_threads, as the engine's own threads do
      runJob(m, *job);
      lock.lock();
    }
  }).detach();
  m.helperStarted = true;
}

// As the engine decides where its device threads run nodes: every device type but CPU, Meta and
// Lazy (which share the calling thread's queue) that has devices.
bool engineHasDeviceThreads() {
  static const bool has = [] {
    for (int i = 0; i < static_cast<int>(c10::DeviceType::COMPILE_TIME_MAX_DEVICE_TYPES); i++) {
      auto type = static_cast<c10::DeviceType>(i);
      if (type == c10::DeviceType::CPU || type == c10::DeviceType::Meta || type == c10::DeviceType::Lazy) continue;
      if (c10::impl::hasDeviceGuardImpl(type) && c10::impl::getDeviceGuardImpl(type)->deviceCount() > 0) return true;
    }
    return false;
  }();
  return has;
}

void runJob(Marshal& m, Job& job) {
  {
    ThreadLocalsGuard guard(job.threadLocals);
    try {
      (*job.work)();
    } catch (...) {
      job.error = std::current_exception();
    }
  }
  std::lock_guard<std::mutex> lock(m.mutex);
  job.finished = true;
  m.changed.notify_all();
}

}  // namespace

JsCallback::JsCallback(AddonState& state, v8::Local<v8::Function> fn, std::string what)
    : state_(state), fn_(state.isolate, fn), what_(std::move(what)) {
  liveCallbacks++;
}

JsCallback::~JsCallback() {
  liveCallbacks--;
  if (std::this_thread::get_id() == state_.jsThread) return;  // fn_'s destructor resets it here
  orphan(state_.isolate, std::move(fn_));
}

void releaseOrphanedCallbacks(AddonState& state) {
  auto& o = forever<Orphans>();
  std::lock_guard<std::mutex> lock(o.mutex);
  takeHandles(o.functions, state.isolate);  // freed here, on the JS thread
  takeHandles(o.values, state.isolate);
}

int64_t setAlwaysMarshal(bool always) {
  alwaysMarshal = always;
  return marshalledCalls.load();
}

void runAutograd(AddonState& state, const std::function<void()>& work) {
  if (liveCallbacks.load() == 0 || !(alwaysMarshal.load() || engineHasDeviceThreads())) {
    work();
    return;
  }
  Marshal& m = marshalFor(state);
  Job job{&work, ThreadLocals(), nullptr, false};
  std::unique_lock<std::mutex> lock(m.mutex);
  if (m.current != nullptr) {
    m.current->nested = &job;  // called from a JS callback: its engine thread runs it
  } else {
    if (!m.helperStarted) startHelper(m);
    m.helperJob = &job;
  }
  m.changed.notify_all();
  m.serving++;
  for (;;) {
    m.changed.wait(lock, [&] { return job.finished || !m.queue.empty(); });
    if (m.queue.empty()) break;
    Request* request = m.queue.front();
    m.queue.pop_front();
    Request* outer = m.current;
    m.current = request;
    lock.unlock();
    {
      ThreadLocalsGuard guard(request->threadLocals);
      try {
        request->run();
      } catch (...) {
        request->error = std::current_exception();
      }
    }
    lock.lock();
    m.current = outer;
    request->done = true;
    m.changed.notify_all();
  }
  m.serving--;
  lock.unlock();
  releaseOrphanedCallbacks(state);
  if (job.error) std::rethrow_exception(job.error);
}

void JsCallback::call(const std::function<std::vector<v8::Local<v8::Value>>()>& args,
                      const std::function<void(v8::Local<v8::Value>)>& use) const {
  if (std::this_thread::get_id() == state_.jsThread) return callHere(args, use);
  marshalledCalls++;
  Marshal& m = marshalFor(state_);
  Request request{[&] { callHere(args, use); }, ThreadLocals(), nullptr, false, nullptr};
  std::unique_lock<std::mutex> lock(m.mutex);
  TORCH_CHECK(m.serving > 0, what_, " is JavaScript and the autograd engine called it on one of its threads while no "
              "backward call from JavaScript was waiting for it, so JavaScript cannot run it");
  m.queue.push_back(&request);
  m.changed.notify_all();
  for (;;) {
    m.changed.wait(lock, [&] { return request.done || request.nested != nullptr; });
    if (request.done) break;
    Job* nested = request.nested;
    request.nested = nullptr;
    lock.unlock();
    runJob(m, *nested);
    lock.lock();
  }
  lock.unlock();
  if (request.error) std::rethrow_exception(request.error);
}

void JsCallback::callHere(const std::function<std::vector<v8::Local<v8::Value>>()>& args,
                          const std::function<void(v8::Local<v8::Value>)>& use) const {
  v8::Isolate* iso = state_.isolate;
  TORCH_CHECK(!iso->IsExecutionTerminating(), "JavaScript execution is terminating");
  v8::HandleScope scope(iso);
  v8::Local<v8::Context> context = iso->GetCurrentContext();
  v8::TryCatch tryCatch(iso);
  // Only c10::Error and JsException may leave: the engine turns std::exceptions into the error of
  // the whole backward call, anything else would unwind through it.
  auto rethrowCaught = [&]() {
    TORCH_CHECK(tryCatch.HasCaught() && tryCatch.CanContinue(), "JavaScript execution terminated in ", what_);
    auto thrown = std::make_shared<ThrownValue>();
    thrown->state = &state_;
    thrown->value.Reset(iso, tryCatch.Exception());
    JsException error;
    error.value = std::shared_ptr<v8::Global<v8::Value>>(thrown, &thrown->value);
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
