#include "js_callback.h"
#include <ATen/Parallel.h>
#include <ATen/ThreadLocalState.h>
#include <ATen/autocast_mode.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/Stream.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <torch/csrc/api/include/torch/version.h>
#ifdef __linux__
#include <pthread.h>
#endif
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
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

// A V8 handle behind a pointer, so that threads other than the JS thread can move it around without
// touching V8 (moving a v8::Global itself is a V8 call).
template <class T>
using Handle = std::unique_ptr<v8::Global<T>>;

std::atomic<int64_t> liveCallbacks{0};
std::atomic<bool> alwaysMarshal{false};
std::atomic<int64_t> marshalledCalls{0};  // callbacks run for another thread

// LibTorch 2.4 moved the autocast dtypes into at::ThreadLocalState; before, they are copied here.
#define TORCHTS_TLS_HAS_AUTOCAST_DTYPES (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4))

constexpr c10::DeviceType kCUDA = c10::DeviceType::CUDA;

// CUDA's device guard when this LibTorch has CUDA and the machine a GPU; else null, and everything
// below that carries CUDA state does nothing.
const c10::impl::DeviceGuardImplInterface* cudaDevices() {
  static const c10::impl::DeviceGuardImplInterface* const impl = []() -> const c10::impl::DeviceGuardImplInterface* {
    if (!c10::impl::hasDeviceGuardImpl(kCUDA)) return nullptr;
    const c10::impl::DeviceGuardImplInterface* cuda = c10::impl::getDeviceGuardImpl(kCUDA);
    return cuda->deviceCount() > 0 ? cuda : nullptr;
  }();
  return impl;
}

// A thread's current CUDA device and its current stream on every device that has a context. Both
// are per thread (CUDA runtime, c10) and not in at::ThreadLocalState, yet the engine reads them on
// the thread that calls it (GraphTask stashes the caller's current streams and makes them wait
// for the leaf streams at the end; CPU-queue nodes run there), and a device thread runs each node
// on its forward stream, which the node's JS callback must see. Devices without a context are
// left alone, so that none is created (as GraphTask::stash_current_streams does).
struct CudaContext {
  c10::DeviceIndex device = -1;  // -1: none to carry
  std::vector<c10::Stream> streams;

  static CudaContext current() {
    CudaContext c;
    const c10::impl::DeviceGuardImplInterface* cuda = cudaDevices();
    if (cuda == nullptr) return c;
    const auto& hooks = at::detail::getCUDAHooks();
    for (c10::DeviceIndex i = 0; i < cuda->deviceCount(); i++)
      if (hooks.hasPrimaryContext(i)) c.streams.push_back(cuda->getStream(c10::Device(kCUDA, i)));
    c10::DeviceIndex device = cuda->getDevice().index();
    if (hooks.hasPrimaryContext(device)) c.device = device;
    return c;
  }
};

// Makes a CudaContext current on this thread for its lifetime.
class CudaContextGuard {
 public:
  explicit CudaContextGuard(const CudaContext& c) {
    const c10::impl::DeviceGuardImplInterface* cuda = cudaDevices();
    if (cuda == nullptr) return;
    if (c.device >= 0) {
      c10::Device previous = cuda->exchangeDevice(c10::Device(kCUDA, c.device));
      if (previous.index() != c.device) previousDevice_ = previous;
    }
    for (const c10::Stream& s : c.streams) previousStreams_.push_back(cuda->exchangeStream(s));
  }
  ~CudaContextGuard() {
    const c10::impl::DeviceGuardImplInterface* cuda = cudaDevices();
    for (auto it = previousStreams_.rbegin(); it != previousStreams_.rend(); ++it) cuda->exchangeStream(*it);
    if (previousDevice_) cuda->uncheckedSetDevice(*previousDevice_);
  }
  CudaContextGuard(const CudaContextGuard&) = delete;
  CudaContextGuard& operator=(const CudaContextGuard&) = delete;

 private:
  std::optional<c10::Device> previousDevice_;
  std::vector<c10::Stream> previousStreams_;
};

// The thread-local state of the thread that made an engine call or asked for a callback: grad
// mode, dispatch keys (autocast, inference mode), saved-tensor hooks, autocast dtypes, CUDA device
// and streams.
struct ThreadLocals {
  at::ThreadLocalState state;
#if !TORCHTS_TLS_HAS_AUTOCAST_DTYPES
  at::ScalarType cpuDtype = at::autocast::get_autocast_cpu_dtype();
  at::ScalarType gpuDtype = at::autocast::get_autocast_gpu_dtype();
#endif
  CudaContext cuda = CudaContext::current();
};

