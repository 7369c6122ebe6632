// Tensor.register_hook and Tensor.register_post_accumulate_grad_hook: JS functions LibTorch's
// autograd engine calls with a gradient (js_callback.h says on which thread); hooks on a tensor's
// grad_fn node (Module.register_backward_hook's) and the node identities its checks compare.
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/functions/accumulate_grad.h>
#include <torch/csrc/autograd/variable.h>
#include <torch/version.h>
#include <algorithm>
#include <type_traits>
#include "js_callback.h"

// PyTorch 2.1+ keeps a leaf's post-accumulate-grad hooks on the tensor (its autograd meta), as
// Python's register_post_accumulate_grad_hook does: they follow the TensorImpl (swap_tensors) and
// keep no gradient accumulator alive. Before, they are post hooks of the accumulator.
#define TORCHTS_TENSOR_POST_ACC_HOOKS (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1))

namespace torchts {

namespace {

// Python's legacy type name of a tensor, as PyTorch's hook messages print it: torch.cuda.FloatTensor.
std::string legacyTypeName(const at::Tensor& t) {
  return std::string("torch.") + (t.is_cuda() ? "cuda." : "") + c10::toString(t.scalar_type()) + "Tensor";
}

// PyTorch's checks of a gradient a hook returned (python_hook.cpp), with its messages.
void checkHookResult(const at::Tensor& original, const at::Tensor& result, const std::string& name) {
  TORCH_CHECK(original.options().type_equal(result.options()), "hook '", name, "' has changed the type of value (was ",
              legacyTypeName(original), " got ", legacyTypeName(result), ")");
  TORCH_CHECK(original.is_cuda() == result.is_cuda(), "hook '", name, "' has changed the type of value",
              original.is_cuda() ? " (was CUDA tensor got CPU tensor)" : " (was CPU tensor got CUDA tensor)");
  TORCH_CHECK(original.sizes() == result.sizes(), "hook '", name, "' has changed the size of value");
}

// registerHook(t, hook, name) -> handle: hook(grad) may return a replacement gradient (else
// null/undefined), checked with PyTorch's messages, which name the hook.
void RegisterHook(const Info& info) {
  guarded(info, [](Args& a) {
    releaseOrphanedCallbacks(a.state());
    const at::Tensor& t = a.tensor(0);
    if (!a[1]->IsFunction()) throwTypeError("Expected a function for hook but received " + describeValue(a.isolate(), a[1]));
    auto callback = std::make_shared<JsCallback>(a.state(), a[1].As<v8::Function>(), "a tensor hook");
    std::string name = a.string(2);
    unsigned handle = t.register_hook([callback, name](const at::Tensor& grad) {
      at::Tensor replacement;
      AddonState& state = callback->state();
      callback->call([&]() { return std::vector<v8::Local<v8::Value>>{wrapTensor(state, grad)}; },
                     [&](v8::Local<v8::Value> value) {
                       if (value->IsNull() || value->IsUndefined()) return;
                       TensorBox* box = unwrapBox(value);
                       TORCH_CHECK_TYPE(box != nullptr && box->tensor.defined(), "expected Variable, but hook returned '", describeValue(state.isolate, value), "'");
                       TORCH_CHECK(grad.defined(), "can't replace a None gradient with a non-None value");
                       checkHookResult(grad, box->tensor, name);
                       replacement = box->tensor;
                     });
      return replacement;
    });
    a.ret(static_cast<double>(handle));
  });
}

void RemoveHook(const Info& info) {
  guarded(info, [](Args& a) { a.tensor(0).remove_hook(static_cast<unsigned>(a.integer(1))); });
}

// A hook slot shared by the accumulator's post hook and the JS handle; removing the hook empties it.
struct HookSlot {
  std::shared_ptr<JsCallback> callback;
};

// Runs after the gradient accumulator of a leaf has updated its .grad.
struct PostAccumulateGradHook : torch::autograd::FunctionPostHook {
  std::shared_ptr<HookSlot> slot;
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                            const torch::autograd::variable_list& inputs) override {
    if (slot->callback) slot->callback->call([]() { return std::vector<v8::Local<v8::Value>>{}; }, [](v8::Local<v8::Value>) {});
    return outputs;
  }
};

#if TORCHTS_TENSOR_POST_ACC_HOOKS
// A tensor's post-accumulate-grad hooks in registration order (LibTorch holds one such object per tensor).
struct TensorPostAccumulateGradHooks : torch::autograd::PostAccumulateGradHook {
  std::vector<std::shared_ptr<HookSlot>> slots;
  void operator()(const torch::autograd::Variable&) override {
    std::vector<std::shared_ptr<HookSlot>> now = slots;  // a hook may register another
    for (const auto& slot : now)
      if (slot->callback) slot->callback->call([]() { return std::vector<v8::Local<v8::Value>>{}; }, [](v8::Local<v8::Value>) {});
  }
};

// Adds `slot` to the hooks held by `t`'s autograd meta.
void addTensorPostAccumulateGradHook(const at::Tensor& t, std::shared_ptr<HookSlot> slot) {
  auto& held = torch::autograd::impl::post_acc_grad_hooks(t);
  auto* hooks = dynamic_cast<TensorPostAccumulateGradHooks*>(held.get());
  if (hooks == nullptr) {
    auto fresh = std::make_unique<TensorPostAccumulateGradHooks>();
    hooks = fresh.get();
    torch::autograd::impl::set_post_acc_grad_hooks(t, std::move(fresh));
  }
  // Removed hooks leave empty slots: drop them as new ones come.
  hooks->slots.erase(std::remove_if(hooks->slots.begin(), hooks->slots.end(), [](const auto& s) { return !s->callback; }), hooks->slots.end());
  hooks->slots.push_back(std::move(slot));
}
#endif

// The JS handle of a post-accumulate-grad hook. Before PyTorch 2.1 a tensor holds its gradient
// accumulator only weakly, so the handle (kept by the JS tensor) keeps it, and with it the hook, alive.
struct AccumulatorHandle {
  std::decay_t<decltype(torch::autograd::impl::grad_accumulator(std::declval<const at::Tensor&>()))> accumulator;
  std::shared_ptr<HookSlot> slot;
  v8::Global<v8::External> self;
};

void onHandleCollected(const v8::WeakCallbackInfo<AccumulatorHandle>& data) {
  data.GetParameter()->self.Reset();
  // Freeing the accumulator releases the hook's JS function: not allowed in the first pass.
  data.SetSecondPassCallback([](const v8::WeakCallbackInfo<AccumulatorHandle>& second) {
    std::unique_ptr<AccumulatorHandle> owned(second.GetParameter());
  });
}

// registerPostAccumulateGradHook(leaf, fn) -> handle; fn() runs after each accumulation into leaf.grad.
void RegisterPostAccumulateGradHook(const Info& info) {
  guarded(info, [](Args& a) {
    releaseOrphanedCallbacks(a.state());
    const at::Tensor& t = a.tensor(0);
    if (!a[1]->IsFunction()) throwTypeError("Expected a function for hook but received " + describeValue(a.isolate(), a[1]));
    TORCH_CHECK(!t.grad_fn(), "post accumulate grad hooks cannot be registered on non-leaf tensors");
    auto handle = std::make_unique<AccumulatorHandle>();
    handle->slot = std::make_shared<HookSlot>();
    handle->slot->callback = std::make_shared<JsCallback>(a.state(), a[1].As<v8::Function>(), "a post accumulate grad hook");
#if TORCHTS_TENSOR_POST_ACC_HOOKS
    addTensorPostAccumulateGradHook(t, handle->slot);
#else
    handle->accumulator = torch::autograd::impl::grad_accumulator(t);
    TORCH_CHECK(handle->accumulator, "post accumulate grad hooks cannot be registered on non-leaf tensors");
    auto hook = std::make_unique<PostAccumulateGradHook>();
    hook->slot = handle->slot;
    handle->accumulator->add_post_hook(std::move(hook));
#endif
    v8::Local<v8::External> external = v8::External::New(a.isolate(), handle.get());
    handle->self.Reset(a.isolate(), external);
    handle->self.SetWeak(handle.get(), onHandleCollected, v8::WeakCallbackType::kParameter);
    handle.release();  // owned by the weak handle from here on
    a.ret(external.As<v8::Value>());
  });
}

void RemovePostAccumulateGradHook(const Info& info) {
  guarded(info, [](Args& a) {
    if (!a[0]->IsExternal()) throwTypeError("Expected a hook handle");
    static_cast<AccumulatorHandle*>(a[0].As<v8::External>()->Value())->slot->callback.reset();
  });
}


// A pre-hook that fails the backward pass that reaches it (torch.utils.swap_tensors' error_pre_hook).
struct PoisonPreHook : torch::autograd::FunctionPreHook {
  std::string message;
  explicit PoisonPreHook(std::string m) : message(std::move(m)) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& grads) override {
    TORCH_CHECK(false, message);
    return grads;
  }
};

