// GEMM floor: at::mm on two 1024×1024 float32 matrices, one intra-op thread.
// Usage: gemm <n> <min seconds>  ->  "gemm <GFLOP/s>" (median of the timed repetitions)
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 1024;
  double min_s = argc > 2 ? atof(argv[2]) : 0.5;
  at::set_num_threads(1);
  at::manual_seed(0);
  at::Tensor a = at::randn({n, n}), b = at::randn({n, n});
  at::mm(a, b);  // warm-up
  std::vector<double> gflops;
  double spent = 0;
  while (spent < min_s || gflops.size() < 3) {
    auto t0 = std::chrono::steady_clock::now();
    at::Tensor c = at::mm(a, b);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    spent += s;
    gflops.push_back(2.0 * n * n * n / s / 1e9);
  }
  std::sort(gflops.begin(), gflops.end());
  printf("gemm %.3f\n", gflops[gflops.size() / 2]);
  return 0;
}
