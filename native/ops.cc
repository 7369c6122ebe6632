// Expands ops_table.h (generated from scripts/ops.js) into native functions: argument unpacking, one ATen call, result wrapping.
#include <ATen/ATen.h>
#include "call.h"
#include "ops_table.h"

namespace torchts {
namespace {

// What Python's argument parser does with a number passed as a Tensor: a 0-d "wrapped number"
// tensor, which keeps the other operand's dtype in type promotion.
at::Tensor wrappedScalar(const at::Scalar& s, const at::Tensor& like) {
  at::Tensor t = c10::scalar_to_tensor(s, like.device());
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}

#define TORCHTS_DEFINE_UNARY(name)                                                             \
  void op_##name(const Info& info) {                                                           \
    guarded(info, [](Args& a) { a.ret(at::name(a.tensor(0))); });                              \
  }                                                                                            \
  void op_##name##_(const Info& info) {                                                        \
    guarded(info, [](Args& a) {                                                                \
      at::Tensor self = a.tensor(0);                                                           \
      at::_ops::name##_::call(self);                                                           \
      a.retSelf(0);                                                                            \
    });                                                                                        \
  }
TORCHTS_UNARY_OPS(TORCHTS_DEFINE_UNARY)

// An op that returns its input itself (conj of a real tensor) returns the same JS object, as Python does.
#define TORCHTS_DEFINE_UNARY_PURE(name)                                                        \
  void op_##name(const Info& info) {                                                           \
    guarded(info, [](Args& a) {                                                                \
      at::Tensor out = at::name(a.tensor(0));                                                  \
      if (out.unsafeGetTensorImpl() == a.tensor(0).unsafeGetTensorImpl()) a.retSelf(0);       \
      else a.ret(std::move(out));                                                              \
    });                                                                                        \
  }
TORCHTS_UNARY_PURE_OPS(TORCHTS_DEFINE_UNARY_PURE)

// Binary ops take a tensor or a scalar as `other`; SCALAR(a, self) turns argument 1 into the scalar.
#define TORCHTS_DEFINE_BINARY_WITH(name, SCALAR)                                               \
  void op_##name(const Info& info) {                                                           \
    guarded(info, [](Args& a) {                                                                \
      const at::Tensor& self = a.tensor(0);                                                    \
      if (const at::Tensor* other = a.tensorOrNull(1)) a.ret(at::name(self, *other));          \
      else a.ret(at::name(self, SCALAR(a, self)));                                             \
    });                                                                                        \
  }                                                                                            \
  void op_##name##_(const Info& info) {                                                        \
    guarded(info, [](Args& a) {                                                                \
      at::Tensor self = a.tensor(0);                                                           \
      if (const at::Tensor* other = a.tensorOrNull(1)) self.name##_(*other);                   \
      else self.name##_(SCALAR(a, self));                                                      \
      a.retSelf(0);                                                                            \
    });                                                                                        \
  }
#define TORCHTS_PLAIN_SCALAR(a, self) a.scalar(1)
#define TORCHTS_WRAPPED_SCALAR(a, self) wrappedScalar(a.scalar(1), self)
#define TORCHTS_DEFINE_BINARY(name) TORCHTS_DEFINE_BINARY_WITH(name, TORCHTS_PLAIN_SCALAR)
#define TORCHTS_DEFINE_BINARY_WRAPPED(name) TORCHTS_DEFINE_BINARY_WITH(name, TORCHTS_WRAPPED_SCALAR)
TORCHTS_BINARY_OPS(TORCHTS_DEFINE_BINARY)
TORCHTS_BINARY_WRAPPED_OPS(TORCHTS_DEFINE_BINARY_WRAPPED)

#define TORCHTS_DEFINE_BINARY_TENSOR(name)                                                     \
  void op_##name(const Info& info) { guarded(info, [](Args& a) { a.ret(a.tensor(0).name(a.tensor(1))); }); }
TORCHTS_BINARY_TENSOR_OPS(TORCHTS_DEFINE_BINARY_TENSOR)

// add/sub take alpha: (self, other, alpha?)
#define TORCHTS_DEFINE_ALPHA(name)                                                             \
  void op_##name(const Info& info) {                                                           \
    guarded(info, [](Args& a) {                                                                \
      at::Scalar alpha = a.has(2) ? a.scalar(2) : at::Scalar(1);                               \
      const at::Tensor& self = a.tensor(0);                                                    \
      if (const at::Tensor* other = a.tensorOrNull(1)) a.ret(at::name(self, *other, alpha));   \
      else a.ret(at::name(self, wrappedScalar(a.scalar(1), self), alpha));                     \
    });                                                                                        \
  }                                                                                            \
  void op_##name##_(const Info& info) {                                                        \
    guarded(info, [](Args& a) {                                                                \
      at::Tensor self = a.tensor(0);                                                           \
      at::Scalar alpha = a.has(2) ? a.scalar(2) : at::Scalar(1);                               \
      if (const at::Tensor* other = a.tensorOrNull(1)) self.name##_(*other, alpha);            \
      else self.name##_(wrappedScalar(a.scalar(1), self), alpha);                              \
      a.retSelf(0);                                                                            \
    });                                                                                        \
  }
TORCHTS_DEFINE_ALPHA(add)
TORCHTS_DEFINE_ALPHA(sub)

