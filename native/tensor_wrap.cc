#include "tensor_wrap.h"
#include <algorithm>
#include <time.h>
#include <memory>
#include "call.h"

namespace torchts {

const int kTensorTag = 0x7e45;

namespace {

// Native bookkeeping per tensor (TensorImpl, StorageImpl, box) so that many tiny tensors still count.
constexpr int64_t kBoxOverheadBytes = 512;

void unlink(AddonState& state, TensorBox* box) {
  if (box->prev) box->prev->next = box->next; else state.liveHead = box->next;
  if (box->next) box->next->prev = box->prev;
  box->prev = box->next = nullptr;
}

void releaseBytes(TensorBox* box) {
  MemoryLedger& m = box->state->memory;
  if (box->tensor.defined()) {
    m.liveCount -= 1;
    m.liveBytes -= box->bytes;
    if (static_cast<uint32_t>(m.minorCollections) - box->epoch < MemoryLedger::kEpochs)
      m.epochLiveBytes[box->epoch % MemoryLedger::kEpochs] -= box->bytes;
  }
}

// Boxes are recycled through a free list: one malloc/free fewer per op.
void recycle(AddonState& state, TensorBox* box) {
  box->tensor.reset();
  box->generation++;
  box->next = state.freeBoxes;
  state.freeBoxes = box;
}

// Paced frees. A collection finds hundreds of dead tensors at once; freeing them all inside the GC
// overflows glibc's per-size caches (its tcache keeps 7 blocks a size), so the next ops' mallocs
// and those frees take the slow paths: +800 instructions per 10-element add (callgrind). Instead
// the GC queues small dead tensors and each new result frees one: an op's mallocs then reuse the
// blocks just freed, as under Python's refcounting. The queue is bounded in count and bytes; what
// does not fit, and every large tensor, is freed at once.
constexpr int64_t kPacedMaxBytes = 64 << 10;

void onCollected(const v8::WeakCallbackInfo<TensorBox>& data) {
  // Runs inside the GC: no V8 calls, only native frees.
  TensorBox* box = data.GetParameter();
  AddonState& state = *box->state;
  MemoryLedger& m = state.memory;
  box->handle.Reset();
  releaseBytes(box);
  unlink(state, box);
  if (box->tensor.defined() && box->bytes <= kPacedMaxBytes && m.pendingCount < 2 * m.minorCount &&
      m.pendingBytes + box->bytes <= m.minorBudget) {
    box->generation++;  // tidy scopes no longer own it
    box->next = state.pendingFree;
    state.pendingFree = box;
    m.pendingCount += 1;
    m.pendingBytes += box->bytes;
    return;
  }
  recycle(state, box);
}

// Frees one pending tensor and returns its box for reuse; null if none is pending.
TensorBox* takePending(AddonState& state) {
  TensorBox* box = state.pendingFree;
  if (box == nullptr) return nullptr;
  state.pendingFree = box->next;
  box->next = nullptr;
  state.memory.pendingCount -= 1;
  state.memory.pendingBytes -= box->bytes;
  box->tensor.reset();
  return box;
}

void drainPending(AddonState& state) {
  while (TensorBox* box = takePending(state)) recycle(state, box);
}

int64_t threadCpuNanos() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Promotion. V8 moves an object that survives two young collections to its old generation, where
// only a full collection finds it dead. A tensor JS holds across two of them (a residual kept while
// a Transformer layer's attention runs: ~10 MB of allocation at 4 MB a collection) is promoted,
// and its memory is not reused until the next full collection: the program touches fresh pages
// instead (page faults, cache misses; a Transformer step ran at 0.83x Python's speed). After each
// young collection the bytes that have now survived two are known per epoch. A collection
// promotes when they exceed 2% of what their epoch created; when 6 of the last 32 collections
// promoted, the byte budget doubles (up to 32 MB) and the count starts over. One-off promotions
// (a dataset loaded, parameters and optimizer state created in the first steps: 2-4 collections)
// leave it alone, as a larger budget would only make the memory colder (an LSTM step: 0.95x
// Python's speed at 32 MB, 1.00x at 4 MB), while a Transformer at 4 MB promotes in 2 of every 4
// collections. After 64 collections in a row that promoted under 0.2%, it halves again (down to
// 4 MB, which keeps streaming loops of large tensors in cache).
void adaptMinorBudget(MemoryLedger& m) {
  constexpr uint32_t kE = MemoryLedger::kEpochs;
  const uint32_t now = static_cast<uint32_t>(m.minorCollections);
  const int64_t promoted = m.epochLiveBytes[(now - 2) % kE];
  const int64_t created = m.epochCreatedBytes[(now - 2) % kE];
  m.epochLiveBytes[now % kE] = 0;  // the slot of epoch now - kEpochs starts the new epoch
  m.epochCreatedBytes[now % kE] = 0;
  const bool promotes = promoted * 50 > created;  // over 2%
  const bool quiet = promoted * 500 < created;    // under 0.2%
  m.promotingCollections = (m.promotingCollections << 1) | (promotes ? 1u : 0u);
  if (promotes && __builtin_popcount(m.promotingCollections) >= 6) {
    m.minorBudget = std::min(2 * m.minorBudget, MemoryLedger::kMaxMinorBudget);
    m.promotingCollections = 0;
    m.quietCollections = 0;
  } else if (promotes || !quiet) {
    m.quietCollections = 0;
  } else if (++m.quietCollections >= 64) {
    m.minorBudget = std::max(m.minorBudget / 2, MemoryLedger::kBaseMinorBudget);
    m.quietCollections = 0;
  }
}

// Collect unreachable tensors now when native memory grew past the budget. A young-generation
// collection is cheap because almost everything a training step creates dies young.
void maybeCollect(AddonState& state) {
  MemoryLedger& m = state.memory;
  if ((m.bytesSinceCollection < m.minorBudget && m.tensorsSinceCollection < m.minorCount) || m.collecting) return;
  m.collecting = true;
  m.bytesSinceCollection = 0;
  m.tensorsSinceCollection = 0;
  state.isolate->RequestGarbageCollectionForTesting(v8::Isolate::kMinorGarbageCollection);
  m.minorCollections++;
  adaptMinorBudget(m);
  if (m.liveBytes > m.fullCollectionAt) {
    // A tensor whose wrapper JS still holds across two young collections (a residual kept while a
    // Transformer layer's attention runs) is promoted to V8's old generation, and only a full
    // collection finds it dead. Such garbage may reach max(64 MB, the live bytes the last full
    // collection left), the bound V8 itself uses for external memory. With the 512 MB floor used
    // before, a Transformer training step (bench case 13) held ~300-500 MB of dead activations
    // (1.2 GB RSS, ~3,700 page faults a step) and spent ~20% more CPU time per step.
    // A full collection marks the whole JS heap: ~15 ms for Node's own, far more in a service that
    // holds a large heap. Below the hard limit they take at most a tenth of this thread's CPU time
    // (CPU time, so a loaded machine does not stretch the pacing): garbage then stays bounded by
    // what the program promotes in nine collections' time, and never passes the hard limit.
    int64_t start = threadCpuNanos();
    if (start >= m.nextFullAllowedCpuNs || m.liveBytes > m.fullCollectionHardAt) {
      state.isolate->RequestGarbageCollectionForTesting(v8::Isolate::kFullGarbageCollection);
      int64_t end = threadCpuNanos();
      m.nextFullAllowedCpuNs = end + 9 * (end - start);
      m.fullCollections++;
      m.fullCollectionAt = std::max(MemoryLedger::kMinFullCollectionBytes, 2 * m.liveBytes);
      m.fullCollectionHardAt = std::max(MemoryLedger::kHardFullCollectionBytes, 4 * m.liveBytes);
    }
  }
  m.collecting = false;
}

}  // namespace

v8::Local<v8::Object> wrapTensor(AddonState& state, at::Tensor tensor) {
  v8::Isolate* isolate = state.isolate;
  // Cloning a blank instance is cheaper than ObjectTemplate::NewInstance (no instantiation cache
  // probe), and the clone comes with the blank's type tag in internal field 1.
  v8::Local<v8::Object> obj = state.blankTensor.Get(isolate)->Clone();
  std::unique_ptr<TensorBox> owned(takePending(state));
  if (!owned && state.freeBoxes) {
    owned.reset(state.freeBoxes);
    state.freeBoxes = owned->next;
    owned->next = nullptr;
  }
  if (!owned) owned = std::make_unique<TensorBox>();
  TensorBox* box = owned.get();
  box->bytes = (tensor.defined() ? static_cast<int64_t>(tensor.numel() * tensor.element_size()) : 0) + kBoxOverheadBytes;
  box->tensor = std::move(tensor);
  box->state = &state;
  setBoxField(state, obj, box);
  box->handle.Reset(isolate, obj);
  // Ownership passes to the weak handle: onCollected recycles the box, releaseAllTensors deletes it.
  box->handle.SetWeak(owned.release(), onCollected, v8::WeakCallbackType::kParameter);
  box->next = state.liveHead;
  if (state.liveHead) state.liveHead->prev = box;
  state.liveHead = box;
  if (state.currentScope) state.currentScope->boxes.emplace_back(box, box->generation);
  MemoryLedger& m = state.memory;
  box->epoch = static_cast<uint32_t>(m.minorCollections);
  m.epochLiveBytes[box->epoch % MemoryLedger::kEpochs] += box->bytes;
  m.epochCreatedBytes[box->epoch % MemoryLedger::kEpochs] += box->bytes;
  m.liveCount += 1;
  m.liveBytes += box->bytes;
  m.bytesSinceCollection += box->bytes;
  m.tensorsSinceCollection += 1;
  maybeCollect(state);
  return obj;
}

void disposeBox(TensorBox* box) {
  releaseBytes(box);
  box->tensor.reset();
}

void releaseAllTensors(AddonState& state) {
  drainPending(state);
  while (state.liveHead) {
    std::unique_ptr<TensorBox> box(state.liveHead);
    box->handle.Reset();
    releaseBytes(box.get());
    unlink(state, box.get());
  }
  while (state.freeBoxes) {
    std::unique_ptr<TensorBox> box(state.freeBoxes);
    state.freeBoxes = box->next;
  }
}

namespace {

void Dispose(const Info& info) {
  guarded(info, [](Args& a) {
    TensorBox* box = unwrapBox(a[0]);
    if (box == nullptr) throwTypeError("dispose() expects a Tensor");
    if (box->tensor.defined()) disposeBox(box);
  });
}

void IsDisposed(const Info& info) {
  guarded(info, [](Args& a) {
    TensorBox* box = unwrapBox(a[0]);
    a.ret(box == nullptr || !box->tensor.defined());
  });
}

// memoryStats() -> [liveCount, liveBytes, minorCollections, fullCollections, pendingCount]
void MemoryStats(const Info& info) {
  guarded(info, [](Args& a) {
    MemoryLedger& m = a.state().memory;
    v8::Isolate* iso = a.isolate();
    v8::Local<v8::Value> values[] = {
        v8::Number::New(iso, static_cast<double>(m.liveCount)),
        v8::Number::New(iso, static_cast<double>(m.liveBytes - m.liveCount * kBoxOverheadBytes)),
        v8::Number::New(iso, static_cast<double>(m.minorCollections)),
        v8::Number::New(iso, static_cast<double>(m.fullCollections)),
        v8::Number::New(iso, static_cast<double>(m.pendingCount))};
    a.ret(v8::Array::New(iso, values, 5));
  });
}

// collect(): frees every unreachable tensor now (full collection).
void Collect(const Info& info) {
  guarded(info, [](Args& a) {
    a.isolate()->RequestGarbageCollectionForTesting(v8::Isolate::kFullGarbageCollection);
    a.state().memory.bytesSinceCollection = 0;
    drainPending(a.state());
  });
}

// Makes scope `id` current; an id that is not open (0, or a scope closed since) means none.
void enterScope(AddonState& s, int64_t id) {
  auto it = id == 0 ? s.scopes.end() : s.scopes.find(id);
  s.currentScope = it == s.scopes.end() ? nullptr : &it->second;
  s.currentScopeId = s.currentScope ? id : 0;
}

// scopeBegin() -> id of a new scope, now current; its parent is the scope current before.
void ScopeBegin(const Info& info) {
  guarded(info, [](Args& a) {
    AddonState& s = a.state();
    int64_t id = s.nextScopeId++;
    s.scopes.emplace(id, TidyScope{s.currentScopeId, {}});
    enterScope(s, id);
    a.ret(static_cast<double>(id));
  });
}

// scopeEnter(id) -> previous current id: makes `id` (0: none) the scope new tensors join.
void ScopeEnter(const Info& info) {
  guarded(info, [](Args& a) {
    AddonState& s = a.state();
    int64_t previous = s.currentScopeId;
    enterScope(s, a.integer(0));
    a.ret(static_cast<double>(previous));
  });
}

// scopeLeave(id): if `id` is current, its parent becomes current (the scope stays open).
void ScopeLeave(const Info& info) {
  guarded(info, [](Args& a) {
    AddonState& s = a.state();
    if (s.currentScopeId != a.integer(0)) return;
    enterScope(s, s.currentScope->parent);
  });
}

// scopeEnd(id, keep[]): disposes the scope's tensors except `keep`, which move to its parent scope
// if that is still open (else they belong to no scope). If `id` was current, its parent becomes current.
void ScopeEnd(const Info& info) {
  guarded(info, [](Args& a) {
    AddonState& s = a.state();
    int64_t id = a.integer(0);
    auto it = s.scopes.find(id);
    if (it == s.scopes.end()) throwRangeError("tidy scope " + std::to_string(id) + " is not open");
    std::vector<TensorBox*> keep;
    if (a.has(1) && a[1]->IsArray()) {
      v8::Local<v8::Array> arr = a[1].As<v8::Array>();
      v8::Local<v8::Context> ctx = a.isolate()->GetCurrentContext();
      for (uint32_t i = 0; i < arr->Length(); i++)
        if (TensorBox* box = unwrapBox(orThrow(arr->Get(ctx, i)))) keep.push_back(box);
    }
    TidyScope scope = std::move(it->second);
    s.scopes.erase(it);
    if (s.currentScopeId == id) enterScope(s, scope.parent);
    auto parentIt = s.scopes.find(scope.parent);
    TidyScope* parent = parentIt == s.scopes.end() ? nullptr : &parentIt->second;
    for (auto& [box, generation] : scope.boxes) {
      if (box->generation != generation || !box->tensor.defined()) continue;
      if (std::find(keep.begin(), keep.end(), box) != keep.end()) {
        if (parent) parent->boxes.emplace_back(box, generation);
      } else {
        disposeBox(box);
      }
    }
  });
}

// The boxes (JS wrappers) that hold `impl`: live ones and those collected but not yet freed. Every
// wrapper of one TensorImpl stands for that tensor's one Python object.
template <class Fn>
void forEachBoxOf(AddonState& s, const c10::TensorImpl* impl, Fn fn) {
  for (TensorBox* box = s.liveHead; box; box = box->next)
    if (box->tensor.defined() && box->tensor.unsafeGetTensorImpl() == impl) fn(box, true);
  for (TensorBox* box = s.pendingFree; box; box = box->next)
    if (box->tensor.defined() && box->tensor.unsafeGetTensorImpl() == impl) fn(box, false);
}

// useCount(t) -> Python's t._use_count(): the TensorImpl's references, its JS wrappers counted once.
void UseCount(const Info& info) {
  guarded(info, [](Args& a) {
    const at::Tensor& t = a.tensor(0);
    int64_t wrappers = 0;
    forEachBoxOf(a.state(), t.unsafeGetTensorImpl(), [&](TensorBox*, bool) { wrappers++; });
    a.ret(static_cast<double>(static_cast<int64_t>(t.use_count()) - wrappers + 1));
  });
}

// sameTensor(a, b): whether two wrappers hold one TensorImpl (Python's `a is b`).
void SameTensor(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.tensor(0).unsafeGetTensorImpl() == a.tensor(1).unsafeGetTensorImpl()); });
}

