// Module init. Context-aware: each Node environment (main thread, every worker) gets its own AddonState.
//
// The tensor surface uses V8's API directly rather than N-API: napi_wrap/napi_external results cost
// 1.5-1.9 us per op and their finalizers run later from the event loop, so a synchronous training
// loop never frees anything. V8 weak callbacks run inside the GC, which tensor_wrap.cc triggers from
// a native-memory budget.
#include <node.h>
#include <cstdlib>
#include <memory>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "call.h"
#include "js_callback.h"

namespace torchts {

void registerTensorData(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerAutograd(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerOps(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerDispatcher(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerRuntime(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerOptim(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerJit(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerStorage(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerCustomFunction(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerForwardAD(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerTensorHooks(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerCuda(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerAutocast(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerDistributed(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void registerWarnings(AddonState&, v8::Local<v8::Object>, v8::Local<v8::Context>);
void installCpuAllocator();

namespace {

// setup(TorchError, TypeError, RangeError): the JS error classes native errors become.
void Setup(const Info& info) {
  guarded(info, [](Args& a) {
    for (int i = 0; i < 3; i++)
      if (!a[i]->IsFunction()) throwTypeError("setup(TorchError, TypeError, RangeError) expects constructors");
    a.state().torchError.Reset(a.isolate(), a[0].As<v8::Function>());
    a.state().typeError.Reset(a.isolate(), a[1].As<v8::Function>());
    a.state().rangeError.Reset(a.isolate(), a[2].As<v8::Function>());
  });
}

// glibc hands blocks over 128 KB back to the OS on free and trims the heap top. With frees batched
// by the GC, every large tensor then starts as fresh page faults: `add` on 100k-element tensors
// measured 20x slower (300 us vs 14 us). Keep such blocks in the heap unless the user tuned malloc.
void tuneMalloc() {
#ifdef __GLIBC__
  static bool done = false;
  if (done) return;
  done = true;
  if (!std::getenv("MALLOC_MMAP_THRESHOLD_")) mallopt(M_MMAP_THRESHOLD, 32 << 20);
  if (!std::getenv("MALLOC_TRIM_THRESHOLD_")) mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

void cleanup(void* arg) {
  std::unique_ptr<AddonState> state(static_cast<AddonState*>(arg));
  state->warningsOnJsThread.reset();  // LibTorch warnings raised here from now on are logged again
  state->warningSink.Reset();
  releaseAllTensors(*state);
  state->torchError.Reset();
  state->typeError.Reset();
  state->rangeError.Reset();
  teardownTensorClass(*state);
  closeMarshal(*state);  // last: callbacks the teardown above released are freed, not leaked
}

}  // namespace
}  // namespace torchts

NODE_MODULE_INIT(/* exports, module, context */) {
  using namespace torchts;
  v8::Isolate* isolate = context->GetIsolate();
  // The memory budget asks V8 for collections; that API is gated on this flag.
  static const char kExposeGc[] = "--expose-gc";
  v8::V8::SetFlagsFromString(kExposeGc, sizeof(kExposeGc) - 1);
  tuneMalloc();
  installCpuAllocator();
  auto state = std::make_unique<AddonState>();
  state->isolate = isolate;
  state->jsThread = std::this_thread::get_id();
  initTensorClass(*state, exports, context);
  registerMemoryFunctions(*state, exports, context);
  registerTensorData(*state, exports, context);
  registerAutograd(*state, exports, context);
  registerOps(*state, exports, context);
  registerDispatcher(*state, exports, context);
  registerRuntime(*state, exports, context);
  registerOptim(*state, exports, context);
  registerJit(*state, exports, context);
  registerStorage(*state, exports, context);
  registerCustomFunction(*state, exports, context);
  registerForwardAD(*state, exports, context);
  registerTensorHooks(*state, exports, context);
  registerCuda(*state, exports, context);
  registerAutocast(*state, exports, context);
  registerDistributed(*state, exports, context);
  registerWarnings(*state, exports, context);
  state->warningsOnJsThread = std::make_unique<WarningHandlerGuard>(&state->warnings);
  setFunction(*state, context, exports, "setup", Setup);
  AddonState* raw = state.release();  // owned by the cleanup hook from here on
  node::AddEnvironmentCleanupHook(isolate, cleanup, raw);
}
