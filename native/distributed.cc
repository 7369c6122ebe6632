// torch.distributed on LibTorch's own c10d: stores (TCPStore, FileStore, PrefixStore), the Gloo
// process group (NCCL's comes from distributed_nccl.cc), its Work handles, and DistributedDataParallel's gradient reducer. Nothing here
// moves bytes itself: every collective is a c10d call.
//
// Version differences are handled by feature checks, never version numbers: the Gloo headers are
// Debian's libgloo-dev (absent: the addon builds without torch.distributed and reports it
// unavailable), ProcessGroupGloo.hpp declares its class only under USE_C10D_GLOO, LibTorch 2.x
// derives ProcessGroupGloo from Backend (its collectives are called on it directly, the same calls
// as 1.13's ProcessGroup), and 2.x's TCPStore can run on libuv (turned off: Node owns the loop).
#include <node.h>
#include <uv.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "call.h"

#include "distributed.h"
#include "handles.h"

namespace torchts {

#ifdef TORCHTS_HAS_GLOO
namespace {

// ------------------------------------------------------------------ handles (handles.h)
template <class T>
std::shared_ptr<T> handleArg(Args& a, int i, const char* what) {
  if (HandleHolder* holder = holderOf<T>(a[i])) {
    if (!holder->value) throwTypeError(std::string(what) + " has been destroyed");
    return std::static_pointer_cast<T>(holder->value);
  }
  throwTypeError(std::string("Expected a ") + what + " for argument " + std::to_string(i) + " but received " + describeValue(a.isolate(), a[i]));
}

struct StoreRef {
  c10::intrusive_ptr<c10d::Store> store;
};

// A group's Gloo process group, and the same group behind c10d's ProcessGroupWrapper (PyTorch's
// TORCH_DISTRIBUTED_DEBUG=DETAIL check): before each collective the ranks compare its kind, shapes
// and dtypes over a second Gloo group, so a mismatched collective is an error on every rank. Gloo
// itself aborts the process on some mismatches (a size mismatch inside its transport thread).
// DDP's reducer, whose collectives are the same on every rank by construction, uses the plain one.
//
// The wrapper's check is itself a blocking exchange, so collectives start on a thread of the
// group's own, in call order (every rank must start them in the same order), and the JS thread
// only waits when the caller asks to (a synchronous collective, Work.wait()).
using WorkPtr = c10::intrusive_ptr<c10d::Work>;
using Launch = std::function<WorkPtr()>;

class Launcher {
 public:
  Launcher() : thread_([this] { run(); }) {}
  ~Launcher() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    ready_.notify_all();
    thread_.join();
  }
  std::shared_future<WorkPtr> submit(Launch launch) {
    auto promise = std::make_shared<std::promise<WorkPtr>>();
    std::shared_future<WorkPtr> future = promise->get_future().share();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back([promise, launch = std::move(launch)] {
        try {
          promise->set_value(launch());
        } catch (...) {
          promise->set_exception(std::current_exception());
        }
      });
    }
    ready_.notify_one();
    return future;
  }

 private:
  void run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stop_ = false;
  std::thread thread_;
};

// Point-to-point calls run on a third Gloo group of their own: on LibTorch 2.x they advance the
// sequence number the check compares, so ranks outside a send/recv pair would fail the next check.
struct GroupRef {
  c10::intrusive_ptr<GroupBase> group;
  c10::intrusive_ptr<GroupBase> checked;
  c10::intrusive_ptr<GroupBase> p2p;
  std::unique_ptr<Launcher> launcher;  // declared last: joined before the groups go
};
struct WorkRef {
  std::shared_future<WorkPtr> started;
  std::vector<at::Tensor> keep;  // tensors the collective reads or writes, alive until it ends
  // Waits for the start, then for the collective (either rethrows its error).
  void wait() const { started.get()->wait(); }
};

std::chrono::milliseconds millis(Args& a, int i) { return std::chrono::milliseconds(a.integer(i)); }

