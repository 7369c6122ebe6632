// Forward-mode AD levels (torch._C._enter_dual_level / _exit_dual_level) and the thread's forward
// grad mode, which a custom Function's forward runs without, as THPFunction_apply does. Dual
// tensors themselves are ATen operators (_make_dual, _unpack_dual) reached through the dispatcher.
#include <c10/core/GradMode.h>
#include <torch/csrc/autograd/autograd.h>
#include "call.h"

namespace torchts {

namespace {

void EnterDualLevel(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(torch::autograd::forward_ad::enter_dual_level())); });
}

// exitDualLevel(level): Python's binding reads the level as a signed int first.
void ExitDualLevel(const Info& info) {
  guarded(info, [](Args& a) {
    int64_t level = a.integer(0);
    TORCH_CHECK(level >= 0, "Dual level must be a positive number.");
    torch::autograd::forward_ad::exit_dual_level(static_cast<uint64_t>(level));
  });
}

// setFwGradEnabled(enabled) -> the previous mode.
void SetFwGradEnabled(const Info& info) {
  guarded(info, [](Args& a) {
    c10::AutogradState& state = c10::AutogradState::get_tls_state();
    bool previous = state.get_fw_grad_mode();
    state.set_fw_grad_mode(a.boolean(0));
    a.ret(previous);
  });
}

}  // namespace

void registerForwardAD(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"enterDualLevel", EnterDualLevel},
    {"exitDualLevel", ExitDualLevel},
    {"setFwGradEnabled", SetFwGradEnabled},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
