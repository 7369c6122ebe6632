// Jest globalSetup: the BLAS and oneDNN kernels scripts/golden/run.py writes the fixtures with (AVX2),
// set in the real environment before any test process loads LibTorch, so a machine with wider vector
// units (AVX-512) sums dot and matrix products in the fixtures' order and full-precision figures agree.
module.exports = () => {
  process.env.OPENBLAS_CORETYPE = process.env.OPENBLAS_CORETYPE || 'Haswell';
  process.env.DNNL_MAX_CPU_ISA = process.env.DNNL_MAX_CPU_ISA || 'AVX2';
};