std::vector<at::Tensor> tensorArray(Args& a, int i, const char* what) {
  std::vector<at::Tensor> out;
  if (!a.has(i)) return out;
  if (!a[i]->IsArray()) throwTypeError(std::string("Expected an array of Tensors for ") + what);
  v8::Local<v8::Array> arr = a[i].As<v8::Array>();
  v8::Local<v8::Context> ctx = a.isolate()->GetCurrentContext();
  for (uint32_t k = 0; k < arr->Length(); k++) {
    TensorBox* box = unwrapBox(orThrow(arr->Get(ctx, k)));
    if (box == nullptr) throwTypeError(std::string("Expected Tensor in ") + what);
    if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
    out.push_back(box->tensor);
  }
  return out;
}

c10d::ReduceOp reduceOp(Args& a, int i) {
  int64_t code = a.integer(i);
  if (code < 0 || code > static_cast<int64_t>(c10d::ReduceOp::BXOR)) throwRangeError("unknown ReduceOp " + std::to_string(code));
  return c10d::ReduceOp(static_cast<c10d::ReduceOp::RedOpType>(code));
}

// ------------------------------------------------------------------ stores
// 2.x's TCPStoreOptions has useLibUV: a Node process keeps the classic socket server.
template <class O>
auto disableLibUV(O& o, int) -> decltype(o.useLibUV = false, void()) { o.useLibUV = false; }
template <class O>
void disableLibUV(O&, long) {}

// tcpStore(host, port, isServer, worldSize, timeoutMs, waitWorkers) -> [store, port]
void TcpStore(const Info& info) {
  guarded(info, [](Args& a) {
    c10d::TCPStoreOptions opts;
    int64_t port = a.integer(1);
    if (port < 0 || port > 65535) throwRangeError("port must be in [0, 65535], got " + std::to_string(port));
    opts.port = static_cast<std::uint16_t>(port);
    opts.isServer = a.boolean(2);
    if (a.has(3)) opts.numWorkers = static_cast<std::size_t>(a.integer(3));
    opts.timeout = millis(a, 4);
    opts.waitWorkers = a.boolean(5);
    disableLibUV(opts, 0);
    auto store = c10::make_intrusive<c10d::TCPStore>(a.string(0), opts);
    v8::Isolate* iso = a.isolate();
    v8::Local<v8::Value> items[] = {wrapHandle(a, std::make_shared<StoreRef>(StoreRef{store})),
                                    v8::Number::New(iso, store->getPort())};
    a.ret(v8::Array::New(iso, items, 2).As<v8::Value>());
  });
}

// fileStore(path, worldSize, timeoutMs)
void FileStore(const Info& info) {
  guarded(info, [](Args& a) {
    auto store = c10::make_intrusive<c10d::FileStore>(a.string(0), static_cast<int>(a.integer(1)));
    store->setTimeout(millis(a, 2));
    a.ret(wrapHandle(a, std::make_shared<StoreRef>(StoreRef{store})).As<v8::Value>());
  });
}

// prefixStore(prefix, store)
void PrefixStore(const Info& info) {
  guarded(info, [](Args& a) {
    std::string prefix = a.string(0);
    auto inner = handleArg<StoreRef>(a, 1, "Store");
    auto store = c10::make_intrusive<c10d::PrefixStore>(prefix, inner->store);
    a.ret(wrapHandle(a, std::make_shared<StoreRef>(StoreRef{store})).As<v8::Value>());
  });
}

// storeSet(store, key, bytes), storeGet(store, key) -> Uint8Array, storeAdd(store, key, n) -> number
void StoreSet(const Info& info) {
  guarded(info, [](Args& a) {
    auto ref = handleArg<StoreRef>(a, 0, "Store");
    if (!a[2]->IsUint8Array()) throwTypeError("Expected a Uint8Array for value");
    v8::Local<v8::Uint8Array> bytes = a[2].As<v8::Uint8Array>();
    std::vector<uint8_t> value(bytes->ByteLength());
    bytes->CopyContents(value.data(), value.size());
    ref->store->set(a.string(1), value);
  });
}
void StoreGet(const Info& info) {
  guarded(info, [](Args& a) {
    auto ref = handleArg<StoreRef>(a, 0, "Store");
    std::vector<uint8_t> value = ref->store->get(a.string(1));
    v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(a.isolate(), value.size());
    if (!value.empty()) std::memcpy(buffer->GetBackingStore()->Data(), value.data(), value.size());
    a.ret(v8::Uint8Array::New(buffer, 0, value.size()).As<v8::Value>());
  });
}
void StoreAdd(const Info& info) {
  guarded(info, [](Args& a) {
    auto ref = handleArg<StoreRef>(a, 0, "Store");
    a.ret(static_cast<double>(ref->store->add(a.string(1), a.integer(2))));
  });
}