// Adds a live box's bytes back to the ledger: releaseBytes' inverse, at the box's own epoch.
void accountBytes(TensorBox* box) {
  MemoryLedger& m = box->state->memory;
  m.liveCount += 1;
  m.liveBytes += box->bytes;
  if (static_cast<uint32_t>(m.minorCollections) - box->epoch < MemoryLedger::kEpochs)
    m.epochLiveBytes[box->epoch % MemoryLedger::kEpochs] += box->bytes;
}

// swapTensorImpl(t1, t2): torch._C._swap_tensor_impl. Every wrapper of t1's TensorImpl now holds
// t2's and the other way round, each with its accounted bytes; the JS objects (and so the boxes'
// GC handles, epochs and scope entries) keep their identity.
void SwapTensorImpl(const Info& info) {
  guarded(info, [](Args& a) {
    at::Tensor t1 = a.tensor(0), t2 = a.tensor(1);
    // weak_use_count() adds 1 while the tensor has strong references (PyTorch's message, its double space included).
    TORCH_CHECK(t1.weak_use_count() == 1, "Expected no weakrefs to t1's Tensor object but got  ", t1.weak_use_count() - 1);
    TORCH_CHECK(t2.weak_use_count() == 1, "Expected no weakrefs to t2's Tensor object but got  ", t2.weak_use_count() - 1);
    if (t1.unsafeGetTensorImpl() == t2.unsafeGetTensorImpl()) return;
    std::vector<std::pair<TensorBox*, bool>> boxes1, boxes2;
    forEachBoxOf(a.state(), t1.unsafeGetTensorImpl(), [&](TensorBox* box, bool live) { boxes1.emplace_back(box, live); });
    forEachBoxOf(a.state(), t2.unsafeGetTensorImpl(), [&](TensorBox* box, bool live) { boxes2.emplace_back(box, live); });
    auto rebind = [&a](const std::vector<std::pair<TensorBox*, bool>>& boxes, const at::Tensor& to) {
      for (auto [box, live] : boxes) {
        if (live) releaseBytes(box);
        else a.state().memory.pendingBytes -= box->bytes;
        box->bytes = static_cast<int64_t>(to.numel() * to.element_size()) + kBoxOverheadBytes;
        box->tensor = to;
        if (live) accountBytes(box);
        else a.state().memory.pendingBytes += box->bytes;
      }
    };
    rebind(boxes1, t2);
    rebind(boxes2, t1);
  });
}

}  // namespace

