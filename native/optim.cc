// Optimizer steps: one native call updates every parameter of a param group, with the exact op
// sequence of PyTorch's single-tensor implementations (torch/optim/*.py, `_single_tensor_*`), so
// trajectories are bit-identical to Python's on the same LibTorch. Scalars are Python floats
// there (double here) and reach ATen as the same Scalar arguments.
//
// optimizerStep(kind, params[], states[], group): `kind` names the optimizer (kOptimizers below),
// `group` is its param group, whose hyper-parameters are read by PyTorch's names; states[i] is the
// JS state record of params[i] (`optimizer.state.get(p)`); missing entries are created here the way
// PyTorch creates them on the first step. Parameters without a gradient are skipped, as in PyTorch.
#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/api/include/torch/version.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>
#include "call.h"

namespace torchts {
namespace {

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

// One param group's hyper-parameters, read by PyTorch's key names from the group object itself
// (`optimizer.param_groups[i]`), so schedulers' writes to it take effect at the next step.
class Hyper {
 public:
  Hyper(Args& a, v8::Local<v8::Object> group, const char* optimizer)
      : a_(a), group_(group), ctx_(a.isolate()->GetCurrentContext()), optimizer_(optimizer) {}

  double number(const char* key) const {
    v8::Local<v8::Value> v = get(key);
    if (!v->IsNumber()) invalid(key, v, "a number");
    return v.As<v8::Number>()->Value();
  }
  // A flag; numbers count by truth as in Python. Absent reads as `fallback` when one is given.
  bool flag(const char* key, c10::optional<bool> fallback = c10::nullopt) const {
    v8::Local<v8::Value> v = get(key, fallback.has_value());
    if (v->IsUndefined() && fallback.has_value()) return *fallback;
    if (!v->IsBoolean() && !v->IsNumber()) invalid(key, v, "a boolean");
    return v->BooleanValue(a_.isolate());
  }
  // A pair of numbers such as `betas`.
  std::pair<double, double> pair(const char* key) const {
    v8::Local<v8::Value> v = get(key);
    v8::Local<v8::Value> first, second;
    if (!v->IsArray() || v.As<v8::Array>()->Length() != 2 || !v.As<v8::Array>()->Get(ctx_, 0).ToLocal(&first) ||
        !v.As<v8::Array>()->Get(ctx_, 1).ToLocal(&second) || !first->IsNumber() || !second->IsNumber())
      invalid(key, v, "a pair of numbers");
    return {first.As<v8::Number>()->Value(), second.As<v8::Number>()->Value()};
  }