// ------------------------------------------------------------------ process group
// The Gloo devices PyTorch picks: GLOO_SOCKET_IFNAME's interfaces (comma-separated), else this
// host's name resolved (falling back to loopback when it does not resolve).
std::vector<std::shared_ptr<::gloo::transport::Device>> glooDevices() {
  std::vector<std::shared_ptr<::gloo::transport::Device>> devices;
  const char* ifnames = std::getenv("GLOO_SOCKET_IFNAME");
  if (ifnames != nullptr && *ifnames != '\0') {
    std::string list(ifnames);
    size_t start = 0;
    while (start <= list.size()) {
      size_t end = list.find(',', start);
      if (end == std::string::npos) end = list.size();
      if (end > start) devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(list.substr(start, end - start)));
      start = end + 1;
    }
  }
  if (devices.empty()) devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
  return devices;
}

c10::intrusive_ptr<c10d::ProcessGroupGloo> newGloo(const c10::intrusive_ptr<c10d::Store>& store, const std::string& prefix, int rank, int size, std::chrono::milliseconds timeout) {
  auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
  opts->devices = glooDevices();
  opts->threads = 2;
  return c10::make_intrusive<c10d::ProcessGroupGloo>(c10::make_intrusive<c10d::PrefixStore>(prefix, store), rank, size, opts);
}

// newGroup(store, backend, rank, size, timeoutMs): the backend's group ('gloo' or 'nccl'); its
// collectives are checked over a Gloo group whatever the backend, as PyTorch's DETAIL mode does.
void NewGroup(const Info& info) {
  guarded(info, [](Args& a) {
    auto store = handleArg<StoreRef>(a, 0, "Store");
    std::string backend = a.string(1);
    int rank = static_cast<int>(a.integer(2)), size = static_cast<int>(a.integer(3));
    std::chrono::milliseconds timeout = millis(a, 4);
    auto make = [&](const std::string& prefix) -> c10::intrusive_ptr<GroupBase> {
      if (backend == "nccl") return newNccl(c10::make_intrusive<c10d::PrefixStore>(prefix, store->store), rank, size, timeout);
      if (backend == "gloo") return newGloo(store->store, prefix, rank, size, timeout);
      throwTypeError("unknown backend " + backend);
    };
    auto group = make(backend);
    auto helper = newGloo(store->store, "checks", rank, size, timeout);
    c10::intrusive_ptr<GroupBase> checked = c10::make_intrusive<c10d::ProcessGroupWrapper>(group, helper);
    auto p2p = make("p2p");
    a.ret(wrapHandle(a, std::make_shared<GroupRef>(GroupRef{group, checked, p2p, std::make_unique<Launcher>()})).As<v8::Value>());
  });
}

void retWork(Args& a, GroupRef& ref, Launch launch, std::vector<at::Tensor> keep) {
  a.ret(wrapHandle(a, std::make_shared<WorkRef>(WorkRef{ref.launcher->submit(std::move(launch)), std::move(keep)})).As<v8::Value>());
}