namespace {

void refreshTensorMaps(AddonState& state) {
#ifdef TORCHTS_INLINE_UNWRAP
  v8::HandleScope scope(state.isolate);
  for (int i = 0; i < 2; i++)
    state.tensorMaps[i] = state.shapeSamples[i].IsEmpty() ? 0 : mapWordOf(state.shapeSamples[i].Get(state.isolate));
#endif
}

// Maps move only when a full GC compacts the heap: re-read them after each one.
void onFullGcEpilogue(v8::Isolate*, v8::GCType, v8::GCCallbackFlags, void* data) {
  refreshTensorMaps(*static_cast<AddonState*>(data));
}

v8::Local<v8::Object> newBlank(AddonState& state, v8::Local<v8::Context> context) {
  v8::Local<v8::Object> blank = state.tensorInstance.Get(state.isolate)->NewInstance(context).ToLocalChecked();
  blank->SetAlignedPointerInInternalField(0, nullptr);
  blank->SetAlignedPointerInInternalField(1, const_cast<int*>(&kTensorTag));
  return blank;
}

// The direct store of setBoxField is used only where it provably hits internal field 0: on a
// sample, the slot it would write must read back what V8's own setter stored there.
bool directFieldStoreWorks(v8::Local<v8::Object> blank) {
#ifdef TORCHTS_DIRECT_FIELD_STORE
  v8::Local<v8::Object> sample = blank->Clone();
  int probe = 0;
  sample->SetAlignedPointerInInternalField(0, &probe);
  return *boxFieldSlot(sample) == reinterpret_cast<TensorBox*>(&probe);
#else
  (void)blank;
  return false;
#endif
}

// registerTensorPrototype(proto): instances with this prototype (nn.Parameter's) unwrap inline too.
void RegisterTensorPrototype(const Info& info) {
  guarded(info, [](Args& a) {
    if (!a[0]->IsObject()) throwTypeError("registerTensorPrototype expects a prototype object");
    AddonState& s = a.state();
    v8::Local<v8::Context> context = a.isolate()->GetCurrentContext();
    v8::Local<v8::Object> sample = s.blankTensor.Get(a.isolate())->Clone();
    if (!sample->SetPrototype(context, a[0]).FromMaybe(false)) throwTypeError("registerTensorPrototype: cannot set the prototype");
    s.shapeSamples[1].Reset(a.isolate(), sample);
    refreshTensorMaps(s);
  });
}

}  // namespace