// Applies ThreadLocals to the current thread for its lifetime.
class ThreadLocalsGuard {
 public:
  explicit ThreadLocalsGuard(const ThreadLocals& locals) : guard_(locals.state), cuda_(locals.cuda) {
#if !TORCHTS_TLS_HAS_AUTOCAST_DTYPES
    at::autocast::set_autocast_cpu_dtype(locals.cpuDtype);
    at::autocast::set_autocast_gpu_dtype(locals.gpuDtype);
#endif
  }
  ~ThreadLocalsGuard() {
#if !TORCHTS_TLS_HAS_AUTOCAST_DTYPES
    at::autocast::set_autocast_cpu_dtype(previousCpuDtype_);
    at::autocast::set_autocast_gpu_dtype(previousGpuDtype_);
#endif
  }
  ThreadLocalsGuard(const ThreadLocalsGuard&) = delete;
  ThreadLocalsGuard& operator=(const ThreadLocalsGuard&) = delete;

 private:
#if !TORCHTS_TLS_HAS_AUTOCAST_DTYPES
  at::ScalarType previousCpuDtype_ = at::autocast::get_autocast_cpu_dtype();
  at::ScalarType previousGpuDtype_ = at::autocast::get_autocast_gpu_dtype();
#endif
  at::ThreadLocalStateGuard guard_;
  CudaContextGuard cuda_;
};

// An engine call (backward, grad) made from JS, with the caller's thread-local state.
struct Job {
  const std::function<void()>* work;
  ThreadLocals threadLocals;
  std::exception_ptr error;
  bool finished = false;
};

// A JS callback an engine thread asks the JS thread to run, with that thread's thread-local state
// (the graph task's grad mode and dispatch keys, the node's device and stream, as the inline call
// would see them). While it waits, the engine thread runs the engine calls the callback makes
// (`nested`): a reentrant backward stays on the engine thread that asked for it, as in PyTorch, so
// a device thread never waits for work queued to itself.
struct Request {
  std::function<void()> run;
  ThreadLocals threadLocals;
  std::exception_ptr error;
  bool done = false;
  Job* nested = nullptr;
};

}  // namespace

// One per JS environment: the requests of every engine thread, served by whichever runAutograd
// wait loop is innermost on the JS thread, and the helper thread. Owned by the registry until the
// environment closes, and by every JsCallback and thrown value of the environment.
struct Marshal {
  Marshal(std::thread::id js, WarningQueue* queue) : jsThread(js), warnings(queue) {}
  const std::thread::id jsThread;
  WarningQueue* const warnings;  // the environment's: the helper thread's LibTorch warnings go there
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Request*> queue;
  int serving = 0;              // runAutograd wait loops open on the JS thread
  Request* current = nullptr;   // the request the JS thread is running
  Job* helperJob = nullptr;     // the engine call the helper thread is asked to run
  std::thread helper;           // started at the first marshalled engine call, joined at close
  bool stopping = false;        // the helper thread is asked to end
  bool closed = false;          // the environment is gone: its isolate must not be touched
  std::vector<std::shared_ptr<void>> released;  // V8 handles released on other threads
};