// collective(group, name, ...): one entry per c10d collective; every one returns a Work.
void Collective(const Info& info) {
  guarded(info, [](Args& a) {
    auto ref = handleArg<GroupRef>(a, 0, "ProcessGroup");
    c10::intrusive_ptr<GroupBase> pg = ref->checked;
    std::string name = a.string(1);
    if (name == "allreduce") {  // (tensor, op)
      std::vector<at::Tensor> ts{a.tensor(2)};
      c10d::AllreduceOptions opts;
      opts.reduceOp = reduceOp(a, 3);
      retWork(a, *ref, [pg, ts, opts]() mutable { return pg->allreduce(ts, opts); }, ts);
    } else if (name == "broadcast") {  // (tensor, src)
      std::vector<at::Tensor> ts{a.tensor(2)};
      c10d::BroadcastOptions opts;
      opts.rootRank = a.integer(3);
      retWork(a, *ref, [pg, ts, opts]() mutable { return pg->broadcast(ts, opts); }, ts);
    } else if (name == "reduce") {  // (tensor, dst, op)
      std::vector<at::Tensor> ts{a.tensor(2)};
      c10d::ReduceOptions opts;
      opts.rootRank = a.integer(3);
      opts.reduceOp = reduceOp(a, 4);
      retWork(a, *ref, [pg, ts, opts]() mutable { return pg->reduce(ts, opts); }, ts);
    } else if (name == "allgather") {  // (outputs[], input)
      std::vector<std::vector<at::Tensor>> outs{tensorArray(a, 2, "tensor_list")};
      std::vector<at::Tensor> ins{a.tensor(3)};
      std::vector<at::Tensor> keep = outs[0];
      keep.push_back(ins[0]);
      retWork(a, *ref, [pg, outs, ins]() mutable { return pg->allgather(outs, ins); }, keep);
    } else if (name == "allgather_base") {  // (output, input)
      at::Tensor out = a.tensor(2), in = a.tensor(3);
      retWork(a, *ref, [pg, out, in]() mutable { return pg->_allgather_base(out, in); }, {out, in});
    } else if (name == "gather") {  // (outputs[] | null, input, dst)
      std::vector<std::vector<at::Tensor>> outs;
      std::vector<at::Tensor> keep;
      if (a.has(2)) {
        outs.push_back(tensorArray(a, 2, "gather_list"));
        keep = outs[0];
      }
      std::vector<at::Tensor> ins{a.tensor(3)};
      keep.push_back(ins[0]);
      c10d::GatherOptions opts;
      opts.rootRank = a.integer(4);
      retWork(a, *ref, [pg, outs, ins, opts]() mutable { return pg->gather(outs, ins, opts); }, keep);
    } else if (name == "scatter") {  // (output, inputs[] | null, src)
      std::vector<at::Tensor> outs{a.tensor(2)};
      std::vector<std::vector<at::Tensor>> ins;
      std::vector<at::Tensor> keep = outs;
      if (a.has(3)) {
        ins.push_back(tensorArray(a, 3, "scatter_list"));
        keep.insert(keep.end(), ins[0].begin(), ins[0].end());
      }
      c10d::ScatterOptions opts;
      opts.rootRank = a.integer(4);
      retWork(a, *ref, [pg, outs, ins, opts]() mutable { return pg->scatter(outs, ins, opts); }, keep);
    } else if (name == "reduce_scatter") {  // (output, inputs[], op)
      std::vector<at::Tensor> outs{a.tensor(2)};
      std::vector<std::vector<at::Tensor>> ins{tensorArray(a, 3, "input_list")};
      std::vector<at::Tensor> keep = ins[0];
      keep.push_back(outs[0]);
      c10d::ReduceScatterOptions opts;
      opts.reduceOp = reduceOp(a, 4);
      retWork(a, *ref, [pg, outs, ins, opts]() mutable { return pg->reduce_scatter(outs, ins, opts); }, keep);
    } else if (name == "alltoall_base") {  // (output, input, outputSplits[], inputSplits[])
      at::Tensor out = a.tensor(2), in = a.tensor(3);
      std::vector<int64_t> outSplits = a.intList(4), inSplits = a.intList(5);
      // Uneven splits give each rank inputs of its own shape: the shape check would call them a mismatch.
      if (!outSplits.empty() || !inSplits.empty()) pg = ref->group;
      retWork(a, *ref, [pg, out, in, outSplits, inSplits]() mutable {
        c10d::AllToAllOptions opts;
        return pg->alltoall_base(out, in, outSplits, inSplits, opts);
      }, {out, in});
    } else if (name == "alltoall") {  // (outputs[], inputs[])
      std::vector<at::Tensor> outs = tensorArray(a, 2, "output_tensor_list"), ins = tensorArray(a, 3, "input_tensor_list");
      std::vector<at::Tensor> keep = outs;
      keep.insert(keep.end(), ins.begin(), ins.end());
      retWork(a, *ref, [pg, outs, ins]() mutable { return pg->alltoall(outs, ins); }, keep);
    } else if (name == "send" || name == "recv") {  // (tensor, peer, tag)
      std::vector<at::Tensor> ts{a.tensor(2)};
      int peer = static_cast<int>(a.integer(3)), tag = static_cast<int>(a.integer(4));
      bool send = name == "send";
      retWork(a, *ref, [p2p = ref->p2p, ts, peer, tag, send]() mutable { return send ? p2p->send(ts, peer, tag) : p2p->recv(ts, peer, tag); }, ts);
    } else if (name == "recv_any") {  // (tensor, tag)
      std::vector<at::Tensor> ts{a.tensor(2)};
      int tag = static_cast<int>(a.integer(3));
      retWork(a, *ref, [p2p = ref->p2p, ts, tag]() mutable { return p2p->recvAnysource(ts, tag); }, ts);
    } else if (name == "barrier") {
      retWork(a, *ref, [pg]() mutable { return pg->barrier(); }, {});
    } else {
      throwTypeError("unknown collective " + name);
    }
  });
}

