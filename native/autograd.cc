// Autograd: backward, autograd.grad, grad mode and per-tensor autograd properties.
#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/function.h>
#include "call.h"

namespace torchts {

// PyTorch's wording for requires_grad on an integer tensor: the property setter's, and
// requires_grad_()'s (the same on 1.13 and 2.6).
const char* const kRequiresGradDtypeMessage = "only Tensors of floating point and complex dtype can require gradients";
const char* const kRequiresGradMethodMessage = "only Tensors of floating point dtype can require gradients";

namespace {

std::vector<at::Tensor> tensorList(Args& a, int i, const char* what) {
  std::vector<at::Tensor> out;
  if (!a.has(i)) return out;
  v8::Local<v8::Context> ctx = a.isolate()->GetCurrentContext();
  if (!a[i]->IsArray()) throwTypeError(std::string("Expected an array of Tensors for ") + what);
  v8::Local<v8::Array> arr = a[i].As<v8::Array>();
  for (uint32_t k = 0; k < arr->Length(); k++) {
    v8::Local<v8::Value> v = orThrow(arr->Get(ctx, k));
    if (v->IsNull() || v->IsUndefined()) { out.emplace_back(); continue; }
    TensorBox* box = unwrapBox(v);
    if (box == nullptr) throwTypeError(std::string("Expected Tensor in ") + what + " but received " + describeValue(a.isolate(), v));
    if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
    out.push_back(box->tensor);
  }
  return out;
}

c10::optional<bool> optBool(Args& a, int i) {
  if (!a.has(i)) return c10::nullopt;
  return a.boolean(i);
}

// backward(tensors[], grads[]|null, retain_graph|null, create_graph, inputs[]|null)
void Backward(const Info& info) {
  guarded(info, [](Args& a) {
    auto tensors = tensorList(a, 0, "tensors");
    auto grads = tensorList(a, 1, "grad_tensors");
    auto inputs = tensorList(a, 4, "inputs");
    auto sizeStr = [](at::IntArrayRef s) {
      std::string out = "torch.Size([";
      for (size_t i = 0; i < s.size(); i++) out += (i ? ", " : "") + std::to_string(s[i]);
      return out + "])";
    };
    for (size_t k = 0; k < tensors.size(); k++) {
      bool given = k < grads.size() && grads[k].defined();
      if (given && grads[k].sizes() != tensors[k].sizes())
        throw c10::Error({__func__, __FILE__, __LINE__}, "Mismatch in shape: grad_output[" + std::to_string(k) + "] has a shape of " +
                         sizeStr(grads[k].sizes()) + " and output[" + std::to_string(k) + "] has a shape of " + sizeStr(tensors[k].sizes()) + ".");
      if (!given && tensors[k].requires_grad() && tensors[k].numel() != 1)
        throw c10::Error({__func__, __FILE__, __LINE__}, "grad can be implicitly created only for scalar outputs");
    }
    torch::autograd::backward(tensors, grads, optBool(a, 2), a.has(3) && a.boolean(3), inputs);
  });
}

// grad(outputs[], inputs[], grad_outputs[]|null, retain_graph|null, create_graph, allow_unused) -> (Tensor|null)[]
void Grad(const Info& info) {
  guarded(info, [](Args& a) {
    auto outputs = tensorList(a, 0, "outputs");
    auto inputs = tensorList(a, 1, "inputs");
    auto gradOutputs = tensorList(a, 2, "grad_outputs");
    // Unused inputs are checked here, as Python's engine binding does, for Python's one message on
    // every LibTorch (2.x's C++ check words it "element <i>of the differentiated Tensors ...").
    auto result = torch::autograd::grad(outputs, inputs, gradOutputs, optBool(a, 3), a.has(4) && a.boolean(4), /*allow_unused=*/true);
    bool allowUnused = a.has(5) && a.boolean(5);
    for (const at::Tensor& t : result) {
      if (!allowUnused && !t.defined())
        throw c10::Error({__func__, __FILE__, __LINE__}, "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.");
    }
    std::vector<v8::Local<v8::Value>> values;
    for (const at::Tensor& t : result) values.push_back(t.defined() ? wrapTensor(a.state(), t).As<v8::Value>() : v8::Null(a.isolate()).As<v8::Value>());
    a.ret(v8::Array::New(a.isolate(), values.data(), values.size()).As<v8::Value>());
  });
}

void SetGradEnabled(const Info& info) {
  guarded(info, [](Args& a) {
    bool previous = c10::GradMode::is_enabled();
    c10::GradMode::set_enabled(a.boolean(0));
    a.ret(previous);
  });
}
void IsGradEnabled(const Info& info) {
  guarded(info, [](Args& a) { a.ret(c10::GradMode::is_enabled()); });
}

void RequiresGrad(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.tensor(0).requires_grad()); });
}
// setRequiresGrad(t, flag, viaMethod)
void SetRequiresGrad(const Info& info) {
  guarded(info, [](Args& a) {
    const at::Tensor& t = a.tensor(0);
    bool flag = a.boolean(1);
    if (!t.is_leaf() && !flag)
      throw c10::Error({__func__, __FILE__, __LINE__}, "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    if (flag && !(at::isFloatingType(t.scalar_type()) || at::isComplexType(t.scalar_type())))
      throw c10::Error({__func__, __FILE__, __LINE__}, a.has(2) && a.boolean(2) ? kRequiresGradMethodMessage : kRequiresGradDtypeMessage);
    const_cast<at::Tensor&>(t).set_requires_grad(flag);
  });
}
void GetGrad(const Info& info) {
  guarded(info, [](Args& a) {
    const at::Tensor& g = a.tensor(0).grad();
    if (g.defined()) a.ret(g);
    else a.ret(v8::Null(a.isolate()).As<v8::Value>());
  });
}
void SetGrad(const Info& info) {
  guarded(info, [](Args& a) {
    const at::Tensor& t = a.tensor(0);
    if (!a.has(1)) {
      const_cast<at::Tensor&>(t).mutable_grad().reset();
      return;
    }
    const at::Tensor& g = a.tensor(1);
    TORCH_CHECK(g.sizes() == t.sizes(), "assigned grad has data of a different size");
    TORCH_CHECK(g.scalar_type() == t.scalar_type(), "assigned grad has data of a different type");
    TORCH_CHECK(g.device() == t.device(), "assigned grad has data located on a different device");
    const_cast<at::Tensor&>(t).mutable_grad() = g;
  });
}
void IsLeaf(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.tensor(0).is_leaf()); });
}
void GradFnName(const Info& info) {
  guarded(info, [](Args& a) {
    const auto& fn = a.tensor(0).grad_fn();
    if (fn) a.ret(v8::String::NewFromUtf8(a.isolate(), fn->name().c_str()).ToLocalChecked().As<v8::Value>());
    else a.ret(v8::Null(a.isolate()).As<v8::Value>());
  });
}
void RetainGrad(const Info& info) {
  guarded(info, [](Args& a) { a.tensor(0).retain_grad(); });
}
void ManualSeed(const Info& info) {
  guarded(info, [](Args& a) {
    double seed = a.number(0);
    at::manual_seed(static_cast<uint64_t>(static_cast<int64_t>(seed)));
  });
}
// torch.get_rng_state / set_rng_state: the CPU generator's state as a uint8 tensor (PyTorch's layout).
void GetRngState(const Info& info) {
  guarded(info, [](Args& a) {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    a.ret(gen.get_state());
  });
}
void SetRngState(const Info& info) {
  guarded(info, [](Args& a) {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(a.tensor(0));
  });
}
void InitialSeed(const Info& info) {
  guarded(info, [](Args& a) { a.ret(static_cast<double>(at::detail::getDefaultCPUGenerator().current_seed())); });
}

}  // namespace

void registerAutograd(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"backward", Backward},
    {"grad", Grad},
    {"setGradEnabled", SetGradEnabled},
    {"isGradEnabled", IsGradEnabled},
    {"requiresGrad", RequiresGrad},
    {"setRequiresGrad", SetRequiresGrad},
    {"getGrad", GetGrad},
    {"setGrad", SetGrad},
    {"isLeaf", IsLeaf},
    {"gradFnName", GradFnName},
    {"retainGrad", RetainGrad},
    {"manualSeed", ManualSeed},
    {"initialSeed", InitialSeed},
    {"getRngState", GetRngState},
    {"setRngState", SetRngState},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
