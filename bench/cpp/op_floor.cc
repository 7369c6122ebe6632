// The zero-overhead floor: the same ops as bench/ops, straight from C++ LibTorch.
// Usage: op_floor <case> <iterations> [deferred]
//   deferred > 0 keeps that many results alive before freeing (models GC-deferred frees).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include "../callgrind/marks.h"

int main(int argc, char** argv) {
  const char* which = argc > 1 ? argv[1] : "add10";  // add10 relu10 matmul8 chain10 add100k
  long n = argc > 2 ? atol(argv[2]) : 1000000;
  long deferred = argc > 3 ? atol(argv[3]) : 0;
  at::set_num_threads(1);
  at::Tensor x = at::ones({strcmp(which, "add100k") == 0 ? 100000 : 10});
  at::Tensor m = at::ones({8, 8});
  std::deque<at::Tensor> keep;
  auto body = [&]() -> at::Tensor {
    if (strcmp(which, "relu10") == 0) return at::relu(x);
    if (strcmp(which, "matmul8") == 0) return at::matmul(m, m);
    if (strcmp(which, "chain10") == 0) {
      at::Tensor y = x;
      for (int k = 0; k < 5; k++) y = at::mul(at::add(y, x), 0.5);
      return y;
    }
    return at::add(x, x);
  };
  for (long i = 0; i < n / 10; i++) body();
  auto t0 = std::chrono::steady_clock::now();
  BENCH_REGION_START();
  for (long i = 0; i < n; i++) {
    at::Tensor y = body();
    if (deferred > 0) {
      keep.push_back(std::move(y));
      if (static_cast<long>(keep.size()) > deferred) keep.clear();
    }
  }
  BENCH_REGION_STOP();
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
  printf("%.4f\n", us);
  return 0;
}
