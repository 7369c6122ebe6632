// torch.autograd.Function: a graph node whose backward is a JS function. forward runs in JS under
// no_grad; functionApply then attaches a JsFunctionNode to its outputs with LibTorch's own
// _wrap_outputs (dirty inputs, non-differentiable outputs, inputs returned as outputs), as
// PyTorch's THPFunction_apply does, and keeps the tensors saved for backward as SavedVariables
// (released with the graph, checked against in-place changes).
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/basic_ops.h>
#include <torch/csrc/autograd/saved_variable.h>
#include <torch/version.h>
#include <type_traits>
#include <unordered_set>
#include "js_callback.h"

namespace torchts {

namespace {

using torch::autograd::Node;
using torch::autograd::SavedVariable;
using torch::autograd::Variable;
using torch::autograd::variable_list;
// LibTorch up to 2.x holds graph nodes in std::shared_ptr, later releases in c10::intrusive_ptr.
using NodePtr = std::decay_t<decltype(std::declval<const at::TensorBase&>().grad_fn())>;
#if TORCH_VERSION_MAJOR >= 2
using OptionalTensor = std::optional<at::Tensor>;
#else
using OptionalTensor = c10::optional<at::Tensor>;
#endif

template <class N>
NodePtr makeNode() {
  if constexpr (std::is_same_v<NodePtr, std::shared_ptr<Node>>) return std::make_shared<N>();
  else return c10::make_intrusive<N>();
}
// The node's owning pointer from inside it (1.13 has no getptr()).
template <class N>
auto selfPointer(N* node, int) -> decltype(node->getptr()) { return node->getptr(); }
template <class N>
NodePtr selfPointer(N* node, long) { return node->shared_from_this(); }

// A JS array of the tensors, null for undefined ones.
v8::Local<v8::Value> tensorsToArray(AddonState& state, const std::vector<at::Tensor>& ts) {
  std::vector<v8::Local<v8::Value>> values;
  for (const at::Tensor& t : ts) values.push_back(t.defined() ? wrapTensor(state, t).As<v8::Value>() : v8::Null(state.isolate).As<v8::Value>());
  return v8::Array::New(state.isolate, values.data(), values.size()).As<v8::Value>();
}

// The gradients a JS backward (or jvp) returned: an array of Tensors or null, `expected` long
// when expected >= 0 (backward's count check, in PyTorch's words for the function `name`).
variable_list gradientsFromJs(AddonState& state, v8::Local<v8::Value> value, const std::string& what, int64_t expected, const std::string& name) {
  TORCH_CHECK_TYPE(value->IsArray(), what, " returned ", describeValue(state.isolate, value), ", not a list of gradients");
  v8::Local<v8::Array> arr = value.As<v8::Array>();
  TORCH_CHECK(expected < 0 || static_cast<int64_t>(arr->Length()) == expected, "function ", name, " returned an incorrect number of gradients (expected ",
              expected, ", got ", arr->Length(), ")");
  v8::Local<v8::Context> context = state.isolate->GetCurrentContext();
  variable_list result;
  for (uint32_t i = 0; i < arr->Length(); i++) {
    v8::Local<v8::Value> v = orThrow(arr->Get(context, i));
    if (v->IsNull() || v->IsUndefined()) {
      result.emplace_back();
      continue;
    }
    TensorBox* box = unwrapBox(v);
    TORCH_CHECK_TYPE(box != nullptr, what, " returned ", describeValue(state.isolate, v), " as gradient ", i, ", not a Tensor or null");
    TORCH_CHECK_TYPE(box->tensor.defined(), what, " returned a disposed Tensor as gradient ", i);
    result.push_back(box->tensor);
  }
  return result;
}

struct JsFunctionNode : Node {
  std::string name_;
  std::unique_ptr<JsCallback> backward_;
  std::vector<SavedVariable> saved_;
  std::vector<c10::optional<torch::autograd::VariableInfo>> outputInfo_;  // per output; empty for non-tensors
  bool materializeGrads_ = true;