// ------------------------------------------------------------------ work
void WorkWait(const Info& info) {
  guarded(info, [](Args& a) {
    auto ref = handleArg<WorkRef>(a, 0, "Work");
    ref->wait();
    a.ret(true);
  });
}
void WorkIsCompleted(const Info& info) {
  guarded(info, [](Args& a) {
    auto ref = handleArg<WorkRef>(a, 0, "Work");
    if (ref->started.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return a.ret(false);
    try {
      a.ret(ref->started.get()->isCompleted());
    } catch (...) {
      a.ret(true);  // it failed to start: it is over
    }
  });
}

void WorkSourceRank(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(handleArg<WorkRef>(a, 0, "Work")->started.get()->sourceRank())); });
}

// Work.wait() on a thread of its own (a wait can last the whole group timeout: the libuv pool would
// stall file I/O), then the callback on the JS thread: callback(null) or callback(message).
struct AsyncWait {
  uv_async_t async;
  std::thread thread;
  std::shared_ptr<WorkRef> work;
  std::string error;
  bool failed = false;
  v8::Isolate* isolate;
  v8::Global<v8::Function> callback;
  v8::Global<v8::Context> context;
};

void onAsyncWaitDone(uv_async_t* handle) {
  AsyncWait* w = static_cast<AsyncWait*>(handle->data);
  w->thread.join();
  v8::Isolate* iso = w->isolate;
  {
    v8::HandleScope scope(iso);
    v8::Local<v8::Context> ctx = w->context.Get(iso);
    v8::Context::Scope contextScope(ctx);
    v8::Local<v8::Value> arg = w->failed ? v8::String::NewFromUtf8(iso, w->error.c_str()).ToLocalChecked().As<v8::Value>()
                                         : v8::Null(iso).As<v8::Value>();
    // MakeCallback runs the microtasks (the Promise continuations) once the callback returns.
    node::MakeCallback(iso, ctx->Global(), w->callback.Get(iso), 1, &arg, node::async_context{0, 0});
  }
  uv_close(reinterpret_cast<uv_handle_t*>(&w->async), [](uv_handle_t* h) {
    std::unique_ptr<AsyncWait> owned(static_cast<AsyncWait*>(h->data));
    owned->callback.Reset();
    owned->context.Reset();
  });
}

// workWaitAsync(work, callback)
void WorkWaitAsync(const Info& info) {
  guarded(info, [](Args& a) {
    auto ref = handleArg<WorkRef>(a, 0, "Work");
    if (!a[1]->IsFunction()) throwTypeError("Expected a function for callback");
    v8::Isolate* iso = a.isolate();
    auto w = std::make_unique<AsyncWait>();
    w->work = ref;
    w->isolate = iso;
    w->callback.Reset(iso, a[1].As<v8::Function>());
    w->context.Reset(iso, iso->GetCurrentContext());
    w->async.data = w.get();
    if (uv_async_init(node::GetCurrentEventLoop(iso), &w->async, onAsyncWaitDone) != 0) throwTypeError("uv_async_init failed");
    AsyncWait* raw = w.release();  // owned by the close callback from here on
    raw->thread = std::thread([raw] {
      try {
        raw->work->wait();
      } catch (const c10::Error& e) {
        raw->error = e.what_without_backtrace();
        raw->failed = true;
      } catch (const std::exception& e) {
        raw->error = e.what();
        raw->failed = true;
      }
      uv_async_send(&raw->async);
    });
  });
}