 private:
  v8::Local<v8::Value> get(const char* key, bool optional = false) const {
    v8::Local<v8::String> name = v8::String::NewFromUtf8(a_.isolate(), key, v8::NewStringType::kInternalized).ToLocalChecked();
    v8::Local<v8::Value> v = orThrow(group_->Get(ctx_, name));
    if (v->IsUndefined() && !optional)
      throwTypeError(std::string(optimizer_) + ": param group has no hyper-parameter '" + key + "'");
    return v;
  }
  [[noreturn]] void invalid(const char* key, v8::Local<v8::Value> v, const char* expected) const {
    throwTypeError(std::string(optimizer_) + ": hyper-parameter '" + key + "' must be " + expected + " but received " +
                   describeValue(a_.isolate(), v));
  }
  Args& a_;
  v8::Local<v8::Object> group_;
  v8::Local<v8::Context> ctx_;
  const char* optimizer_;
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
// The same with `decoupled` weight decay (AdamW; NAdam and RAdam's decoupled_weight_decay): the
// parameter itself shrinks by lr·weight_decay and the gradient is left alone.
at::Tensor decayedGrad(at::Tensor& param, const at::Tensor& grad, bool maximize, double lr, double weight_decay, bool decoupled) {
  if (!decoupled) return effectiveGrad(param, grad, maximize, weight_decay);
  if (weight_decay != 0) param.mul_(1 - lr * weight_decay);
  return maximize ? grad.neg() : grad;
}

// PyTorch 2 rewrote parts of the single-tensor loops (the 2.x tested is 2.6): running averages as
// lerp_, Adamax's infinity norm as a maximum, NAdam's mu_product_next without 1.13's extra factor
// mu, RAdam's square roots as `** 0.5`. Same formulas, other rounding, so each follows its release.
constexpr bool kPyTorch2 = TORCH_VERSION_MAJOR >= 2;
// avg ← β·avg + (1-β)·g, written as a lerp by PyTorch 2.
void runningAverage(at::Tensor& avg, const at::Tensor& g, double beta) {
  if (kPyTorch2) avg.lerp_(g, 1 - beta);
  else avg.mul_(beta).add_(g, 1 - beta);
}

// Each optimizer reads its hyper-parameters once per group (`read`), then updates each parameter
// (`update`). `maximize` reads as false where a PyTorch version has no such option (1.13's NAdam).

struct SGD {
  double lr, momentum, dampening, weight_decay;
  bool nesterov, maximize;
  static SGD read(const Hyper& h) {
    return {h.number("lr"), h.number("momentum"), h.number("dampening"), h.number("weight_decay"), h.flag("nesterov"),
            h.flag("maximize", false)};
  }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    at::Tensor d_p = effectiveGrad(param, grad, maximize, weight_decay);
    if (momentum != 0) {
      at::Tensor buf = s.tensor("momentum_buffer");
      if (!buf.defined()) {
        buf = d_p.clone().detach();
        s.set("momentum_buffer", buf);
      } else {
        buf.mul_(momentum).add_(d_p, 1 - dampening);
      }
      d_p = nesterov ? d_p.add(buf, momentum) : buf;
    } else if (!s.has("momentum_buffer")) {
      s.setNull("momentum_buffer");  // PyTorch keeps `momentum_buffer: None` without momentum
    }
    param.add_(d_p, -lr);
  }
};

struct Adagrad {
  double lr, lr_decay, weight_decay, eps, initial_accumulator_value;
  bool maximize;
  static Adagrad read(const Hyper& h) {
    return {h.number("lr"), h.number("lr_decay"), h.number("weight_decay"), h.number("eps"), h.number("initial_accumulator_value"),
            h.flag("maximize", false)};
  }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    at::Tensor sum = s.tensorOr("sum", [&] { return at::full_like(param, initial_accumulator_value, at::MemoryFormat::Preserve); });
    const double step = advanceStep(s);
    at::Tensor g = effectiveGrad(param, grad, maximize, weight_decay);
    const double clr = lr / (1 + (step - 1) * lr_decay);
    sum.addcmul_(g, g, 1);
    at::Tensor std = sum.sqrt().add_(eps);
    param.addcdiv_(g, std, -clr);
  }
};

struct RMSprop {
  double lr, alpha, eps, weight_decay, momentum;
  bool centered, maximize;
  static RMSprop read(const Hyper& h) {
    return {h.number("lr"), h.number("alpha"), h.number("eps"), h.number("weight_decay"), h.number("momentum"), h.flag("centered"),
            h.flag("maximize", false)};
  }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    at::Tensor square_avg = s.tensorOr("square_avg", [&] { return zerosLike(param); });
    s.set("step", s.number("step") + 1);  // a plain int in PyTorch's RMSprop state
    at::Tensor g = effectiveGrad(param, grad, maximize, weight_decay);
    square_avg.mul_(alpha).addcmul_(g, g, 1 - alpha);
    at::Tensor avg;
    if (centered) {
      at::Tensor grad_avg = s.tensorOr("grad_avg", [&] { return zerosLike(param); });
      runningAverage(grad_avg, g, alpha);
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
};

// The hyper-parameters the Adam family shares.
struct AdamStyle {
  double lr, beta1, beta2, eps, weight_decay;
  bool maximize;
  static AdamStyle read(const Hyper& h) {
    const auto [beta1, beta2] = h.pair("betas");
    return {h.number("lr"), beta1, beta2, h.number("eps"), h.number("weight_decay"), h.flag("maximize", false)};
  }
};

// NAdam, RAdam and (PyTorch 2.14) Adam's `decoupled_weight_decay` (absent, as in 1.13, reads as false).
bool decoupledWeightDecay(const Hyper& h) { return h.flag("decoupled_weight_decay", false); }

// Adam, and AdamW (always `decoupled` weight decay: Adam with decoupled_weight_decay=True).
template <bool alwaysDecoupled>
struct AdamLike : AdamStyle {
  bool amsgrad, decoupled;
  static AdamLike read(const Hyper& h) { return {AdamStyle::read(h), h.flag("amsgrad"), alwaysDecoupled || decoupledWeightDecay(h)}; }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    at::Tensor exp_avg = s.tensorOr("exp_avg", [&] { return zerosLike(param); });
    at::Tensor exp_avg_sq = s.tensorOr("exp_avg_sq", [&] { return zerosLike(param); });
    at::Tensor max_exp_avg_sq = amsgrad ? s.tensorOr("max_exp_avg_sq", [&] { return zerosLike(param); }) : at::Tensor();
    const double step = advanceStep(s);
    at::Tensor g = decayedGrad(param, grad, maximize, lr, weight_decay, decoupled);
    runningAverage(exp_avg, g, beta1);
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
};

struct Adamax : AdamStyle {
  static Adamax read(const Hyper& h) { return {AdamStyle::read(h)}; }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    at::Tensor exp_avg = s.tensorOr("exp_avg", [&] { return zerosLike(param); });
    at::Tensor exp_inf = s.tensorOr("exp_inf", [&] { return zerosLike(param); });
    const double step = advanceStep(s);
    at::Tensor g = effectiveGrad(param, grad, maximize, weight_decay);
    runningAverage(exp_avg, g, beta1);
    if (kPyTorch2) {
      at::maximum_out(exp_inf, exp_inf.mul_(beta2), g.abs().add_(eps));
    } else {
      at::Tensor norm_buf = at::cat({exp_inf.mul_(beta2).unsqueeze(0), g.abs().add_(eps).unsqueeze_(0)}, 0);
      at::amax_out(exp_inf, norm_buf, {0}, false);
    }
    const double clr = lr / (1 - std::pow(beta1, step));
    param.addcdiv_(exp_avg, exp_inf, -clr);
  }
};


struct NAdam : AdamStyle {
  double momentum_decay;
  bool decoupled;
  static NAdam read(const Hyper& h) { return {AdamStyle::read(h), h.number("momentum_decay"), decoupledWeightDecay(h)}; }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    at::Tensor mu_product = s.tensorOr("mu_product", [] { return scalarTensor(1); });
    at::Tensor exp_avg = s.tensorOr("exp_avg", [&] { return zerosLike(param); });
    at::Tensor exp_avg_sq = s.tensorOr("exp_avg_sq", [&] { return zerosLike(param); });
    const double step = advanceStep(s);
    const double bias_correction2 = 1 - std::pow(beta2, step);
    at::Tensor g = decayedGrad(param, grad, maximize, lr, weight_decay, decoupled);
    const double mu = beta1 * (1. - 0.5 * std::pow(0.96, step * momentum_decay));
    const double mu_next = beta1 * (1. - 0.5 * std::pow(0.96, (step + 1) * momentum_decay));
    mu_product.mul_(mu);
    const double mu_product_next = kPyTorch2 ? mu_product.item<double>() * mu_next
                                             : mu_product.mul(mu).mul(mu_next).item<double>();
    runningAverage(exp_avg, g, beta1);
    exp_avg_sq.mul_(beta2).addcmul_(g, g, 1 - beta2);
    at::Tensor denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps);
    param.addcdiv_(g, denom, -lr * (1. - mu) / (1. - mu_product.item<double>()));
    param.addcdiv_(exp_avg, denom, -lr * mu_next / (1. - mu_product_next));
  }
};

