// A JS function that LibTorch's autograd engine calls back: a custom Function's backward, a tensor
// hook. The engine runs CPU nodes on the thread that called backward (the JS thread); on CUDA
// builds it runs device nodes on its own device threads, where JS cannot run: a call from there is
// an error with a clear message rather than a crash or a hang.
#pragma once
#include <v8.h>
#include <functional>
#include <string>
#include <thread>
#include "call.h"

namespace torchts {

class JsCallback {
 public:
  JsCallback(AddonState& state, v8::Local<v8::Function> fn, std::string what);
  // Releases the function on the JS thread; a release on another thread (the last reference to a
  // graph dropped by a device thread) is queued and done by the JS thread's next autograd call.
  ~JsCallback();
  JsCallback(const JsCallback&) = delete;
  JsCallback& operator=(const JsCallback&) = delete;

  AddonState& state() const { return state_; }
  // Calls the function with args built inside a handle scope; `use` reads the result there.
  // A JS exception becomes JsException, a call from a non-JS thread a c10::Error.
  void call(const std::function<std::vector<v8::Local<v8::Value>>()>& args,
            const std::function<void(v8::Local<v8::Value>)>& use) const;

 private:
  AddonState& state_;
  v8::Global<v8::Function> fn_;
  std::string what_;
};

// Frees the functions other threads released; called on the JS thread.
void releaseOrphanedCallbacks(AddonState& state);

}  // namespace torchts