// ------------------------------------------------------------------ DistributedDataParallel
// Post hooks on the parameters' gradient accumulators copy each gradient into its bucket as
// backward produces it; a full bucket is divided by the world size and all-reduced at once (in
// bucket order, the same on every rank), overlapping the rest of backward. A callback queued on
// the autograd engine runs at the end of backward: it waits for every bucket and copies the
// averages back into the gradients.
struct Reducer {
  c10::intrusive_ptr<GroupBase> group;
  std::vector<at::Tensor> params;
  // Parameters hold their accumulators weakly (a shared_ptr, or an intrusive_ptr in recent LibTorch).
  std::vector<decltype(torch::autograd::impl::grad_accumulator(std::declval<const at::Tensor&>()))> accumulators;
  struct Slot {
    size_t bucket;
    int64_t offset;
  };
  std::vector<Slot> slots;  // by parameter index
  struct Bucket {
    at::Tensor flat;
    std::vector<size_t> params;
    size_t pending = 0;
    c10::intrusive_ptr<c10d::Work> work;
    at::Tensor compressed;  // fp16_compress_hook's float16 copy while it is reduced
  };
  std::vector<Bucket> buckets;
  std::vector<bool> ready;
  size_t nextLaunch = 0;
  bool active = false;  // a backward pass is being reduced
  bool requireSync = true;
  bool findUnused = false;
  int worldSize = 1;
  // register_comm_hook with one of PyTorch's default hooks: the group it reduces over (its state),
  // and whether buckets travel as float16 (fp16_compress_hook) or as they are (allreduce_hook).
  enum class CommHook { None, Allreduce, Fp16Compress } commHook = CommHook::None;
  c10::intrusive_ptr<GroupBase> hookGroup;
  int hookWorldSize = 1;

  void prepare() {
    std::fill(ready.begin(), ready.end(), false);
    for (Bucket& b : buckets) {
      b.pending = b.params.size();
      b.work.reset();
      b.compressed.reset();
    }
    nextLaunch = 0;
  }

  void launchReady() {
    while (nextLaunch < buckets.size() && buckets[nextLaunch].pending == 0) {
      Bucket& b = buckets[nextLaunch++];
      if (commHook == CommHook::None) {
        b.flat.div_(worldSize);
        std::vector<at::Tensor> ts{b.flat};
        b.work = group->allreduce(ts);
      } else {
        // PyTorch's default hooks: divide by the hook group's size, then all-reduce (as float16).
        at::Tensor sent = commHook == CommHook::Fp16Compress ? b.flat.to(at::kHalf) : b.flat;
        sent.div_(hookWorldSize);
        b.compressed = commHook == CommHook::Fp16Compress ? sent : at::Tensor();
        std::vector<at::Tensor> ts{sent};
        hookStep([&] { b.work = hookGroup->allreduce(ts); });
      }
    }
  }

  // PyTorch's default hooks take the all-reduce's result in a future's then-callback, so a failed
  // reduction (Gloo built without PyTorch's dtypes reduces no float16) reaches backward with the
  // message Python's Future gives a failed callback.
  template <class Step>
  void hookStep(Step&& step) {
    if (commHook == CommHook::None) return step();
    try {
      step();
    } catch (const c10::Error& e) {
      TORCH_CHECK(false, "Got the following error when running the callback: ", pythonTypeOf(e), ": ", e.what_without_backtrace());
    }
  }

  void waitBucket(Bucket& b) {
    hookStep([&] { b.work->wait(); });
    if (b.compressed.defined()) {
      b.flat.copy_(b.compressed);
      b.compressed.reset();
    }
  }