void initTensorClass(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  v8::Isolate* isolate = state.isolate;
  v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(isolate);
  tmpl->SetClassName(v8::String::NewFromUtf8Literal(isolate, "Tensor"));
  tmpl->InstanceTemplate()->SetInternalFieldCount(2);
  state.tensorClass.Reset(isolate, tmpl);
  state.tensorInstance.Reset(isolate, tmpl->InstanceTemplate());
  exports->Set(context, v8::String::NewFromUtf8Literal(isolate, "TensorBase"), tmpl->GetFunction(context).ToLocalChecked()).Check();
  v8::Local<v8::Object> blank = newBlank(state, context);
  state.blankTensor.Reset(isolate, blank);
  state.directFieldStore = directFieldStoreWorks(blank);
  state.shapeSamples[0].Reset(isolate, blank);
  refreshTensorMaps(state);
  isolate->AddGCEpilogueCallback(onFullGcEpilogue, &state, v8::kGCTypeMarkSweepCompact);
}

void teardownTensorClass(AddonState& state) {
  state.isolate->RemoveGCEpilogueCallback(onFullGcEpilogue, &state);
  for (auto& sample : state.shapeSamples) sample.Reset();
  state.blankTensor.Reset();
  state.tensorClass.Reset();
  state.tensorInstance.Reset();
}

void registerMemoryFunctions(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"dispose", Dispose},
    {"isDisposed", IsDisposed},
    {"memoryStats", MemoryStats},
    {"collect", Collect},
    {"scopeBegin", ScopeBegin},
    {"scopeEnter", ScopeEnter},
    {"scopeLeave", ScopeLeave},
    {"scopeEnd", ScopeEnd},
    {"registerTensorPrototype", RegisterTensorPrototype},
    {"useCount", UseCount},
    {"sameTensor", SameTensor},
    {"swapTensorImpl", SwapTensorImpl},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