struct RAdam : AdamStyle {
  bool decoupled;
  static RAdam read(const Hyper& h) { return {AdamStyle::read(h), decoupledWeightDecay(h)}; }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    at::Tensor exp_avg = s.tensorOr("exp_avg", [&] { return zerosLike(param); });
    at::Tensor exp_avg_sq = s.tensorOr("exp_avg_sq", [&] { return zerosLike(param); });
    const double step = advanceStep(s);
    const double bias_correction1 = 1 - std::pow(beta1, step);
    const double bias_correction2 = 1 - std::pow(beta2, step);
    at::Tensor g = decayedGrad(param, grad, maximize, lr, weight_decay, decoupled);
    runningAverage(exp_avg, g, beta1);
    exp_avg_sq.mul_(beta2).addcmul_(g, g, 1 - beta2);
    at::Tensor bias_corrected_exp_avg = exp_avg.div(bias_correction1);
    const double rho_inf = 2 / (1 - beta2) - 1;
    const double rho_t = rho_inf - 2 * step * std::pow(beta2, step) / bias_correction2;
    if (rho_t > 5.) {
      const auto root = [](double x) { return kPyTorch2 ? std::pow(x, 0.5) : std::sqrt(x); };
      const double rect = root((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
      // Python's `float / tensor` is tensor.reciprocal() * float.
      at::Tensor adaptive_lr = exp_avg_sq.sqrt().add_(eps).reciprocal().mul(root(bias_correction2));
      param.add_(bias_corrected_exp_avg.mul(lr).mul(adaptive_lr).mul(rect), -1.0);
    } else {
      param.add_(bias_corrected_exp_avg.mul(lr), -1.0);
    }
  }
};

// One step over a param group: every parameter that has a gradient, with its state record. The
// gradients must be dense, or sparse (COO) for `sparseGradients` optimizers (SparseAdam).
template <class Optimizer, bool sparseGradients = false>
void stepGroup(Args& a, v8::Local<v8::Array> params, v8::Local<v8::Array> states, const Hyper& h) {
  const Optimizer hyper = Optimizer::read(h);
  v8::Local<v8::Context> ctx = a.isolate()->GetCurrentContext();
  at::NoGradGuard noGrad;
  for (uint32_t i = 0; i < params->Length(); i++) {
    TensorBox* box = unwrapBox(orThrow(params->Get(ctx, i)));
    if (box == nullptr || !box->tensor.defined()) throwTypeError("optimizer can only optimize live Tensors");
    at::Tensor& param = box->tensor;
    const at::Tensor grad = param.grad();
    if (!grad.defined()) continue;
    if (grad.is_sparse() != sparseGradients)
      throw c10::Error({__func__, __FILE__, __LINE__}, sparseGradients ? "SparseAdam does not support dense gradients, please consider Adam instead"
                                                                       : "torchts optimizers do not support sparse gradients");
    v8::Local<v8::Value> rec = orThrow(states->Get(ctx, i));
    if (!rec->IsObject()) throwTypeError("optimizerStep: state record must be an object");
    hyper.update(param, grad, StateRecord(a, rec.As<v8::Object>()));
  }
}

// `step` += 1 where the state keeps it as a plain number (SparseAdam's; Adadelta's and Rprop's in 1.13).
double countStep(const StateRecord& s) {
  const double step = s.number("step") + 1;
  s.set("step", step);
  return step;
}
// Adadelta's and Rprop's step: a float32 tensor from PyTorch 2.
double countTensorStepFrom2(const StateRecord& s) {
#if TORCH_VERSION_MAJOR >= 2
  return advanceStep(s);
#else
  return countStep(s);
#endif
}

struct ASGD {
  double lr, lambd, alpha, t0, weight_decay;
  bool maximize;
  static ASGD read(const Hyper& h) {
    return {h.number("lr"), h.number("lambd"), h.number("alpha"), h.number("t0"), h.number("weight_decay"), h.flag("maximize", false)};
  }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    s.tensorOr("step", [] { return scalarTensor(0); });  // PyTorch's key order: step, eta, mu, ax
    at::Tensor eta = s.tensorOr("eta", [&] { return scalarTensor(lr); });  // torch.tensor(lr): float32
    at::Tensor mu = s.tensorOr("mu", [] { return scalarTensor(1); });
    at::Tensor ax = s.tensorOr("ax", [&] { return zerosLike(param); });
    const double step = advanceStep(s);
    at::Tensor g = effectiveGrad(param, grad, maximize, weight_decay);
    param.mul_(1 - lambd * eta.item<double>());
    param.add_(g, -eta.item<double>());
    if (mu.item<double>() != 1) ax.add_(param.sub(ax).mul(mu));
    else ax.copy_(param);
    eta.fill_(lr / std::pow(1 + lambd * lr * step, alpha));
    mu.fill_(1 / std::max(1.0, step - t0));
  }
};

