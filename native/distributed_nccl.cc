// torch.distributed's NCCL backend: c10d's ProcessGroupNCCL, bound only in CUDA builds of LibTorch
// that have it (libtorch_cuda linked: TORCHTS_CUDA_RUNTIME) and NCCL's header (libnccl-dev). Its
// collectives, Work handles and DDP's reducer are distributed.cc's, shared with Gloo. Other builds
// compile the answer "not built in", as PyTorch's CPU builds give it.
#include "distributed.h"

#ifdef TORCHTS_HAS_GLOO
#if defined(TORCHTS_CUDA_RUNTIME) && __has_include(<nccl.h>) && __has_include(<torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>)
#define TORCHTS_HAS_NCCL 1
// ProcessGroupNCCL.hpp declares its class only under USE_C10D_NCCL, as PyTorch's build defines it.
#ifndef USE_C10D_NCCL
#define USE_C10D_NCCL 1
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace torchts {

#ifdef TORCHTS_HAS_NCCL
static_assert(std::is_base_of<GroupBase, c10d::ProcessGroupNCCL>::value, "ProcessGroupNCCL and ProcessGroupGloo share a base class");

bool ncclAvailable() { return true; }

c10::intrusive_ptr<GroupBase> newNccl(const c10::intrusive_ptr<c10d::Store>& store, int rank, int size, std::chrono::milliseconds timeout) {
  auto opts = c10d::ProcessGroupNCCL::Options::create();
  opts->timeout = timeout;
  // Without a GPU the constructor throws PyTorch's own "ProcessGroupNCCL is only supported with GPUs".
  return c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, size, opts);
}
#else
bool ncclAvailable() { return false; }

c10::intrusive_ptr<GroupBase> newNccl(const c10::intrusive_ptr<c10d::Store>&, int, int, std::chrono::milliseconds) {
  TORCH_CHECK(false, "Distributed package doesn't have NCCL built in");
}
#endif

}  // namespace torchts
#endif
