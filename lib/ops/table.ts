// Which Tensor methods and torch.* functions exist and how each reaches native code.
// The first four lists mirror native/ops_table.h (typed fast paths; a test checks they match).
// Every other op goes through the dispatcher by name (GENERIC), with PyTorch's argument names.

/** Tensor -> Tensor, with an in-place `name_` too. */
export const UNARY = [
  'abs', 'neg', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sqrt', 'rsqrt', 'sin', 'cos', 'tan', 'asin',
  'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sigmoid', 'relu', 'sign', 'floor', 'ceil', 'round',
  'trunc', 'frac', 'reciprocal', 'erf', 'erfc', 'erfinv', 'square', 'sgn', 'i0', 'digamma', 'lgamma', 'deg2rad',
  'rad2deg', 'logical_not', 'bitwise_not', 't',
] as const;

/** Tensor -> Tensor with no in-place form; called with arguments they take the dispatcher path (`x.sum(1)`). */
export const UNARY_PURE = [
  'isnan', 'isinf', 'isfinite', 'isneginf', 'isposinf', 'signbit', 'detach', 'clone', 'conj', 'angle', 'ravel',
  'nonzero', 'argwhere', 'sum', 'mean', 'prod', 'all', 'any', 'max', 'min', 'argmax', 'argmin', 'std', 'var',
  'median', 'nansum', 'nanmean', 'count_nonzero', 'trace', 'tril', 'triu', 'fliplr', 'flipud', 'logit', 'nan_to_num',
  'matrix_exp', 'inverse', 'det', 'logdet', 'pinverse',
] as const;

/** (Tensor, Tensor | number) -> Tensor, with `name_`. */
export const BINARY = [
  'mul', 'div', 'pow', 'remainder', 'fmod', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'bitwise_and', 'bitwise_or',
  'bitwise_xor', 'floor_divide', 'true_divide', 'xlogy', 'copysign',
] as const;

/** (Tensor, Tensor) -> Tensor. */
export const BINARY_TENSOR = [
  'matmul', 'mm', 'bmm', 'mv', 'dot', 'outer', 'maximum', 'minimum', 'atan2', 'logical_and', 'logical_or',
  'logical_xor', 'fmax', 'fmin', 'hypot', 'kron', 'vdot', 'inner', 'expand_as', 'view_as', 'reshape_as', 'type_as',
  'masked_select', 'heaviside', 'nextafter', 'logaddexp', 'logaddexp2', 'gcd', 'lcm', 'ldexp',
] as const;

/** Methods that go straight to aten::<name> through the dispatcher: `x.name(...args, {kwargs})`. */
export const GENERIC = [
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
  'conj_physical', 'real', 'imag', 'quantile', 'nanquantile', 'msort', 'searchsorted', 'bucketize',
  'diff', 'tensor_split', 'hsplit', 'vsplit', 'dsplit', 'narrow_copy', 'is_nonzero',
  'is_same_size', 'sum_to_size', 'mvlgamma', 'polygamma', 'logit_', 'hypot_', 'atan2_', 'heaviside_', 'ldexp_',
  'gcd_', 'lcm_', 'bitwise_left_shift', 'bitwise_right_shift', 'broadcast_to', 'absolute', 'absolute_', 'negative',
  'negative_', 'arccos', 'arccos_', 'arcsin', 'arcsin_', 'arctan', 'arctan_', 'arctan2', 'arctan2_', 'arccosh', 'arcsinh',
  'arctanh', 'fix', 'fix_', 'logcumsumexp', 'cov', 'corrcoef',
] as const;

/** torch.<name>(...) only (no Tensor method): straight to aten::<name> with PyTorch's argument names. */
export const TORCH_ONLY = [
  'isin', 'cosine_similarity', 'pairwise_distance', 'column_stack', 'row_stack', 'atleast_1d', 'atleast_2d', 'atleast_3d',
] as const;

/** PyTorch's name for the second argument of BINARY and BINARY_TENSOR ops, where it is not `other`. */
export const OTHER_NAME = {
  pow: 'exponent', pow_: 'exponent', mm: 'mat2', bmm: 'mat2', mv: 'vec', dot: 'tensor', outer: 'vec2', masked_select: 'mask',
  heaviside: 'values',
} as const;

/** Ops whose one list argument may also be given as varargs, as Python allows: `x.flip(0, 1)`, `x.new_zeros(2, 3)`. */
export const INT_LIST_VARARGS: Partial<Record<string, string>> = {
  flip: 'dims', tile: 'dims', new_zeros: 'size', new_ones: 'size', new_empty: 'size', sum_to_size: 'size', broadcast_to: 'size',
  resize_: 'size',
};

/** GENERIC ops by result, for the method types. */
export const RESULT_VALUES_INDICES = ['cummax', 'cummin', 'sort', 'topk', 'kthvalue', 'mode'] as const;
export const RESULT_ANY = ['nanmedian'] as const;  // a tensor without dim, values/indices with it
export const RESULT_PAIR = ['aminmax', 'std_mean', 'var_mean', 'slogdet', 'qr', 'frexp', 'triangular_solve'] as const;
export const RESULT_BOOL = ['allclose', 'equal', 'is_nonzero', 'is_same_size'] as const;
export const RESULT_LIST = ['tensor_split', 'hsplit', 'vsplit', 'dsplit', 'svd'] as const;

export type UnaryName = (typeof UNARY)[number];
export type UnaryPureName = (typeof UNARY_PURE)[number];
export type BinaryName = (typeof BINARY)[number];
export type BinaryTensorName = (typeof BINARY_TENSOR)[number];
export type GenericName = (typeof GENERIC)[number];
export type TorchOnlyName = (typeof TORCH_ONLY)[number];
