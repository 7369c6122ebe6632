// Per-environment addon state (one per Node environment, so the addon loads in worker_threads).
#pragma once
#include <v8.h>
#include <cstdint>
#include <memory>
#include <thread>
#include <utility>
#include <unordered_map>
#include <vector>
#include "warnings.h"

namespace torchts {

struct TensorBox;

// Live native tensor memory as seen by this environment; drives the collection policy in tensor_wrap.cc.
struct MemoryLedger {
  int64_t liveCount = 0;
  int64_t liveBytes = 0;
  int64_t bytesSinceCollection = 0;
  int64_t tensorsSinceCollection = 0;
  // A young-generation collection costs ~500k instructions here whatever it frees (root scanning
  // of Node's startup object cache), while the tensors it finds dead wait for it in memory. Collect
  // every 4 MB (large tensors stay in L3) or 2048 tensors, whichever comes first: with paced frees
  // (tensor_wrap.cc) 2048 measured faster for 10-element ops than 1024 or 4096 (interleaved runs).
  // The byte budget grows while tensors survive two young collections (tensor_wrap.cc, promotion).
  static constexpr int64_t kBaseMinorBudget = 4 << 20;
  static constexpr int64_t kMaxMinorBudget = 32 << 20;
  int64_t minorBudget = kBaseMinorBudget;  // bytes created between forced young-generation collections
  int64_t minorCount = 2048;             // tensors created between forced young-generation collections
  static constexpr int64_t kMinFullCollectionBytes = 64 << 20;  // see tensor_wrap.cc
  static constexpr int64_t kHardFullCollectionBytes = 512 << 20;
  int64_t fullCollectionAt = kMinFullCollectionBytes;       // live bytes that allow a full collection
  int64_t fullCollectionHardAt = kHardFullCollectionBytes;  // ... and that force one, however recent the last
  int64_t nextFullAllowedCpuNs = 0;  // thread CPU time before which no full collection runs (tensor_wrap.cc)
  // Live bytes and bytes created per epoch (the time between two young collections), for the last
  // kEpochs epochs; collections in a row that promoted next to nothing; which recent ones promoted.
  static constexpr uint32_t kEpochs = 4;
  int64_t epochLiveBytes[kEpochs] = {};
  int64_t epochCreatedBytes[kEpochs] = {};
  int64_t quietCollections = 0;
  uint32_t promotingCollections = 0;  // a bit per recent collection, 1 where it promoted over 2%
  // Collected tensors waiting to be freed (see tensor_wrap.cc, "paced frees").
  int64_t pendingCount = 0;
  int64_t pendingBytes = 0;
  int64_t minorCollections = 0;
  int64_t fullCollections = 0;
  bool collecting = false;
};

// Tensors created while a torch.tidy scope is current; entries whose box was recycled since are skipped.
struct TidyScope {
  int64_t parent;                                      // scope current when this one began (0: none)
  std::vector<std::pair<TensorBox*, uint32_t>> boxes;  // (box, generation at creation)
};

struct AddonState {
  v8::Isolate* isolate = nullptr;
  std::thread::id jsThread;                      // the thread this environment's JS runs on
  v8::Global<v8::FunctionTemplate> tensorClass;  // native base of the TS Tensor class
  v8::Global<v8::ObjectTemplate> tensorInstance; // its instance template (2 internal fields)
  v8::Global<v8::Object> blankTensor;            // an empty instance that wrapTensor clones
  // Blank instances of the tensor shapes that unwrapTensorArg recognises inline (plain tensors,
  // nn.Parameter), and their map words, re-read after every compacting GC (tensor_wrap.cc).
  v8::Global<v8::Object> shapeSamples[2];
  uintptr_t tensorMaps[2] = {0, 0};
  bool directFieldStore = false;   // setBoxField may write internal field 0 itself (tensor_wrap.h)
  v8::Global<v8::Function> torchError;           // TS TorchError constructor, set by setup()
  // The caller realm's TypeError/RangeError (under jest's vm contexts they differ from the addon's).
  v8::Global<v8::Function> typeError;
  v8::Global<v8::Function> rangeError;
  // LibTorch's warnings raised by this environment's work, and the JS function they go to (warnings.h).
  WarningQueue warnings;
  std::unique_ptr<WarningHandlerGuard> warningsOnJsThread;  // from module init to the environment's cleanup
  v8::Global<v8::Function> warningSink;
  MemoryLedger memory;
  TensorBox* liveHead = nullptr;                  // intrusive list of every live box, freed at teardown
  TensorBox* freeBoxes = nullptr;                 // recycled boxes
  TensorBox* pendingFree = nullptr;               // collected boxes whose tensor is freed at the next wraps
  // Open torch.tidy scopes by id. Async scopes overlap, so the scope new tensors join is not the
  // innermost one but the current one, which JS sets per async continuation (lib/memory.ts).
  // Map nodes never move, so currentScope stays valid until its scope closes.
  std::unordered_map<int64_t, TidyScope> scopes;
  int64_t currentScopeId = 0;
  TidyScope* currentScope = nullptr;
  int64_t nextScopeId = 1;
};

}  // namespace torchts