  void markReady(size_t i, const at::Tensor& grad) {
    if (ready[i]) return;
    ready[i] = true;
    Bucket& b = buckets[slots[i].bucket];
    at::Tensor slice = b.flat.narrow(0, slots[i].offset, params[i].numel());
    if (grad.defined()) slice.copy_(grad.reshape({-1}));
    else slice.zero_();
    b.pending--;
    launchReady();
  }

  void onGradReady(size_t i, std::weak_ptr<Reducer> self) {
    if (!requireSync) return;
    if (!active) {
      active = true;
      prepare();
      torch::autograd::Engine::get_default_engine().queue_callback([self] {
        if (auto r = self.lock()) r->finalize();
      });
    }
    try {
      markReady(i, params[i].grad());
    } catch (...) {
      active = false;  // backward fails, and its queued finalize never runs: the next one starts afresh
      throw;
    }
  }

  void finalize() {
    active = false;
    std::vector<size_t> unused;
    for (size_t i = 0; i < params.size(); i++)
      if (!ready[i]) unused.push_back(i);
    at::Tensor usedAnywhere;
    if (!unused.empty()) {
      if (!findUnused) {
        for (Bucket& b : buckets) if (b.work) b.work->wait();
        TORCH_CHECK(false,
                    "Expected to have finished reduction in the prior iteration before starting a new one. This error indicates that your "
                    "module has parameters that were not used in producing loss. You can enable unused parameter detection by passing the "
                    "keyword argument `find_unused_parameters=True` to `torch.nn.parallel.DistributedDataParallel`, and by making sure all "
                    "`forward` function outputs participate in calculating loss.");
      }
      // Which parameters some rank used: a gradient stays undefined only where no rank made one.
      at::Tensor used = at::zeros({static_cast<int64_t>(params.size())}, at::kInt);
      auto* flags = used.data_ptr<int>();
      for (size_t i = 0; i < params.size(); i++) flags[i] = ready[i] ? 1 : 0;
      for (size_t i : unused) markReady(i, at::Tensor());
      std::vector<at::Tensor> ts{used.to(params[0].device())};  // NCCL reduces device tensors only
      group->allreduce(ts)->wait();
      usedAnywhere = ts[0].cpu();
    }
    for (Bucket& b : buckets) waitBucket(b);
    for (size_t i = 0; i < params.size(); i++) {
      at::Tensor& p = params[i];
      at::Tensor avg = buckets[slots[i].bucket].flat.narrow(0, slots[i].offset, p.numel()).view(p.sizes());
      at::Tensor& grad = p.mutable_grad();
      if (grad.defined()) grad.copy_(avg);
      else if (usedAnywhere.defined() && usedAnywhere.data_ptr<int>()[i] > 0) grad = avg.clone();
    }
  }
};

struct ReducerHook : torch::autograd::FunctionPostHook {
  std::weak_ptr<Reducer> reducer;
  size_t index;
  ReducerHook(std::weak_ptr<Reducer> r, size_t i) : reducer(std::move(r)), index(i) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                            const torch::autograd::variable_list& /*inputs*/) override {
    if (auto r = reducer.lock()) r->onGradReady(index, reducer);
    return outputs;
  }
};

// reducer(group, params[], bucketCapBytes, worldSize, findUnused)
void NewReducer(const Info& info) {
  guarded(info, [](Args& a) {
    auto group = handleArg<GroupRef>(a, 0, "ProcessGroup");
    auto r = std::make_shared<Reducer>();
    r->group = group->group;
    r->params = tensorArray(a, 1, "params");
    int64_t cap = a.integer(2);
    r->worldSize = static_cast<int>(a.integer(3));
    r->findUnused = a.boolean(4);
    r->slots.resize(r->params.size());
    r->ready.assign(r->params.size(), false);
    // Buckets fill in reverse parameter order, roughly the order backward produces gradients.
    int64_t filled = 0;
    for (size_t k = r->params.size(); k-- > 0;) {
      const at::Tensor& p = r->params[k];
      TORCH_CHECK(p.requires_grad(), "DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.");
      int64_t bytes = p.numel() * static_cast<int64_t>(p.element_size());
      bool fresh = r->buckets.empty() || filled + bytes > cap || r->buckets.back().flat.scalar_type() != p.scalar_type();
      if (fresh) {
        r->buckets.emplace_back();
        r->buckets.back().flat = at::empty({0}, p.options().requires_grad(false));
        filled = 0;
      }
      Reducer::Bucket& b = r->buckets.back();
      r->slots[k] = {r->buckets.size() - 1, b.flat.numel()};
      b.flat = at::empty({b.flat.numel() + p.numel()}, b.flat.options());
      b.params.push_back(k);
      filled += bytes;
    }
    std::weak_ptr<Reducer> weak = r;
    for (size_t k = 0; k < r->params.size(); k++) {
      auto acc = torch::autograd::impl::grad_accumulator(r->params[k]);
      TORCH_CHECK(acc, "DistributedDataParallel expects leaf parameters");
      acc->add_post_hook(std::make_unique<ReducerHook>(weak, k));
      r->accumulators.push_back(std::move(acc));
    }
    a.ret(wrapHandle(a, r).As<v8::Value>());
  });
}

