'use strict';
// The op table: every op with a typed native fast path, every other Tensor method and torch.*
// function, and how each reaches native code. `npm run gen` writes native/ops_table.h (the C++
// fast paths), lib/ops/table.ts (the TS lists) and lib/functions.ts (the torch.<op> forms) from it.
// Fast-path ops need no other code: ops.cc expands each list into native functions named after
// the op, and tensor_methods.ts installs the Tensor methods from the TS lists.

module.exports = {
  /** Tensor -> Tensor, with an in-place `name_` too. */
  UNARY: [
    'abs', 'neg', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sqrt', 'rsqrt', 'sin', 'cos', 'tan', 'asin',
    'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sigmoid', 'relu', 'sign', 'floor', 'ceil', 'round',
    'trunc', 'frac', 'reciprocal', 'erf', 'erfc', 'erfinv', 'square', 'sgn', 'i0', 'digamma', 'lgamma', 'deg2rad',
    'rad2deg', 'logical_not', 'bitwise_not', 't',
  ],
  /** Like UNARY, but not Tensor methods in PyTorch: torch.nn.functional's kernels. */
  UNARY_KERNELS: ['silu', 'hardswish', 'hardsigmoid', 'mish', 'selu'],

  /** Tensor -> Tensor with no in-place form; called with arguments they take the dispatcher path (`x.sum(1)`). */
  UNARY_PURE: [
    'isnan', 'isinf', 'isfinite', 'isneginf', 'isposinf', 'signbit', 'detach', 'clone', 'conj', 'angle', 'ravel',
    'nonzero', 'argwhere', 'sum', 'mean', 'prod', 'all', 'any', 'max', 'min', 'argmax', 'argmin', 'std', 'var',
    'median', 'nansum', 'nanmean', 'count_nonzero', 'trace', 'tril', 'triu', 'fliplr', 'flipud', 'logit', 'nan_to_num',
    'matrix_exp', 'inverse', 'det', 'logdet', 'pinverse',
  ],
  /** Like UNARY_PURE, but not Tensor methods: torch.nn.functional's kernels, and `alias` for indexing. */
  UNARY_PURE_KERNELS: ['alias', 'gelu', 'log_sigmoid', 'softplus', 'hardtanh', 'relu6', 'glu', 'celu'],

  /** (Tensor, Tensor | number) -> Tensor, with `name_`. */
  BINARY: [
    'pow', 'remainder', 'fmod', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'bitwise_and', 'bitwise_or', 'bitwise_xor',
    'floor_divide', 'xlogy', 'copysign',
  ],
  /** Like BINARY, but a number operand becomes a wrapped 0-d tensor, as Python passes it (MulBackward0). */
  BINARY_WRAPPED: ['mul', 'div', 'true_divide'],

  /** (Tensor, Tensor) -> Tensor. */
  BINARY_TENSOR: [
    'matmul', 'mm', 'bmm', 'mv', 'dot', 'outer', 'maximum', 'minimum', 'atan2', 'logical_and', 'logical_or',
    'logical_xor', 'fmax', 'fmin', 'hypot', 'kron', 'vdot', 'inner', 'expand_as', 'view_as', 'reshape_as', 'type_as',
    'masked_select', 'heaviside', 'nextafter', 'logaddexp', 'logaddexp2', 'gcd', 'lcm', 'ldexp',
  ],

  /** Methods that go straight to aten::<name> through the dispatcher: `x.name(...args, {kwargs})`. */
  GENERIC: [
    'logsumexp', 'cumsum', 'cumprod', 'cummax', 'cummin', 'sort', 'argsort', 'topk', 'kthvalue', 'mode', 'nanmedian',
    'amax', 'amin', 'aminmax', 'std_mean', 'var_mean', 'gather', 'scatter', 'scatter_', 'scatter_add', 'scatter_add_',
    'scatter_reduce', 'index_select', 'index_add', 'index_add_', 'index_fill', 'index_fill_', 'index_copy',
    'index_copy_', 'masked_fill', 'masked_fill_', 'masked_scatter', 'take', 'take_along_dim', 'isclose', 'allclose',
    'equal', 'lerp', 'lerp_', 'addcmul', 'addcmul_', 'addcdiv', 'addcdiv_', 'addmv', 'addbmm', 'baddbmm', 'addr',
    'clamp_min', 'clamp_max', 'clamp_min_', 'clamp_max_', 'clip', 'diag', 'diagonal', 'diag_embed', 'roll', 'flip',
    'rot90', 'cross', 'movedim', 'moveaxis', 'unfold', 'new_zeros', 'new_ones', 'new_full', 'new_empty',
    'repeat_interleave', 'tile', 'bernoulli', 'bernoulli_', 'normal_', 'uniform_', 'random_', 'exponential_',
    'geometric_', 'log_normal_', 'cauchy_', 'multinomial', 'histc', 'bincount', 'renorm', 'renorm_', 'dist', 'sinc',
    'sinc_', 'positive', 'float_power', 'logical_and_', 'logical_or_', 'logical_xor_', 'triu_', 'tril_',
    'fill_diagonal_', 'resize_', 'as_strided', 'squeeze_', 'unsqueeze_', 'transpose_', 'nan_to_num_', 'cholesky',
    'cholesky_inverse', 'lu_solve', 'triangular_solve', 'qr', 'svd', 'slogdet', 'matrix_power', 'ger', 'frexp',
    'conj_physical', 'quantile', 'nanquantile', 'msort', 'searchsorted', 'bucketize',
    'diff', 'tensor_split', 'hsplit', 'vsplit', 'dsplit', 'narrow_copy', 'is_nonzero',
    'is_same_size', 'sum_to_size', 'mvlgamma', 'polygamma', 'logit_', 'hypot_', 'atan2_', 'heaviside_', 'ldexp_',
    'gcd_', 'lcm_', 'bitwise_left_shift', 'bitwise_right_shift', 'broadcast_to', 'absolute', 'absolute_', 'negative',
    'negative_', 'arccos', 'arccos_', 'arcsin', 'arcsin_', 'arctan', 'arctan_', 'arctan2', 'arctan2_', 'arccosh', 'arcsinh',
    'arctanh', 'fix', 'fix_', 'logcumsumexp', 'cov', 'corrcoef',
    'addbmm_', 'addmm_', 'addmv_', 'addr_', 'baddbmm_', 'arccosh_', 'arcsinh_', 'arctanh_', 'as_strided_',
    'as_strided_scatter', 'diagonal_scatter', 'select_scatter', 'slice_scatter', 'bitwise_left_shift_',
    'bitwise_right_shift_', 'cholesky_solve', 'conj_physical_', 'cumprod_', 'cumsum_', 'diagflat', 'divide_',
    'multiply_', 'subtract_', 'float_power_', 'geqrf', 'greater', 'greater_', 'greater_equal', 'greater_equal_', 'less',
    'less_', 'less_equal', 'less_equal_', 'not_equal', 'not_equal_', 'hardshrink', 'histogram', 'igamma', 'igamma_',
    'igammac', 'igammac_', 'index_reduce', 'index_reduce_', 'isreal', 'masked_scatter_', 'mvlgamma_', 'nextafter_',
    'orgqr', 'ormqr', 'polygamma_', 'prelu', 'put', 'put_', 'resize_as_', 'scatter_reduce_', 'split_with_sizes',
    'swapaxes_', 'swapdims_', 'unsafe_chunk', 'unsafe_split', 'unsafe_split_with_sizes', 'resolve_conj',
    'resolve_neg', 'is_conj', 'is_neg', 'is_set_to', 'is_signed', 'is_inference', 'is_distributed',
    'adjoint', 'chalf', 'symeig', 'pin_memory', 'is_pinned', 'to_mkldnn', 'to_padded_tensor', 'coalesce', 'indices',
    'values', 'is_coalesced', 'sparse_dim', 'dense_dim', 'sparse_mask', 'to_dense', 'to_sparse', 'istft', 'set_',
  ],

  /** torch.<name>(...) only (no Tensor method): straight to aten::<name> with PyTorch's argument names. */
  TORCH_ONLY: [
    'isin', 'cosine_similarity', 'pairwise_distance', 'column_stack', 'row_stack', 'atleast_1d', 'atleast_2d', 'atleast_3d',
  ],

  /** PyTorch's name for the second argument of BINARY and BINARY_TENSOR ops, where it is not `other`. */
  OTHER_NAME: {
    pow: 'exponent', pow_: 'exponent', mm: 'mat2', bmm: 'mat2', mv: 'vec', dot: 'tensor', outer: 'vec2', masked_select: 'mask',
    heaviside: 'values',
  },

  /** Ops whose one list argument may also be given as varargs, as Python allows: `x.flip(0, 1)`, `x.new_zeros(2, 3)`. */
  INT_LIST_VARARGS: {
    flip: 'dims', tile: 'dims', new_zeros: 'size', new_ones: 'size', new_empty: 'size', sum_to_size: 'size', broadcast_to: 'size',
    resize_: 'size',
  },

  /** GENERIC ops by result, for the method types (a tensor when not listed). */
  RESULT_VALUES_INDICES: ['cummax', 'cummin', 'sort', 'topk', 'kthvalue', 'mode'],
  /** A tensor without dim, values and indices with it. */
  RESULT_ANY: ['nanmedian'],
  RESULT_PAIR: ['aminmax', 'std_mean', 'var_mean', 'slogdet', 'qr', 'frexp', 'triangular_solve', 'geqrf', 'histogram', 'symeig'],
  RESULT_BOOL: ['allclose', 'equal', 'is_nonzero', 'is_same_size', 'is_conj', 'is_neg', 'is_set_to', 'is_signed', 'is_inference',
    'is_distributed', 'is_pinned', 'is_coalesced'],
  RESULT_LIST: ['tensor_split', 'hsplit', 'vsplit', 'dsplit', 'svd', 'split_with_sizes', 'unsafe_chunk', 'unsafe_split',
    'unsafe_split_with_sizes'],
  /** GENERIC ops whose result is a Python int. */
  RESULT_INT: ['sparse_dim', 'dense_dim'],
};
