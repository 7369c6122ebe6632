// Typed fast paths for hot ops. One line per op; ops.cc expands each list into native functions
// named after the op (`exp`, `exp_`, `add`, ...). Everything else goes through dispatcher.cc.
#pragma once

// Tensor -> Tensor, plus the in-place method `name_` -> self.
#define TORCHTS_UNARY_OPS(X)                                                                      \
  X(abs) X(neg) X(exp) X(exp2) X(expm1) X(log) X(log2) X(log10) X(log1p) X(sqrt) X(rsqrt)         \
  X(sin) X(cos) X(tan) X(asin) X(acos) X(atan) X(sinh) X(cosh) X(tanh) X(asinh) X(acosh) X(atanh) \
  X(sigmoid) X(relu) X(sign) X(floor) X(ceil) X(round) X(trunc) X(frac) X(reciprocal) X(erf)      \
  X(erfc) X(erfinv) X(square) X(sgn) X(i0) X(digamma) X(lgamma) X(deg2rad) X(rad2deg)    \
  X(logical_not) X(bitwise_not) X(silu) X(hardswish) X(hardsigmoid) X(mish)  \
  X(selu) X(t)

// Tensor -> Tensor with no in-place form.
#define TORCHTS_UNARY_PURE_OPS(X)                                                                 \
  X(alias) X(isnan) X(isinf) X(isfinite) X(isneginf) X(isposinf) X(signbit) X(detach) X(clone) \
  X(conj) X(angle) X(ravel) X(nonzero) X(argwhere) X(sum) X(mean) X(prod) X(all) X(any) \
  X(max) X(min) X(argmax) X(argmin) X(norm) X(std) X(var) X(median) X(nansum) X(nanmean) X(count_nonzero) \
  X(trace) X(tril) X(triu) X(fliplr) X(flipud) X(gelu) X(log_sigmoid) X(softplus) X(hardtanh) X(relu6) \
  X(glu) X(logit) X(nan_to_num) X(celu) X(matrix_exp) X(inverse) X(det) X(logdet) X(pinverse) 

// (Tensor, Tensor | Scalar) -> Tensor, plus `name_`.
// Like BINARY, but a number operand becomes a wrapped 0-d tensor, as Python passes it (MulBackward0).
#define TORCHTS_BINARY_WRAPPED_OPS(X) X(mul) X(div) X(true_divide)

#define TORCHTS_BINARY_OPS(X)                                                                     \
  X(pow) X(remainder) X(fmod) X(eq) X(ne) X(lt) X(le) X(gt) X(ge) X(bitwise_and)     \
  X(bitwise_or) X(bitwise_xor) X(floor_divide) X(xlogy) X(copysign)

// (Tensor, Tensor) -> Tensor with no in-place form.
#define TORCHTS_BINARY_TENSOR_OPS(X)                                                              \
  X(matmul) X(mm) X(bmm) X(mv) X(dot) X(outer) X(maximum) X(minimum) X(atan2) X(logical_and)       \
  X(logical_or) X(logical_xor) X(fmax) X(fmin) X(hypot) X(kron) X(vdot) X(inner) X(expand_as)     \
  X(view_as) X(reshape_as) X(type_as) X(masked_select) X(heaviside) \
  X(nextafter) X(logaddexp) X(logaddexp2) X(gcd) X(lcm) X(ldexp) 