// Shape ops used in every forward pass.
void op_view(const Info& info) { guarded(info, [](Args& a) { a.ret(a.tensor(0).view(a.intList(1))); }); }
void op_reshape(const Info& info) { guarded(info, [](Args& a) { a.ret(a.tensor(0).reshape(a.intList(1))); }); }
void op_permute(const Info& info) { guarded(info, [](Args& a) { a.ret(a.tensor(0).permute(a.intList(1))); }); }
void op_expand(const Info& info) { guarded(info, [](Args& a) { a.ret(a.tensor(0).expand(a.intList(1))); }); }
void op_repeat(const Info& info) { guarded(info, [](Args& a) { a.ret(a.tensor(0).repeat(a.intList(1))); }); }
void op_transpose(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.tensor(0).transpose(a.integer(1), a.integer(2))); });
}
void op_flatten(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.tensor(0).flatten(a.has(1) ? a.integer(1) : 0, a.has(2) ? a.integer(2) : -1)); });
}
void op_unsqueeze(const Info& info) { guarded(info, [](Args& a) { a.ret(a.tensor(0).unsqueeze(a.integer(1))); }); }
void op_squeeze(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.has(1) ? a.tensor(0).squeeze(a.integer(1)) : a.tensor(0).squeeze()); });
}
void op_select(const Info& info) { guarded(info, [](Args& a) { a.ret(a.tensor(0).select(a.integer(1), a.integer(2))); }); }
void op_narrow(const Info& info) {
  guarded(info, [](Args& a) { a.ret(a.tensor(0).narrow(a.integer(1), a.integer(2), a.integer(3))); });
}
// slice(self, dim, start|null, end|null, step)
void op_slice(const Info& info) {
  guarded(info, [](Args& a) {
    c10::optional<int64_t> start = a.has(2) ? c10::optional<int64_t>(a.integer(2)) : c10::nullopt;
    c10::optional<int64_t> end = a.has(3) ? c10::optional<int64_t>(a.integer(3)) : c10::nullopt;
    a.ret(a.tensor(0).slice(a.integer(1), start, end, a.has(4) ? a.integer(4) : 1));
  });
}
// addmm(self, mat1, mat2, beta, alpha)
void op_addmm(const Info& info) {
  guarded(info, [](Args& a) {
    a.ret(at::addmm(a.tensor(0), a.tensor(1), a.tensor(2), a.has(3) ? a.scalar(3) : at::Scalar(1), a.has(4) ? a.scalar(4) : at::Scalar(1)));
  });
}
// linear(input, weight, bias?)
void op_linear(const Info& info) {
  guarded(info, [](Args& a) { a.ret(at::linear(a.tensor(0), a.tensor(1), a.optTensor(2))); });
}
c10::optional<at::Scalar> optScalar(Args& a, int i) {
  return a.has(i) ? c10::optional<at::Scalar>(a.scalar(i)) : c10::nullopt;
}
void op_clamp(const Info& info) {
  guarded(info, [](Args& a) { a.ret(at::clamp(a.tensor(0), optScalar(a, 1), optScalar(a, 2))); });
}
void op_clamp_(const Info& info) {
  guarded(info, [](Args& a) {
    at::Tensor self = a.tensor(0);
    at::clamp_(self, optScalar(a, 1), optScalar(a, 2));
    a.retSelf(0);
  });
}
void op_fill_(const Info& info) {
  guarded(info, [](Args& a) {
    at::Tensor self = a.tensor(0);
    if (const at::Tensor* other = a.tensorOrNull(1)) self.fill_(*other); else self.fill_(a.scalar(1));
    a.retSelf(0);
  });
}
void op_zero_(const Info& info) {
  guarded(info, [](Args& a) {
    at::Tensor self = a.tensor(0);
    self.zero_();
    a.retSelf(0);
  });
}
void op_copy_(const Info& info) {
  guarded(info, [](Args& a) {
    at::Tensor self = a.tensor(0);
    self.copy_(a.tensor(1), a.has(2) && a.boolean(2));
    a.retSelf(0);
  });
}
void op_detach_(const Info& info) {
  guarded(info, [](Args& a) {
    at::Tensor self = a.tensor(0);
    self.detach_();
    a.retSelf(0);
  });
}
void op_contiguous(const Info& info) { guarded(info, [](Args& a) { a.ret(a.tensor(0).contiguous()); }); }
void op_softmax(const Info& info) { guarded(info, [](Args& a) { a.ret(at::softmax(a.tensor(0), a.integer(1))); }); }
void op_log_softmax(const Info& info) { guarded(info, [](Args& a) { a.ret(at::log_softmax(a.tensor(0), a.integer(1))); }); }

}  // namespace

void registerOps(AddonState& state, v8::Local<v8::Object> exports, v8::Local<v8::Context> context) {
#define TORCHTS_REG(name) setFunction(state, context, exports, #name, op_##name);
#define TORCHTS_REG_INPLACE(name) TORCHTS_REG(name) setFunction(state, context, exports, #name "_", op_##name##_);
  TORCHTS_UNARY_OPS(TORCHTS_REG_INPLACE)
  TORCHTS_UNARY_PURE_OPS(TORCHTS_REG)
  TORCHTS_BINARY_OPS(TORCHTS_REG_INPLACE)
  TORCHTS_BINARY_WRAPPED_OPS(TORCHTS_REG_INPLACE)
  TORCHTS_BINARY_TENSOR_OPS(TORCHTS_REG)
  TORCHTS_REG_INPLACE(add)
  TORCHTS_REG_INPLACE(sub)
  TORCHTS_REG_INPLACE(clamp)
#define TORCHTS_OTHER_OPS(X) X(view) X(reshape) X(permute) X(expand) X(repeat) X(transpose) X(flatten) X(unsqueeze) \
  X(squeeze) X(select) X(narrow) X(slice) X(addmm) X(linear) X(fill_) X(zero_) X(copy_) \
  X(detach_) X(contiguous) X(softmax) X(log_softmax)
  TORCHTS_OTHER_OPS(TORCHTS_REG)
}

}  // namespace torchts