struct Adadelta {
  double lr, rho, eps, weight_decay;
  bool maximize;
  static Adadelta read(const Hyper& h) {
    return {h.number("lr"), h.number("rho"), h.number("eps"), h.number("weight_decay"), h.flag("maximize", false)};
  }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    countTensorStepFrom2(s);
    at::Tensor square_avg = s.tensorOr("square_avg", [&] { return zerosLike(param); });
    at::Tensor acc_delta = s.tensorOr("acc_delta", [&] { return zerosLike(param); });
    at::Tensor g = effectiveGrad(param, grad, maximize, weight_decay);
    square_avg.mul_(rho).addcmul_(g, g, 1 - rho);
    at::Tensor std = square_avg.add(eps).sqrt_();
    at::Tensor delta = acc_delta.add(eps).sqrt_().div_(std).mul_(g);
    acc_delta.mul_(rho).addcmul_(delta, delta, 1 - rho);
    param.add_(delta, -lr);
  }
};

struct Rprop {
  double lr, etaminus, etaplus, step_size_min, step_size_max;
  bool maximize;
  static Rprop read(const Hyper& h) {
    const auto [etaminus, etaplus] = h.pair("etas");
    const auto [step_size_min, step_size_max] = h.pair("step_sizes");
    return {h.number("lr"), etaminus, etaplus, step_size_min, step_size_max, h.flag("maximize", false)};
  }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    countTensorStepFrom2(s);
    at::Tensor prev = s.tensorOr("prev", [&] { return zerosLike(param); });
    // grad.new().resize_as_(grad).fill_(lr)
    at::Tensor step_size = s.tensorOr("step_size", [&] { return at::empty(grad.sizes(), grad.options()).fill_(lr); });
    at::Tensor g = maximize ? grad.neg() : grad;
    at::Tensor sign = g.mul(prev).sign();
    sign.masked_fill_(sign.gt(0), etaplus);
    sign.masked_fill_(sign.lt(0), etaminus);
    sign.masked_fill_(sign.eq(0), 1);
    step_size.mul_(sign).clamp_(step_size_min, step_size_max);
    g = g.clone(at::MemoryFormat::Preserve);
    g.masked_fill_(sign.eq(etaminus), 0);
    param.addcmul_(g.sign(), step_size, -1);
    prev.copy_(g);
  }
};

