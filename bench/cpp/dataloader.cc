// DataLoader floor: one shuffled pass over the Fashion-MNIST training images in batches of 32,
// each batch gathered from the uint8 images (index_select) and converted as ToImage +
// ToDtype(float32, scale=True) -- the work torchts' DataLoader fast path does, without JS.
// Usage: dataloader <epochs>  ->  "fmnist_b32 <batches per second>" (median over epochs)
#include "common.h"
#include <algorithm>

int main(int argc, char** argv) {
  long epochs = argc > 1 ? atol(argv[1]) : 1;
  at::set_num_threads(1);
  torch::manual_seed(0);
  auto ds = bench::load_train();
  const int64_t n = ds.images.size(0), bs = 32;
  std::vector<double> rates;
  double checksum = 0;
  for (long e = 0; e <= epochs; e++) {  // epoch 0 warms up
    auto t0 = std::chrono::steady_clock::now();
    auto perm = torch::randperm(n, torch::kLong);
    long batches = 0;
    for (int64_t start = 0; start < n; start += bs, batches++) {
      auto idx = perm.narrow(0, start, std::min(bs, n - start));
      auto x = bench::to_float_image(ds.images.index_select(0, idx));
      auto y = ds.labels.index_select(0, idx);
      checksum += x.size(0) + y.size(0);
    }
    if (e > 0) rates.push_back(batches / bench::seconds_since(t0));
  }
  std::sort(rates.begin(), rates.end());
  printf("fmnist_b32 %.3f\n", rates[rates.size() / 2]);
  fprintf(stderr, "checksum %.0f\n", checksum);
  return 0;
}