// poisonGradAccumulator(leaf, message) -> whether the leaf had a gradient accumulator (without
// creating one); if so, running it from now on raises `message`.
void PoisonGradAccumulator(const Info& info) {
  guarded(info, [](Args& a) {
    auto accumulator = torch::autograd::impl::try_get_grad_accumulator(a.tensor(0));
    if (accumulator) accumulator->add_pre_hook(std::make_unique<PoisonPreHook>(a.string(1)));
    a.ret(static_cast<bool>(accumulator));
  });
}

// Python's identity of an autograd node (grad_fn objects compare by the node they wrap).
v8::Local<v8::Value> nodeKey(v8::Isolate* iso, const torch::autograd::Node* node) {
  if (node == nullptr) return v8::Null(iso);
  return v8::String::NewFromUtf8(iso, std::to_string(reinterpret_cast<uintptr_t>(node)).c_str()).ToLocalChecked();
}

// gradFnKey(t) -> the identity of t.grad_fn, or null for a leaf.
void GradFnKey(const Info& info) {
  guarded(info, [](Args& a) { a.ret(nodeKey(a.isolate(), a.tensor(0).grad_fn().get())); });
}

// gradFnNextKeys(t) -> the identities of t.grad_fn.next_functions' nodes (null where an edge is unset).
void GradFnNextKeys(const Info& info) {
  guarded(info, [](Args& a) {
    const auto& fn = a.tensor(0).grad_fn();
    TORCH_CHECK(fn, "the tensor has no grad_fn");
    std::vector<v8::Local<v8::Value>> keys;
    for (const auto& edge : fn->next_edges()) keys.push_back(nodeKey(a.isolate(), edge.function.get()));
    a.ret(v8::Array::New(a.isolate(), keys.data(), keys.size()).As<v8::Value>());
  });
}

