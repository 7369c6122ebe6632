// c10d types shared by the distributed TUs (distributed.cc: stores, Gloo, Work, DDP's reducer;
// distributed_nccl.cc: the NCCL process group of CUDA builds). Everything here exists only when
// Gloo's headers do (Debian's libgloo-dev): without them torch.distributed is unavailable.
#pragma once

#if __has_include(<gloo/config.h>) && __has_include(<torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>)
#define TORCHTS_HAS_GLOO 1
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO 1
#endif
#include <torch/csrc/autograd/engine.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupWrapper.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>

namespace torchts {

// The collectives' common base class: ProcessGroup in 1.13, Backend in 2.x.
using GroupBase = std::conditional_t<std::is_base_of<c10d::Backend, c10d::ProcessGroupGloo>::value, c10d::Backend, c10d::ProcessGroup>;

// Whether this build binds c10d's ProcessGroupNCCL (a CUDA LibTorch with NCCL's headers).
bool ncclAvailable();
// A ProcessGroupNCCL on `store`; without NCCL, PyTorch's "doesn't have NCCL built in" error.
c10::intrusive_ptr<GroupBase> newNccl(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size, std::chrono::milliseconds timeout);

}  // namespace torchts
#endif
