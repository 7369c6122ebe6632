// Pre-call checks for operators whose LibTorch kernels crash or hang on some inputs (input_guards.cc).
#pragma once
#include <ATen/core/ivalue.h>
#include <ATen/core/operator_name.h>
#include <vector>

namespace torchts {

// Runs on the op's filled argument stack: throws c10::Error for inputs the kernel cannot take, or
// returns true after leaving the op's result on the stack itself; false lets the kernel run.
using InputGuard = bool (*)(std::vector<c10::IValue>& stack);

// The guard registered for `op`, or null.
InputGuard findInputGuard(const c10::OperatorName& op);

}  // namespace torchts
