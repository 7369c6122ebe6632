// optimizer.step() floor: torch::optim::Adam(lr=1e-3) over the parameters of the 987,210-parameter
// MLP of bench/optim_step.js (784-1000-200-10) with fixed gradients.
// Usage: optim_step <steps>  ->  "adam <ms per step>"
#include <torch/torch.h>
#include <chrono>
#include <cstdio>

int main(int argc, char** argv) {
  long steps = argc > 1 ? atol(argv[1]) : 200;
  at::set_num_threads(1);
  torch::manual_seed(0);
  namespace nn = torch::nn;
  nn::Sequential model(nn::Linear(784, 1000), nn::ReLU(), nn::Linear(1000, 200), nn::ReLU(), nn::Linear(200, 10));
  for (auto& p : model->parameters()) p.mutable_grad() = torch::randn_like(p) * 1e-3;
  torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-3));
  for (long i = 0; i < steps / 10; i++) opt.step();
  auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < steps; i++) opt.step();
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  printf("adam %.4f\n", s / steps * 1e3);
  return 0;
}