  std::string name() const override { return name_; }

  void release_variables() override {
    for (SavedVariable& v : saved_) v.reset_data();
  }

  variable_list apply(variable_list&& grads) override {
    NodePtr self = selfPointer(this, 0);
    std::vector<at::Tensor> saved;
    saved.reserve(saved_.size());
    for (const SavedVariable& v : saved_) saved.push_back(v.unpack(self));
    if (materializeGrads_) {
      at::OptionalDeviceGuard guard;
      for (size_t i = 0; i < grads.size() && i < outputInfo_.size(); i++)
        if (!grads[i].defined() && outputInfo_[i]) grads[i] = outputInfo_[i]->zeros(guard);
    }
    AddonState& state = backward_->state();
    variable_list result;
    backward_->call([&]() { return std::vector<v8::Local<v8::Value>>{tensorsToArray(state, grads), tensorsToArray(state, saved)}; },
                    [&](v8::Local<v8::Value> value) { result = gradientsFromJs(state, value, name_ + ".backward", num_outputs(), name_); });
    return result;
  }
};

std::vector<at::Tensor> tensorArray(Args& a, int i, const char* what, bool nullable) {
  std::vector<at::Tensor> out;
  if (!a[i]->IsArray()) throwTypeError(std::string("Expected an array for ") + what);
  v8::Local<v8::Array> arr = a[i].As<v8::Array>();
  v8::Local<v8::Context> context = a.isolate()->GetCurrentContext();
  for (uint32_t k = 0; k < arr->Length(); k++) {
    v8::Local<v8::Value> v = orThrow(arr->Get(context, k));
    if (nullable && (v->IsNull() || v->IsUndefined())) {
      out.emplace_back();
      continue;
    }
    TensorBox* box = unwrapBox(v);
    if (box == nullptr) throwTypeError(std::string("Expected a Tensor in ") + what + " but received " + describeValue(a.isolate(), v));
    if (!box->tensor.defined()) throwTypeError("Tensor has been disposed");
    out.push_back(box->tensor);
  }
  return out;
}

std::unordered_set<at::TensorImpl*> implSet(const std::vector<at::Tensor>& ts) {
  std::unordered_set<at::TensorImpl*> out;
  for (const at::Tensor& t : ts) out.insert(t.unsafeGetTensorImpl());
  return out;
}

using JvpFn = std::function<variable_list(variable_list, variable_list)>;

std::vector<OptionalTensor> wrapOutputs(const variable_list& inputs, const std::vector<at::Tensor>& nonDifferentiable,
                                        const std::vector<at::Tensor>& dirty, const std::vector<at::Tensor>& outputs, const NodePtr& node,
                                        const JvpFn& jvp) {
  std::vector<OptionalTensor> raw;
  for (const at::Tensor& t : outputs) raw.push_back(t.defined() ? OptionalTensor(t) : OptionalTensor());
  auto viewAsSelf = [](at::Tensor x) { return x.view_as(x); };
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 14)
  NodePtr attached;
  return torch::autograd::_wrap_outputs(inputs, implSet(nonDifferentiable), implSet(dirty), raw, node, jvp, {}, viewAsSelf, false, attached);
#elif TORCH_VERSION_MAJOR >= 2
  return torch::autograd::_wrap_outputs(inputs, implSet(nonDifferentiable), implSet(dirty), raw, node, jvp, {}, viewAsSelf);
#else
  (void)viewAsSelf;
  return torch::autograd::_wrap_outputs(inputs, implSet(nonDifferentiable), implSet(dirty), raw, node, jvp);
#endif
}

// functionApply(inputs, outputs, nonDifferentiable, dirty, saved, backward, name, materializeGrads, jvp)
// -> outputs, each the given JS object where the tensor kept its identity (an input modified in
// place), else a new one (an input returned unchanged becomes a view of it, as in PyTorch).
void FunctionApply(const Info& info) {
  guarded(info, [](Args& a) {
    releaseOrphanedCallbacks(a.state());
    variable_list inputs = tensorArray(a, 0, "inputs", false);
    std::vector<at::Tensor> outputs = tensorArray(a, 1, "outputs", true);
    std::vector<at::Tensor> nonDifferentiable = tensorArray(a, 2, "non-differentiable outputs", false);
    std::vector<at::Tensor> dirty = tensorArray(a, 3, "dirty tensors", false);
    std::vector<at::Tensor> toSave = tensorArray(a, 4, "saved tensors", true);
    if (!a[5]->IsFunction()) throwTypeError("Expected a function for backward");
    std::string name = a.string(6);
    bool executable = c10::GradMode::is_enabled() &&
                      std::any_of(inputs.begin(), inputs.end(), [](const at::Tensor& t) { return t.requires_grad(); });
    NodePtr node;
    if (executable) {
      node = makeNode<JsFunctionNode>();
      auto* fn = static_cast<JsFunctionNode*>(node.get());
      fn->name_ = name;
      fn->backward_ = std::make_unique<JsCallback>(a.state(), a[5].As<v8::Function>(), name + ".backward");
      fn->materializeGrads_ = a.boolean(7);
      fn->set_next_edges(torch::autograd::collect_next_edges(inputs));
    }
    // jvp(inputTangents) -> outputTangents; LibTorch calls it (with forward grad mode off) only when
    // an input has a tangent at the current level, and checks its results.
    if (!a[8]->IsFunction()) throwTypeError("Expected a function for jvp");
    JsCallback jvpCallback(a.state(), a[8].As<v8::Function>(), name + ".jvp");
    JvpFn jvp = [&](variable_list, variable_list tangents) {
      AddonState& state = jvpCallback.state();
      variable_list result;
      jvpCallback.call([&]() { return std::vector<v8::Local<v8::Value>>{tensorsToArray(state, tangents)}; },
                       [&](v8::Local<v8::Value> value) { result = gradientsFromJs(state, value, name + ".jvp", -1, name); });
      return result;
    };
    std::vector<OptionalTensor> wrapped = wrapOutputs(inputs, nonDifferentiable, dirty, outputs, node, jvp);
    if (executable) {
      auto* fn = static_cast<JsFunctionNode*>(node.get());
      for (const OptionalTensor& out : wrapped)
        fn->outputInfo_.push_back(out ? c10::optional<torch::autograd::VariableInfo>(torch::autograd::VariableInfo(*out)) : c10::nullopt);
      // An output saved for backward is stored without its grad_fn (this node), as PyTorch does, so
      // the node does not own itself.
      for (const at::Tensor& t : toSave)
        fn->saved_.emplace_back(t, t.defined() && t.grad_fn().get() == node.get());
    }
    v8::Local<v8::Context> context = a.isolate()->GetCurrentContext();
    v8::Local<v8::Array> given = a[1].As<v8::Array>();
    std::vector<v8::Local<v8::Value>> values;
    for (size_t i = 0; i < wrapped.size(); i++) {
      if (!wrapped[i]) values.push_back(v8::Null(a.isolate()));
      else if (wrapped[i]->unsafeGetTensorImpl() == outputs[i].unsafeGetTensorImpl()) values.push_back(orThrow(given->Get(context, i)));
      else values.push_back(wrapTensor(a.state(), *wrapped[i]));
    }
    a.ret(v8::Array::New(a.isolate(), values.data(), values.size()).As<v8::Value>());
  });
}

// delayedError(message, tensors) -> tensors: aliases whose backward raises `message`, the node
// torch.autograd.function.once_differentiable puts over a backward's results (DelayedError).
void DelayedError(const Info& info) {
  guarded(info, [](Args& a) {
    std::string message = a.string(0);
    variable_list inputs = tensorArray(a, 1, "tensors", true);
    torch::autograd::DelayedError node(message, static_cast<int>(inputs.size()));
    a.ret(tensorsToArray(a.state(), node.apply(std::move(inputs))));
  });
}

}  // namespace

void registerCustomFunction(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"functionApply", FunctionApply},
    {"delayedError", DelayedError},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
