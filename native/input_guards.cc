// Input guards for LibTorch kernels that crash (SIGFPE, SIGSEGV) or spin on inputs PyTorch's
// Python layer never hands them, though torch.ops.aten can. One entry per operator, run on the
// filled stack before the call: it throws PyTorch's kind of error, or answers the call itself.
#include "input_guards.h"
#include <ATen/ATen.h>
#include <map>
#include <tuple>
#include <string>

namespace torchts {
namespace {

using Stack = std::vector<c10::IValue>;

// channel_shuffle's own checks (native_channel_shuffle skips them and divides by zero or reads
// out of bounds); an empty input comes back as an empty copy, as channel_shuffle returns it.
bool guardChannelShuffle(Stack& stack) {
  const at::Tensor& self = stack[0].toTensor();
  const int64_t groups = stack[1].toInt();
  TORCH_CHECK(self.dim() > 2, "channel_shuffle expects input with > 2 dims, but got input with sizes ", self.sizes());
  TORCH_CHECK(groups > 0, "Number of groups to divide channels in must be positive. Value of groups:", groups);
  TORCH_CHECK(self.size(1) % groups == 0, "Number of channels must be divisible by groups. Got ", self.size(1),
              " channels and ", groups, " groups.");
  if (self.numel() != 0) return false;
  stack = {c10::IValue(self.clone())};
  return true;
}

// The cells and their backward split gate pre-activations with chunk(gates) along `dim` and
// index every chunk: a size that is not a multiple of the gate count leaves fewer chunks.
// Never answers the call itself.
bool checkGateSizes(const Stack& stack, const char* op, int64_t gates, int64_t dim,
                    std::initializer_list<std::pair<int, const char*>> args) {
  for (const auto& [i, name] : args) {
    if (!stack[i].isTensor()) continue;
    const at::Tensor& t = stack[i].toTensor();
    if (t.dim() <= dim) continue;  // rejected by the op itself
    TORCH_CHECK(t.size(dim) % gates == 0, op, "(): ", name, ".size(", dim, ") must be ", gates,
                " * hidden_size (one block per gate), but got ", t.size(dim));
  }
  return false;
}

// The fractional max pooling backward kernels read output_size[0..n-1] whatever its length.
bool checkOutputSizeLength(const Stack& stack, const char* op, size_t n) {
  const size_t given = stack[3].toIntVector().size();
  TORCH_CHECK(given == n, op, "(): It is expected output_size equals to ", n, ", but got size ", given);
  return false;
}

// The SobolEngine kernels walk their state through raw accessors sized by `dimension` and the
// 30 direction bits; they check neither (torch.quasirandom.SobolEngine builds the state right).
constexpr int64_t kSobolBits = 30, kSobolMaxDim = 21201;
void checkSobolTensor(const Stack& stack, int i, const char* name, int64_t rank, int64_t dimension) {
  const at::Tensor& t = stack[i].toTensor();
  TORCH_CHECK(t.scalar_type() == at::kLong, name, " needs to be of type Long, but got ", t.scalar_type());
  TORCH_CHECK(t.dim() == rank && t.is_contiguous(), name, " must be a contiguous ", rank, "-d tensor, but got sizes ", t.sizes());
  TORCH_CHECK(t.size(0) >= dimension, name, " has ", t.size(0), " rows, but dimension is ", dimension);
  for (int64_t d = 1; d < rank; d++) TORCH_CHECK(t.size(d) >= kSobolBits, name, ".size(", d, ") must be at least ", kSobolBits, ", but got ", t.size(d));
}
bool guardSobol(Stack& stack, int dimensionAt, std::initializer_list<std::tuple<int, const char*, int64_t>> tensors) {
  const int64_t dimension = stack[dimensionAt].toInt();
  TORCH_CHECK(dimension >= 0 && dimension <= kSobolMaxDim, "Supported range of dimensionality for SobolEngine is [1, ", kSobolMaxDim, "], but got ", dimension);
  for (const auto& [i, name, rank] : tensors) checkSobolTensor(stack, i, name, rank, dimension);
  return false;
}

// Pooling output length, as ATen's pooling_output_shape computes it, with 64-bit floor division
// throughout (1.13's div_rtn truncates to int: huge kernels then get one output instead of none).
int64_t poolingOutputSize(int64_t in, int64_t k, int64_t pad, int64_t stride, int64_t dilation, bool ceil_mode) {
  const int64_t num = in + 2 * pad - dilation * (k - 1) - 1 + (ceil_mode ? stride - 1 : 0);
  int64_t out = num / stride - ((num % stride != 0 && num < 0) ? 1 : 0) + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

// max_pool1d's kernel costs time in proportion to kernel_size even where the window hangs past
// the input (F.max_pool1d(x, 1e12) never returns). Such a window reads the same elements as the
// clamped loops of max_pool1d_with_indices, which returns the same values at once.
bool guardMaxPool1d(Stack& stack) {
  const at::Tensor& self = stack[0].toTensor();
  const std::vector<int64_t> kernel = stack[1].toIntVector();
  std::vector<int64_t> stride = stack[2].toIntVector();
  const std::vector<int64_t> padding = stack[3].toIntVector(), dilation = stack[4].toIntVector();
  const bool ceil_mode = stack[5].toBool();
  if (self.dim() < 2 || kernel.size() != 1 || stride.size() > 1 || padding.size() != 1 || dilation.size() != 1) return false;
  if (stride.empty()) stride = kernel;
  const int64_t width = self.size(-1), k = kernel[0], s = stride[0], p = padding[0], d = dilation[0];
  if (k <= 0 || s <= 0 || p < 0 || d <= 0 || p > k / 2 || width == 0) return false;  // the op's own errors
  if (d * (k - 1) + 1 <= width) return false;  // an ordinary window
  const int64_t outWidth = poolingOutputSize(width, k, p, s, d, ceil_mode);
  if (outWidth < 0) return false;  // "Invalid computed output size"
  if (outWidth == 0) {
    std::vector<int64_t> shape = self.sizes().vec();
    shape.back() = 0;
    stack = {c10::IValue(at::empty(shape, self.options()))};
  } else {
    stack = {c10::IValue(std::get<0>(at::max_pool1d_with_indices(self, kernel, stride, padding, dilation, ceil_mode)))};
  }
  return true;
}

const std::map<std::string, InputGuard>& guards() {
  static const std::map<std::string, InputGuard> table = {
    {"aten::native_channel_shuffle", guardChannelShuffle},
    {"aten::gru_cell", [](Stack& s) { return checkGateSizes(s, "gru_cell", 3, 0, {{2, "w_ih"}, {3, "w_hh"}}); }},
    {"aten::lstm_cell", [](Stack& s) { return checkGateSizes(s, "lstm_cell", 4, 0, {{2, "w_ih"}, {3, "w_hh"}}); }},
    {"aten::_thnn_differentiable_gru_cell_backward",
     [](Stack& s) { return checkGateSizes(s, "_thnn_differentiable_gru_cell_backward", 3, 1, {{1, "input_gates"}, {2, "hidden_gates"}}); }},
    {"aten::_thnn_differentiable_lstm_cell_backward",
     [](Stack& s) { return checkGateSizes(s, "_thnn_differentiable_lstm_cell_backward", 4, 1, {{2, "input_gates"}, {3, "hidden_gates"}}); }},
    {"aten::fractional_max_pool2d_backward", [](Stack& s) { return checkOutputSizeLength(s, "fractional_max_pool2d_backward", 2); }},
    {"aten::fractional_max_pool2d_backward.grad_input", [](Stack& s) { return checkOutputSizeLength(s, "fractional_max_pool2d_backward", 2); }},
    {"aten::fractional_max_pool3d_backward", [](Stack& s) { return checkOutputSizeLength(s, "fractional_max_pool3d_backward", 3); }},
    {"aten::fractional_max_pool3d_backward.grad_input", [](Stack& s) { return checkOutputSizeLength(s, "fractional_max_pool3d_backward", 3); }},
    {"aten::max_pool1d", guardMaxPool1d},
    {"aten::_sobol_engine_initialize_state_", [](Stack& s) { return guardSobol(s, 1, {{0, "sobolstate", 2}}); }},
    {"aten::_sobol_engine_draw", [](Stack& s) { return guardSobol(s, 3, {{0, "quasi", 1}, {2, "sobolstate", 2}}); }},
    {"aten::_sobol_engine_ff_", [](Stack& s) { return guardSobol(s, 3, {{0, "quasi", 1}, {2, "sobolstate", 2}}); }},
    {"aten::_sobol_engine_scramble_", [](Stack& s) { return guardSobol(s, 2, {{0, "sobolstate", 2}, {1, "ltm", 3}}); }},
  };
  return table;
}

}  // namespace

InputGuard findInputGuard(const c10::OperatorName& op) {
  const std::string key = op.overload_name.empty() ? op.name : op.name + "." + op.overload_name;
  auto it = guards().find(key);
  return it == guards().end() ? nullptr : it->second;
}

}  // namespace torchts