// SparseAdam: moments updated only where the (sparse COO) gradient has entries.
struct SparseAdam {
  double lr, beta1, beta2, eps;
  bool maximize;
  static SparseAdam read(const Hyper& h) {
    const auto [beta1, beta2] = h.pair("betas");
    return {h.number("lr"), beta1, beta2, h.number("eps"), h.flag("maximize", false)};
  }
  void update(at::Tensor& param, const at::Tensor& grad, const StateRecord& s) const {
    const double step = countStep(s);
    at::Tensor exp_avg = s.tensorOr("exp_avg", [&] { return zerosLike(param); });
    at::Tensor exp_avg_sq = s.tensorOr("exp_avg_sq", [&] { return zerosLike(param); });
    const at::Tensor g = (maximize ? grad.neg() : grad).coalesce();  // the update is non-linear: unique indices
    const at::Tensor indices = g._indices(), values = g._values();
#if TORCH_VERSION_MAJOR >= 2
    if (values.numel() == 0) return;  // PyTorch 2 skips an empty gradient; 1.13 fails below on its shapes
#endif
    const auto makeSparse = [&](const at::Tensor& v) {
      if (indices.dim() == 0 || v.dim() == 0) return at::empty({0}, g.options()).resize_as_(g);
      return at::sparse_coo_tensor(indices, v, g.sizes(), g.options());
    };
    const at::Tensor old_exp_avg_values = exp_avg.sparse_mask(g)._values();
    at::Tensor exp_avg_update_values = values.sub(old_exp_avg_values).mul_(1 - beta1);
    exp_avg.add_(makeSparse(exp_avg_update_values));
    const at::Tensor old_exp_avg_sq_values = exp_avg_sq.sparse_mask(g)._values();
    at::Tensor exp_avg_sq_update_values = values.pow(2).sub_(old_exp_avg_sq_values).mul_(1 - beta2);
    exp_avg_sq.add_(makeSparse(exp_avg_sq_update_values));
    at::Tensor numer = exp_avg_update_values.add_(old_exp_avg_values);
    exp_avg_sq_update_values.add_(old_exp_avg_sq_values);
    at::Tensor denom = exp_avg_sq_update_values.sqrt_().add_(eps);
    const double bias_correction1 = 1 - std::pow(beta1, step);
    const double bias_correction2 = 1 - std::pow(beta2, step);
    const double step_size = lr * std::sqrt(bias_correction2) / bias_correction1;
    param.add_(makeSparse(numer.div_(denom).mul(-step_size)));
  }
};