// reducerSetSync(reducer, enabled): no_sync() turns the reduction off for its backward passes.
void ReducerSetSync(const Info& info) {
  guarded(info, [](Args& a) { handleArg<Reducer>(a, 0, "Reducer")->requireSync = a.boolean(1); });
}

// reducerSetCommHook(reducer, group, kind): kind 1 is allreduce_hook, 2 fp16_compress_hook.
void ReducerSetCommHook(const Info& info) {
  guarded(info, [](Args& a) {
    auto r = handleArg<Reducer>(a, 0, "Reducer");
    auto group = handleArg<GroupRef>(a, 1, "ProcessGroup");
    int64_t kind = a.integer(2);
    if (kind != 1 && kind != 2) throwRangeError("unknown comm hook " + std::to_string(kind));
    TORCH_CHECK(r->commHook == Reducer::CommHook::None, "register_comm_hook or register_builtin_comm_hook can only be called once.");
    r->hookGroup = group->group;
    r->hookWorldSize = group->group->getSize();
    r->commHook = kind == 1 ? Reducer::CommHook::Allreduce : Reducer::CommHook::Fp16Compress;
  });
}

// release(handle): drops the native object now (a destroyed process group closes its connections
// without waiting for the GC); later use of the handle is a TypeError.
void Release(const Info& info) {
  guarded(info, [](Args& a) {
    v8::Local<v8::Value> v = a[0];
    HandleHolder* holder = holderOf<StoreRef>(v);
    if (!holder) holder = holderOf<GroupRef>(v);
    if (!holder) holder = holderOf<WorkRef>(v);
    if (!holder) holder = holderOf<Reducer>(v);
    if (!holder) throwTypeError("Expected a distributed handle");
    holder->value.reset();
  });
}

}  // namespace
#endif

void registerDistributed(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
#ifdef TORCHTS_HAS_GLOO
  static const FunctionSpec kFunctions[] = {
    {"distRelease", Release},
    {"distTcpStore", TcpStore},
    {"distFileStore", FileStore},
    {"distPrefixStore", PrefixStore},
    {"distStoreSet", StoreSet},
    {"distStoreGet", StoreGet},
    {"distStoreAdd", StoreAdd},
    {"distNewGroup", NewGroup},
    {"distCollective", Collective},
    {"distWorkWait", WorkWait},
    {"distWorkWaitAsync", WorkWaitAsync},
    {"distWorkIsCompleted", WorkIsCompleted},
    {"distWorkSourceRank", WorkSourceRank},
    {"distReducer", NewReducer},
    {"distReducerSetSync", ReducerSetSync},
    {"distReducerSetCommHook", ReducerSetCommHook},
  };
  setFunctions(state, context, exports, kFunctions);
#endif
  v8::Isolate* iso = context->GetIsolate();
#ifdef TORCHTS_HAS_GLOO
  const bool available = true, nccl = ncclAvailable();
#else
  const bool available = false, nccl = false;
#endif
  exports->Set(context, v8::String::NewFromUtf8Literal(iso, "distAvailable"), v8::Boolean::New(iso, available)).Check();
  exports->Set(context, v8::String::NewFromUtf8Literal(iso, "distNcclAvailable"), v8::Boolean::New(iso, nccl)).Check();
}

}  // namespace torchts