namespace {

struct Registry {
  std::mutex mutex;
  std::unordered_map<const AddonState*, std::shared_ptr<Marshal>> byState;
};

std::shared_ptr<Marshal> marshalFor(AddonState& state) {
  auto& r = forever<Registry>();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto& slot = r.byState[&state];
  if (!slot) slot = std::make_shared<Marshal>(state.jsThread, &state.warnings);
  return slot;
}

// The environment's Marshal if it made one; `remove` also takes it out of the registry.
std::shared_ptr<Marshal> existingMarshal(const AddonState& state, bool remove) {
  auto& r = forever<Registry>();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.byState.find(&state);
  if (it == r.byState.end()) return nullptr;
  std::shared_ptr<Marshal> m = it->second;
  if (remove) r.byState.erase(it);
  return m;
}

// Frees a V8 handle now on the JS thread; from another thread it is queued for the JS thread.
// Once the environment has closed the handle is leaked, never touched (its isolate may be gone).
template <class T>
void releaseHandle(Marshal& m, Handle<T> handle) {
  if (!handle) return;
  std::unique_lock<std::mutex> lock(m.mutex);
  if (m.closed) {
    (void)handle.release();
    return;
  }
  if (std::this_thread::get_id() != m.jsThread) {
    m.released.emplace_back(std::move(handle));
    return;
  }
  lock.unlock();
  handle.reset();
}

// On the JS thread: frees the handles other threads released.
void releaseQueuedHandles(Marshal& m) {
  std::vector<std::shared_ptr<void>> handles;
  std::lock_guard<std::mutex> lock(m.mutex);
  handles.swap(m.released);
  // freed on leaving, after the lock (declared first, destroyed last)
}

// A thrown JS value; the engine may drop it on any of its threads (every error but the first of a
// backward call).
struct ThrownValue {
  std::shared_ptr<Marshal> marshal;
  Handle<v8::Value> value;
  ~ThrownValue() { releaseHandle(*marshal, std::move(value)); }
};

// Requests still queued when the outermost wait loop ends belong to a graph task that already
// failed (a successful one completes only after all its nodes ran): the engine returned without
// waiting for its other threads, as it does on an error. They fail too, so that no engine thread
// waits for a JS thread that no longer serves it. Called with m.mutex held.
void failUnserved(Marshal& m) {
  for (Request* request : m.queue) {
    try {
      TORCH_CHECK(false, "a JavaScript autograd callback was not run: the backward call it belongs to had already ended with an error");
    } catch (...) {
      request->error = std::current_exception();
    }
    request->done = true;
  }
  m.queue.clear();
  m.changed.notify_all();
}

void runJob(Marshal& m, Job& job) {
  try {
    ThreadLocalsGuard guard(job.threadLocals);
    (*job.work)();
  } catch (...) {
    job.error = std::current_exception();
  }
  std::lock_guard<std::mutex> lock(m.mutex);
  job.finished = true;
  m.changed.notify_all();
}

// The helper thread of an environment: kept until the environment closes (thread start and
// per-thread ATen setup cost more than a small backward), runs one top-level engine call at a
// time, since the JS thread makes one at a time.
void helperMain(Marshal* m) {
#ifdef __linux__
  pthread_setname_np(pthread_self(), "torchts-backwrd");  // as listed in /proc/<pid>/task/*/comm (15 chars)
#endif
  WarningHandlerGuard warnings(m->warnings);  // joined before the environment's state goes
  std::unique_lock<std::mutex> lock(m->mutex);
  for (;;) {
    m->changed.wait(lock, [&] { return m->helperJob != nullptr || m->stopping; });
    if (m->helperJob == nullptr) return;
    Job* job = m->helperJob;
    m->helperJob = nullptr;
    lock.unlock();
    at::init_num_threads();  // the current torch.set_num_threads, as the engine's own threads do
    runJob(*m, *job);
    lock.lock();
  }
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

}  // namespace

JsCallback::JsCallback(AddonState& state, v8::Local<v8::Function> fn, std::string what)
    : state_(state), marshal_(marshalFor(state)), fn_(std::make_unique<v8::Global<v8::Function>>(state.isolate, fn)),
      what_(std::move(what)) {
  liveCallbacks++;
}

JsCallback::~JsCallback() {
  liveCallbacks--;
  releaseHandle(*marshal_, std::move(fn_));
}

void releaseOrphanedCallbacks(AddonState& state) {
  if (std::shared_ptr<Marshal> m = existingMarshal(state, false)) releaseQueuedHandles(*m);
}

void closeMarshal(AddonState& state) {
  std::shared_ptr<Marshal> m = existingMarshal(state, true);
  if (!m) return;
  {
    std::lock_guard<std::mutex> lock(m->mutex);
    m->stopping = true;
    m->changed.notify_all();
  }
  if (m->helper.joinable()) m->helper.join();
  std::vector<std::shared_ptr<void>> handles;  // freed last, here on the JS thread
  std::lock_guard<std::mutex> lock(m->mutex);
  m->closed = true;
  handles.swap(m->released);
  failUnserved(*m);
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
  std::shared_ptr<Marshal> marshal = marshalFor(state);
  Marshal& m = *marshal;
  Job job{&work, ThreadLocals(), nullptr, false};
  std::unique_lock<std::mutex> lock(m.mutex);
  if (m.current != nullptr) {
    m.current->nested = &job;  // called from a JS callback: its engine thread runs it
  } else {
    if (!m.helper.joinable()) m.helper = std::thread(helperMain, &m);
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
    try {
      ThreadLocalsGuard guard(request->threadLocals);
      request->run();
    } catch (...) {
      request->error = std::current_exception();
    }
    lock.lock();
    m.current = outer;
    request->done = true;
    m.changed.notify_all();
  }
  if (--m.serving == 0) failUnserved(m);
  lock.unlock();
  releaseQueuedHandles(m);
  if (job.error) std::rethrow_exception(job.error);
}

void JsCallback::call(const std::function<std::vector<v8::Local<v8::Value>>()>& args,
                      const std::function<void(v8::Local<v8::Value>)>& use) const {
  Marshal& m = *marshal_;
  if (std::this_thread::get_id() == m.jsThread) return callHere(args, use);
  marshalledCalls++;
  Request request{[&] { callHere(args, use); }, ThreadLocals(), nullptr, false, nullptr};
  std::unique_lock<std::mutex> lock(m.mutex);
  TORCH_CHECK(m.serving > 0 && !m.closed, what_, " is JavaScript and the autograd engine called it on one of its threads while no "
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
    thrown->marshal = marshal_;
    thrown->value = std::make_unique<v8::Global<v8::Value>>(iso, tryCatch.Exception());
    JsException error;
    error.value = std::shared_ptr<v8::Global<v8::Value>>(thrown, thrown->value.get());
    throw error;
  };
  try {
    std::vector<v8::Local<v8::Value>> argv = args();
    v8::Local<v8::Value> result;
    if (!fn_->Get(iso)->Call(context, v8::Undefined(iso), static_cast<int>(argv.size()), argv.data()).ToLocal(&result)) rethrowCaught();
    use(result);
  } catch (const PendingJsException&) {
    rethrowCaught();
  } catch (const ArgError& e) {
    TORCH_CHECK_TYPE(false, e.message);
  }
}

}  // namespace torchts
