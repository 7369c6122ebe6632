// Input guards for LibTorch kernels that crash (SIGFPE, SIGSEGV) or spin on inputs PyTorch's
// Python layer never hands them, though torch.ops.aten can. One entry per operator, run on the
// filled stack before the call: it throws PyTorch's kind of error, or answers the call itself.
#include "input_guards.h"
#include <ATen/ATen.h>
#include <map>
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

// The cells and their backward split gate pre-activations with chunk(gates) along dim 1 and
// index every chunk: a size that is not a multiple of the gate count leaves fewer chunks.
template <int kGates>
void checkGateSizes(const char* op, const Stack& stack, std::initializer_list<std::pair<int, const char*>> args, int64_t dim) {
  for (const auto& [i, name] : args) {
    if (!stack[i].isTensor()) continue;
    const at::Tensor& t = stack[i].toTensor();
    if (t.dim() <= dim) continue;  // rejected by the op itself
    TORCH_CHECK(t.size(dim) % kGates == 0, op, "(): ", name, ".size(", dim, ") must be ", kGates,
                " * hidden_size (one block per gate), but got ", t.size(dim));
  }
}
bool guardGruCell(Stack& stack) {
  checkGateSizes<3>("gru_cell", stack, {{2, "w_ih"}, {3, "w_hh"}}, 0);
  return false;
}
bool guardLstmCell(Stack& stack) {
  checkGateSizes<4>("lstm_cell", stack, {{2, "w_ih"}, {3, "w_hh"}}, 0);
  return false;
}
bool guardGruCellBackward(Stack& stack) {
  checkGateSizes<3>("_thnn_differentiable_gru_cell_backward", stack, {{1, "input_gates"}, {2, "hidden_gates"}}, 1);
  return false;
}
bool guardLstmCellBackward(Stack& stack) {
  checkGateSizes<4>("_thnn_differentiable_lstm_cell_backward", stack, {{2, "input_gates"}, {3, "hidden_gates"}}, 1);
  return false;
}

// The backward kernels read output_size[0..N-1] whatever its length.
template <size_t N>
bool guardFractionalMaxPoolBackward(const char* op, Stack& stack) {
  const size_t given = stack[3].toIntVector().size();
  TORCH_CHECK(given == N, op, "(): It is expected output_size equals to ", N, ", but got size ", given);
  return false;
}
bool guardFractionalMaxPool2dBackward(Stack& stack) { return guardFractionalMaxPoolBackward<2>("fractional_max_pool2d_backward", stack); }
bool guardFractionalMaxPool3dBackward(Stack& stack) { return guardFractionalMaxPoolBackward<3>("fractional_max_pool3d_backward", stack); }

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
    {"aten::gru_cell", guardGruCell},
    {"aten::lstm_cell", guardLstmCell},
    {"aten::_thnn_differentiable_gru_cell_backward", guardGruCellBackward},
    {"aten::_thnn_differentiable_lstm_cell_backward", guardLstmCellBackward},
    {"aten::fractional_max_pool2d_backward", guardFractionalMaxPool2dBackward},
    {"aten::fractional_max_pool2d_backward.grad_input", guardFractionalMaxPool2dBackward},
    {"aten::fractional_max_pool3d_backward", guardFractionalMaxPool3dBackward},
    {"aten::fractional_max_pool3d_backward.grad_input", guardFractionalMaxPool3dBackward},
    {"aten::max_pool1d", guardMaxPool1d},
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