// A JS function run after a node computed its gradients, as grad_fn.register_hook's hooks:
// hook(grad_inputs, grad_outputs) may return replacement grad_inputs, checked as PyTorch's
// PyFunctionPostHook checks them (python_hook.cpp), with its messages.
struct JsNodePostHook : torch::autograd::FunctionPostHook {
  std::shared_ptr<JsCallback> callback;
  std::string name;
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                            const torch::autograd::variable_list& inputs) override {
    torch::autograd::variable_list result = outputs;
    AddonState& state = callback->state();
    callback->call(
        [&]() {
          v8::Isolate* iso = state.isolate;
          auto toArray = [&](const torch::autograd::variable_list& ts) {
            std::vector<v8::Local<v8::Value>> values;
            for (const at::Tensor& t : ts) values.push_back(t.defined() ? wrapTensor(state, t).As<v8::Value>() : v8::Null(iso).As<v8::Value>());
            return v8::Array::New(iso, values.data(), values.size()).As<v8::Value>();
          };
          return std::vector<v8::Local<v8::Value>>{toArray(outputs), toArray(inputs)};
        },
        [&](v8::Local<v8::Value> value) {
          if (value->IsNull() || value->IsUndefined()) return;
          TORCH_CHECK_TYPE(value->IsArray(), "expected tuple, but hook returned '", describeValue(state.isolate, value), "'");
          v8::Local<v8::Array> arr = value.As<v8::Array>();
          TORCH_CHECK(arr->Length() == outputs.size(), "hook '", name, "' has returned an incorrect number of values (got ", arr->Length(),
                      ", but expected ", outputs.size(), ")");
          v8::Local<v8::Context> context = state.isolate->GetCurrentContext();
          for (uint32_t i = 0; i < arr->Length(); i++) {
            v8::Local<v8::Value> v = orThrow(arr->Get(context, i));
            if (v->IsNull() || v->IsUndefined()) {
              result[i] = at::Tensor();
              continue;
            }
            TORCH_CHECK(outputs[i].defined(), "can't replace a None gradient with a non-None value");
            TensorBox* box = unwrapBox(v);
            TORCH_CHECK_TYPE(box != nullptr && box->tensor.defined(), "expected Variable, but hook returned '", describeValue(state.isolate, v), "'");
            checkHookResult(outputs[i], box->tensor, name);
            result[i] = box->tensor;
          }
        });
    return result;
  }
};

// gradFnRegisterHook(t, hook, name): adds hook to t.grad_fn's post hooks, for the node's lifetime.
void GradFnRegisterHook(const Info& info) {
  guarded(info, [](Args& a) {
    releaseOrphanedCallbacks(a.state());
    const auto& fn = a.tensor(0).grad_fn();
    TORCH_CHECK(fn, "the tensor has no grad_fn");
    if (!a[1]->IsFunction()) throwTypeError("Expected a function for hook but received " + describeValue(a.isolate(), a[1]));
    auto hook = std::make_unique<JsNodePostHook>();
    hook->callback = std::make_shared<JsCallback>(a.state(), a[1].As<v8::Function>(), "a grad_fn hook");
    hook->name = a.string(2);
    fn->add_post_hook(std::move(hook));
  });
}

}  // namespace

void registerTensorHooks(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"registerHook", RegisterHook},
    {"removeHook", RemoveHook},
    {"registerPostAccumulateGradHook", RegisterPostAccumulateGradHook},
    {"removePostAccumulateGradHook", RemovePostAccumulateGradHook},
    {"gradFnKey", GradFnKey},
    {"gradFnNextKeys", GradFnNextKeys},
    {"gradFnRegisterHook", GradFnRegisterHook},
    {"poisonGradAccumulator", PoisonGradAccumulator},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