using GroupStep = void (*)(Args&, v8::Local<v8::Array>, v8::Local<v8::Array>, const Hyper&);

// The optimizers with a native step, by PyTorch class name: lib/optim/*.ts pass the name, and
// `npm run gen` writes lib/optim/kinds.ts (the OptimizerKind type) from this table.
struct OptimizerSpec {
  const char* name;
  GroupStep step;
};
const OptimizerSpec kOptimizers[] = {
  {"SGD", stepGroup<SGD>},
  {"Adagrad", stepGroup<Adagrad>},
  {"RMSprop", stepGroup<RMSprop>},
  {"Adam", stepGroup<AdamLike<false>>},
  {"AdamW", stepGroup<AdamLike<true>>},
  {"Adamax", stepGroup<Adamax>},
  {"NAdam", stepGroup<NAdam>},
  {"RAdam", stepGroup<RAdam>},
  {"ASGD", stepGroup<ASGD>},
  {"Adadelta", stepGroup<Adadelta>},
  {"Rprop", stepGroup<Rprop>},
  {"SparseAdam", stepGroup<SparseAdam, true>},
};

void OptimizerStep(const Info& info) {
  guarded(info, [](Args& a) {
    if (!a[0]->IsString()) throwTypeError("optimizerStep: kind must be an optimizer name");
    char name[16] = {0};  // longer than every name: a longer kind matches none
    a[0].As<v8::String>()->WriteUtf8(a.isolate(), name, sizeof name - 1);
    const OptimizerSpec* spec = nullptr;
    for (const OptimizerSpec& o : kOptimizers)
      if (std::strcmp(o.name, name) == 0) spec = &o;
    if (spec == nullptr) throwRangeError("optimizerStep: unknown optimizer kind '" + std::string(name) + "'");
    if (!a[1]->IsArray() || !a[2]->IsArray()) throwTypeError("optimizerStep expects arrays of parameters and states");
    v8::Local<v8::Array> params = a[1].As<v8::Array>(), states = a[2].As<v8::Array>();
    if (params->Length() != states->Length()) throwTypeError("optimizerStep: one state record per parameter");
    if (!a[3]->IsObject()) throwTypeError("optimizerStep expects the param group's hyper-parameters as an object");
    spec->step(a, params, states, Hyper(a, a[3].As<v8::Object>(), spec->name));
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
