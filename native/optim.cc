// Optimizer steps: one native call updates every parameter of a param group, with the exact op
// sequence of PyTorch's single-tensor implementations (torch/optim/*.py, `_single_tensor_*`), so
// trajectories are bit-identical to Python's on the same LibTorch. Scalars are Python floats
// there (double here) and reach ATen as the same Scalar arguments.
//
// optimizerStep(kind, params[], states[], hyper[]): states[i] is the JS state record of params[i]
// (`optimizer.state.get(p)`); missing entries are created here the way PyTorch creates them on the
// first step. Parameters without a gradient are skipped, as in PyTorch.
#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/api/include/torch/version.h>
#include <cmath>
#include "call.h"

namespace torchts {
namespace {

enum class Kind { SGD = 0, Adagrad, RMSprop, Adam, AdamW, Adamax, NAdam, RAdam };

// Reads and writes the named fields of one JS state record.
class StateRecord {
 public:
  StateRecord(Args& a, v8::Local<v8::Object> obj) : a_(a), obj_(obj), ctx_(a.isolate()->GetCurrentContext()) {}

  at::Tensor tensor(const char* key) const {
    v8::Local<v8::Value> v = orThrow(obj_->Get(ctx_, name(key)));
    if (v->IsUndefined() || v->IsNull()) return at::Tensor();
    TensorBox* box = unwrapBox(v);
    if (box == nullptr || !box->tensor.defined()) throwTypeError(std::string("optimizer state '") + key + "' is not a live Tensor");
    return box->tensor;
  }
  void set(const char* key, at::Tensor t) const {
    orThrow(obj_->Set(ctx_, name(key), wrapTensor(a_.state(), std::move(t))));
  }
  double number(const char* key) const {
    v8::Local<v8::Value> v = orThrow(obj_->Get(ctx_, name(key)));
    if (!v->IsNumber()) return 0;
    return v.As<v8::Number>()->Value();
  }
  void setNull(const char* key) const { orThrow(obj_->Set(ctx_, name(key), v8::Null(a_.isolate()))); }
  void set(const char* key, double d) const { orThrow(obj_->Set(ctx_, name(key), v8::Number::New(a_.isolate(), d))); }
  bool has(const char* key) const { return orThrow(obj_->Has(ctx_, name(key))); }

  // The tensor under `key`, created by `make` when absent.
  template <class Make>
  at::Tensor tensorOr(const char* key, Make&& make) const {
    at::Tensor t = tensor(key);
    if (!t.defined()) {
      t = make();
      set(key, t);
    }
    return t;
  }

 private:
  v8::Local<v8::String> name(const char* key) const {
    return v8::String::NewFromUtf8(a_.isolate(), key, v8::NewStringType::kInternalized).ToLocalChecked();
  }
  Args& a_;
  v8::Local<v8::Object> obj_;
  v8::Local<v8::Context> ctx_;
};

// Hyper-parameters in the order lib/optim/*.ts passes them.
class Hyper {
 public:
  Hyper(Args& a, int i) {
    if (!a[i]->IsArray()) throwTypeError("optimizerStep expects an array of hyper-parameters");
    v8::Local<v8::Array> arr = a[i].As<v8::Array>();
    v8::Local<v8::Context> ctx = a.isolate()->GetCurrentContext();
    for (uint32_t k = 0; k < arr->Length(); k++) {
      v8::Local<v8::Value> v = arr->Get(ctx, k).ToLocalChecked();
      values_.push_back(v->IsBoolean() ? (v->BooleanValue(a.isolate()) ? 1.0 : 0.0) : v->NumberValue(ctx).FromMaybe(NAN));
    }
  }
  double operator[](size_t i) const {
    if (i >= values_.size()) throwTypeError("optimizerStep: missing hyper-parameter " + std::to_string(i));
    return values_[i];
  }
  bool flag(size_t i) const { return (*this)[i] != 0; }

