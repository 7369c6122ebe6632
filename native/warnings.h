// LibTorch's own warnings (TORCH_WARN in kernels, the autograd engine, optimizers) as Python's
// warnings.warn calls. Each environment's queue is the LibTorch warning handler of the threads that
// run its work (its JS thread, its autograd helper thread); guarded() hands what they queued to
// JS when a native call returns, so they arrive on the JS thread whichever thread raised them.
#pragma once
#include <c10/util/Exception.h>
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace torchts {

struct AddonState;

// LibTorch 2.x passes a c10::Warning with its category and moved the handler functions to
// c10::WarningUtils; 1.13 passes the parts, and every warning is a UserWarning there.
#ifdef TORCH_WARN_DEPRECATION
namespace c10_warnings = c10::WarningUtils;
#else
namespace c10_warnings = c10::Warning;
#endif
// Makes a handler the calling thread's (LibTorch's handler is thread-local) until the guard ends;
// LibTorch's default handler, the one replaced, logs to stderr.
using WarningHandlerGuard = c10_warnings::WarningHandlerGuard;

class WarningQueue : public c10::WarningHandler {
 public:
  // What Python's warning handler passes to warnings.warn (torch/csrc/Exceptions.cpp).
  struct Entry {
    std::string message;
    const char* category;  // "UserWarning", "DeprecationWarning", "RuntimeWarning"
    bool always;  // Python shows it at every call: warn_explicit without a registry (verbatim warnings)
  };

  // Set by any thread that queued a warning; read (relaxed) by guarded() after every native call.
  std::atomic<bool> pending{false};

#ifdef TORCH_WARN_DEPRECATION
  void process(const c10::Warning& warning) override;
#else
  void process(const c10::SourceLocation& location, const std::string& msg, bool verbatim) override;
#endif
  std::vector<Entry> take();

 private:
  void push(Entry entry);
  std::mutex mutex_;
  std::vector<Entry> queued_;
};

// On the JS thread: passes the queued warnings to the function set by setWarningSink, in the order
// they were raised. A warning the sink throws for (a filter turned into an error) is thrown to JS.
void emitNativeWarnings(AddonState& state);

}  // namespace torchts
