// A JS function that LibTorch's autograd engine calls back: a custom Function's backward, a tensor
// hook. The engine runs CPU nodes on the thread that called backward; on builds with device
// threads (CUDA) it runs device nodes there, where JS cannot run. runAutograd() therefore runs the
// engine on a helper thread whenever JS callbacks exist and the engine has device threads, while
// the JS thread serves the callbacks those threads post to it: JS runs on the JS thread only.
#pragma once
#include <v8.h>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include "call.h"

namespace torchts {

// An environment's marshalling state: the queue of callbacks for its JS thread, its helper thread.
struct Marshal;

class JsCallback {
 public:
  JsCallback(AddonState& state, v8::Local<v8::Function> fn, std::string what);
  // Releases the function on the JS thread; a release on another thread (the last reference to a
  // graph dropped by an engine thread) is queued and done by the JS thread's next autograd call.
  ~JsCallback();
  JsCallback(const JsCallback&) = delete;
  JsCallback& operator=(const JsCallback&) = delete;

  AddonState& state() const { return state_; }
  // Calls the function with args built inside a handle scope; `use` reads the result there. Called
  // on another thread, the whole call is posted to the JS thread and waited for. A JS exception
  // becomes JsException; anything else that fails, a c10::Error.
  void call(const std::function<std::vector<v8::Local<v8::Value>>()>& args,
            const std::function<void(v8::Local<v8::Value>)>& use) const;

 private:
  void callHere(const std::function<std::vector<v8::Local<v8::Value>>()>& args,
                const std::function<void(v8::Local<v8::Value>)>& use) const;

  AddonState& state_;
  std::shared_ptr<Marshal> marshal_;                // outlives the environment while this lives
  std::unique_ptr<v8::Global<v8::Function>> fn_;    // a pointer: never touched off the JS thread
  std::string what_;
};

// Runs an autograd engine call (backward, grad) made on the JS thread. Inline when no JS callback
// is alive or the engine has no device threads; otherwise on a helper thread that inherits the
// caller's thread-local state, while this thread runs the JS callbacks any engine thread posts
// (also those of outer backward calls when this one is nested inside a JS backward).
void runAutograd(AddonState& state, const std::function<void()>& work);

// Takes the helper-thread path whenever JS callbacks are alive, also without device threads (so
// that the marshalling is exercised on CPU-only builds). Returns how many callbacks ran for
// another thread so far.
int64_t setAlwaysMarshal(bool always);

// Frees the functions and values other threads released; called on the JS thread.
void releaseOrphanedCallbacks(AddonState& state);

// At the environment's cleanup, on its JS thread (no engine call from it can be running then):
// stops and joins its helper thread and frees what other threads released. Functions and values
// released after this (by engine threads still holding a graph) are leaked, never touched: their
// isolate is about to go.
void closeMarshal(AddonState& state);

}  // namespace torchts