 private:
  std::vector<double> values_;
};

at::Tensor zerosLike(const at::Tensor& p) { return at::zeros_like(p, at::MemoryFormat::Preserve); }
// PyTorch's `torch.tensor(0.)` step counter: a float32 CPU scalar whatever the parameter's device.
at::Tensor scalarTensor(double v) { return at::scalar_tensor(v, at::TensorOptions().dtype(at::kFloat)); }
// step_t += 1; step = step_t.item()
double advanceStep(const StateRecord& s) {
  at::Tensor step = s.tensorOr("step", [] { return scalarTensor(0); });
  step.add_(1);
  return step.item<double>();
}
// grad (negated when maximizing) plus the L2 term, as the single-tensor loops start.
at::Tensor effectiveGrad(const at::Tensor& param, const at::Tensor& grad, bool maximize, double weight_decay) {
  at::Tensor g = maximize ? grad.neg() : grad;
  if (weight_decay != 0) g = g.add(param, weight_decay);
  return g;
}

// lr, momentum, dampening, weight_decay, nesterov, maximize
void stepSGD(at::Tensor& param, const at::Tensor& grad, const StateRecord& s, const Hyper& h) {
  const double lr = h[0], momentum = h[1], dampening = h[2];
  at::Tensor d_p = effectiveGrad(param, grad, h.flag(5), h[3]);
  if (momentum != 0) {
    at::Tensor buf = s.tensor("momentum_buffer");
    if (!buf.defined()) {
      buf = d_p.clone().detach();
      s.set("momentum_buffer", buf);
    } else {
      buf.mul_(momentum).add_(d_p, 1 - dampening);
    }
    d_p = h.flag(4) ? d_p.add(buf, momentum) : buf;
  } else if (!s.has("momentum_buffer")) {
    s.setNull("momentum_buffer");  // PyTorch keeps `momentum_buffer: None` without momentum
  }
  param.add_(d_p, -lr);
}

// lr, lr_decay, weight_decay, eps, maximize, initial_accumulator_value
void stepAdagrad(at::Tensor& param, const at::Tensor& grad, const StateRecord& s, const Hyper& h) {
  at::Tensor sum = s.tensorOr("sum", [&] { return at::full_like(param, h[5], at::MemoryFormat::Preserve); });
  const double step = advanceStep(s);
  at::Tensor g = effectiveGrad(param, grad, h.flag(4), h[2]);
  const double clr = h[0] / (1 + (step - 1) * h[1]);
  sum.addcmul_(g, g, 1);
  at::Tensor std = sum.sqrt().add_(h[3]);
  param.addcdiv_(g, std, -clr);
}

// lr, alpha, eps, weight_decay, momentum, centered, maximize
void stepRMSprop(at::Tensor& param, const at::Tensor& grad, const StateRecord& s, const Hyper& h) {
  const double lr = h[0], alpha = h[1], eps = h[2], momentum = h[4];
  at::Tensor square_avg = s.tensorOr("square_avg", [&] { return zerosLike(param); });
  s.set("step", s.number("step") + 1);  // a plain int in PyTorch's RMSprop state
  at::Tensor g = effectiveGrad(param, grad, h.flag(6), h[3]);
  square_avg.mul_(alpha).addcmul_(g, g, 1 - alpha);
  at::Tensor avg;
  if (h.flag(5)) {
    at::Tensor grad_avg = s.tensorOr("grad_avg", [&] { return zerosLike(param); });
    grad_avg.mul_(alpha).add_(g, 1 - alpha);
    avg = square_avg.addcmul(grad_avg, grad_avg, -1).sqrt_();
  } else {
    avg = square_avg.sqrt();
  }
  avg.add_(eps);
  if (momentum > 0) {
    at::Tensor buf = s.tensorOr("momentum_buffer", [&] { return zerosLike(param); });
    buf.mul_(momentum).addcdiv_(g, avg);
    param.add_(buf, -lr);
  } else {
    param.addcdiv_(g, avg, -lr);
  }
}

// exp_avg ← β1·exp_avg + (1-β1)·g. PyTorch 2 writes it as a lerp (same value, other rounding).
void firstMoment(at::Tensor& exp_avg, const at::Tensor& g, double beta1) {
#if TORCH_VERSION_MAJOR >= 2
  exp_avg.lerp_(g, 1 - beta1);
#else
  exp_avg.mul_(beta1).add_(g, 1 - beta1);
#endif
}

// Adam and AdamW: lr, beta1, beta2, eps, weight_decay, amsgrad, maximize
void stepAdam(at::Tensor& param, const at::Tensor& grad, const StateRecord& s, const Hyper& h, bool decoupled) {
  const double lr = h[0], beta1 = h[1], beta2 = h[2], eps = h[3], weight_decay = h[4];
  const bool amsgrad = h.flag(5), maximize = h.flag(6);
  at::Tensor exp_avg = s.tensorOr("exp_avg", [&] { return zerosLike(param); });
  at::Tensor exp_avg_sq = s.tensorOr("exp_avg_sq", [&] { return zerosLike(param); });
  at::Tensor max_exp_avg_sq = amsgrad ? s.tensorOr("max_exp_avg_sq", [&] { return zerosLike(param); }) : at::Tensor();
  const double step = advanceStep(s);
  at::Tensor g;
  if (decoupled) {
    g = maximize ? grad.neg() : grad;
    param.mul_(1 - lr * weight_decay);
  } else {
    g = effectiveGrad(param, grad, maximize, weight_decay);
  }
  firstMoment(exp_avg, g, beta1);
  exp_avg_sq.mul_(beta2).addcmul_(g, g, 1 - beta2);
  const double bias_correction1 = 1 - std::pow(beta1, step);
  const double bias_correction2 = 1 - std::pow(beta2, step);
  const double step_size = lr / bias_correction1;
  const double bias_correction2_sqrt = std::sqrt(bias_correction2);
  at::Tensor denom;
  if (amsgrad) {
    at::maximum_out(max_exp_avg_sq, max_exp_avg_sq, exp_avg_sq);
    denom = max_exp_avg_sq.sqrt().div(bias_correction2_sqrt).add_(eps);
  } else {
    denom = exp_avg_sq.sqrt().div(bias_correction2_sqrt).add_(eps);
  }
  param.addcdiv_(exp_avg, denom, -step_size);
}

// lr, beta1, beta2, eps, weight_decay, maximize
void stepAdamax(at::Tensor& param, const at::Tensor& grad, const StateRecord& s, const Hyper& h) {
  const double lr = h[0], beta1 = h[1], beta2 = h[2], eps = h[3];
  at::Tensor exp_avg = s.tensorOr("exp_avg", [&] { return zerosLike(param); });
  at::Tensor exp_inf = s.tensorOr("exp_inf", [&] { return zerosLike(param); });
  const double step = advanceStep(s);
  at::Tensor g = effectiveGrad(param, grad, h.flag(5), h[4]);
  exp_avg.mul_(beta1).add_(g, 1 - beta1);
  at::Tensor norm_buf = at::cat({exp_inf.mul_(beta2).unsqueeze(0), g.abs().add_(eps).unsqueeze_(0)}, 0);
  at::amax_out(exp_inf, norm_buf, {0}, false);
  const double clr = lr / (1 - std::pow(beta1, step));
  param.addcdiv_(exp_avg, exp_inf, -clr);
}

// lr, beta1, beta2, eps, weight_decay, momentum_decay, maximize
void stepNAdam(at::Tensor& param, const at::Tensor& grad, const StateRecord& s, const Hyper& h) {
  const double lr = h[0], beta1 = h[1], beta2 = h[2], eps = h[3], momentum_decay = h[5];
  at::Tensor mu_product = s.tensorOr("mu_product", [] { return scalarTensor(1); });
  at::Tensor exp_avg = s.tensorOr("exp_avg", [&] { return zerosLike(param); });
  at::Tensor exp_avg_sq = s.tensorOr("exp_avg_sq", [&] { return zerosLike(param); });
  const double step = advanceStep(s);
  const double bias_correction2 = 1 - std::pow(beta2, step);
  at::Tensor g = effectiveGrad(param, grad, h.flag(6), h[4]);
  const double mu = beta1 * (1. - 0.5 * std::pow(0.96, step * momentum_decay));
  const double mu_next = beta1 * (1. - 0.5 * std::pow(0.96, (step + 1) * momentum_decay));
  mu_product.mul_(mu);
  at::Tensor mu_product_next = mu_product.mul(mu).mul(mu_next);
  exp_avg.mul_(beta1).add_(g, 1 - beta1);
  exp_avg_sq.mul_(beta2).addcmul_(g, g, 1 - beta2);
  at::Tensor denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps);
  param.addcdiv_(g, denom, -lr * (1. - mu) / (1. - mu_product.item<double>()));
  param.addcdiv_(exp_avg, denom, -lr * mu_next / (1. - mu_product_next.item<double>()));
}

// lr, beta1, beta2, eps, weight_decay, maximize
void stepRAdam(at::Tensor& param, const at::Tensor& grad, const StateRecord& s, const Hyper& h) {
  const double lr = h[0], beta1 = h[1], beta2 = h[2], eps = h[3];
  at::Tensor exp_avg = s.tensorOr("exp_avg", [&] { return zerosLike(param); });
  at::Tensor exp_avg_sq = s.tensorOr("exp_avg_sq", [&] { return zerosLike(param); });
  const double step = advanceStep(s);
  const double bias_correction1 = 1 - std::pow(beta1, step);
  const double bias_correction2 = 1 - std::pow(beta2, step);
  at::Tensor g = effectiveGrad(param, grad, h.flag(5), h[4]);
  exp_avg.mul_(beta1).add_(g, 1 - beta1);
  exp_avg_sq.mul_(beta2).addcmul_(g, g, 1 - beta2);
  at::Tensor bias_corrected_exp_avg = exp_avg.div(bias_correction1);
  const double rho_inf = 2 / (1 - beta2) - 1;
  const double rho_t = rho_inf - 2 * step * std::pow(beta2, step) / bias_correction2;
  if (rho_t > 5.) {
    const double rect = std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
    // Python's `float / tensor` is tensor.reciprocal() * float.
    at::Tensor adaptive_lr = exp_avg_sq.sqrt().add_(eps).reciprocal().mul(std::sqrt(bias_correction2));
    param.add_(bias_corrected_exp_avg.mul(lr).mul(adaptive_lr).mul(rect), -1.0);
  } else {
    param.add_(bias_corrected_exp_avg.mul(lr), -1.0);
  }
}

void OptimizerStep(const Info& info) {
  guarded(info, [](Args& a) {
    const int64_t code = a.integer(0);
    if (code < 0 || code > static_cast<int64_t>(Kind::RAdam)) throwRangeError("optimizerStep: unknown optimizer kind");
    const Kind kind = static_cast<Kind>(code);
    if (!a[1]->IsArray() || !a[2]->IsArray()) throwTypeError("optimizerStep expects arrays of parameters and states");
    v8::Local<v8::Array> params = a[1].As<v8::Array>(), states = a[2].As<v8::Array>();
    if (params->Length() != states->Length()) throwTypeError("optimizerStep: one state record per parameter");
    const Hyper h(a, 3);
    v8::Local<v8::Context> ctx = a.isolate()->GetCurrentContext();
    at::NoGradGuard noGrad;
    for (uint32_t i = 0; i < params->Length(); i++) {
      TensorBox* box = unwrapBox(orThrow(params->Get(ctx, i)));
      if (box == nullptr || !box->tensor.defined()) throwTypeError("optimizer can only optimize live Tensors");
      at::Tensor& param = box->tensor;
      const at::Tensor grad = param.grad();
      if (!grad.defined()) continue;
      if (grad.is_sparse()) throw c10::Error({__func__, __FILE__, __LINE__}, "torchts optimizers do not support sparse gradients");
      v8::Local<v8::Value> rec = orThrow(states->Get(ctx, i));
      if (!rec->IsObject()) throwTypeError("optimizerStep: state record must be an object");
      const StateRecord s(a, rec.As<v8::Object>());
      switch (kind) {
        case Kind::SGD: stepSGD(param, grad, s, h); break;
        case Kind::Adagrad: stepAdagrad(param, grad, s, h); break;
        case Kind::RMSprop: stepRMSprop(param, grad, s, h); break;
        case Kind::Adam: stepAdam(param, grad, s, h, false); break;
        case Kind::AdamW: stepAdam(param, grad, s, h, true); break;
        case Kind::Adamax: stepAdamax(param, grad, s, h); break;
        case Kind::NAdam: stepNAdam(param, grad, s, h); break;
        case Kind::RAdam: stepRAdam(param, grad, s, h); break;
      }
    }
  });
}

// zeroGrads(params[], setToNone): Optimizer.zero_grad over a whole group in one call.
void ZeroGrads(const Info& info) {
  guarded(info, [](Args& a) {
    if (!a[0]->IsArray()) throwTypeError("zeroGrads expects an array of parameters");
    v8::Local<v8::Array> params = a[0].As<v8::Array>();
    const bool setToNone = a.boolean(1);
    v8::Local<v8::Context> ctx = a.isolate()->GetCurrentContext();
    for (uint32_t i = 0; i < params->Length(); i++) {
      TensorBox* box = unwrapBox(orThrow(params->Get(ctx, i)));
      if (box == nullptr || !box->tensor.defined()) continue;
      at::Tensor& grad = box->tensor.mutable_grad();
      if (!grad.defined()) continue;
      if (setToNone) {
        grad = at::Tensor();
      } else {
        if (grad.grad_fn()) grad.detach_(); else grad.requires_grad_(false);
        grad.zero_();
      }
    }
  });
}

}  // namespace

void registerOptim(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
  static const FunctionSpec kFunctions[] = {
    {"optimizerStep", OptimizerStep},
    {"zeroGrads", ZeroGrads},
  };
  setFunctions(state, context, exports, kFunctions);
}

}  // namespace torchts
