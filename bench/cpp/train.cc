// The training cases as a C++ LibTorch program (the zero-overhead floor): the same models,
// optimizers and data as bench/cases/train_a.js, train_bn.js and memory.js.
// Usage:
//   train a_loader <steps> <warmup>   model A, SGD(0.01), batches gathered from the uint8 images
//                                     in shuffled order and converted (ToImage + ToDtype), as
//                                     torchts' DataLoader does
//   train a_pre <steps> <warmup>      model A on the task-A images pre-loaded as one float tensor
//   train bn32|bn256 <steps> <warmup> the BatchNorm model, AdamW, pre-loaded data
//   train memory <steps> <every>      model A with the loader, "rss@<step> <bytes>" lines
// Prints "<case> <steps per second>" (or the rss lines).
#include "common.h"
#include "../callgrind/marks.h"

using namespace torch;

static nn::Sequential model_a() {
  return nn::Sequential(nn::Flatten(), nn::Linear(784, 100), nn::ReLU(), nn::Linear(100, 100), nn::ReLU(),
                        nn::Linear(100, 100), nn::ReLU(), nn::Linear(100, 8));
}

static nn::Sequential model_bn() {
  return nn::Sequential(nn::Flatten(), nn::BatchNorm1d(784), nn::Linear(784, 300), nn::ReLU(), nn::BatchNorm1d(300),
                        nn::Linear(300, 100), nn::ReLU(), nn::BatchNorm1d(100), nn::Linear(100, 10));
}

int main(int argc, char** argv) {
  std::string which = argc > 1 ? argv[1] : "a_pre";
  long steps = argc > 2 ? atol(argv[2]) : 1500;
  long extra = argc > 3 ? atol(argv[3]) : 50;  // warm-up steps (memory: sampling interval)
  at::set_num_threads(1);
  torch::manual_seed(0);
  auto ds = bench::load_train();
  nn::CrossEntropyLoss criterion;
  double total_loss = 0;

  if (which == "a_loader" || which == "a_pre" || which == "memory") {
    auto [subset, remapped] = bench::task_a(ds.labels);
    const int64_t n = subset.size(0), bs = 32, per_epoch = n / bs + (n % bs ? 1 : 0);
    auto model = model_a();
    model->train();
    optim::SGD opt(model->parameters(), optim::SGDOptions(0.01));
    auto step = [&](const Tensor& x, const Tensor& y) {
      auto y_pred = model->forward(x);
      auto loss = criterion(y_pred, y);
      loss.backward();
      total_loss += loss.item<float>();
      opt.step();
      opt.zero_grad();
    };
    if (which == "a_pre") {
      auto X = bench::to_float_image(ds.images.index_select(0, subset));
      auto Y = remapped.index_select(0, subset);
      auto run = [&](long k) {
        for (long i = 0; i < k; i++) {
          int64_t b = i % per_epoch, start = b * bs, len = std::min(bs, n - start);
          step(X.narrow(0, start, len), Y.narrow(0, start, len));
        }
      };
      run(extra);
      BENCH_REGION_START();
      auto t0 = std::chrono::steady_clock::now();
      run(steps);
      double seconds = bench::seconds_since(t0);
      BENCH_REGION_STOP();
      printf("a_pre %.3f\n", steps / seconds);
    } else {
      // One "DataLoader" pass: shuffle, then per batch gather uint8 images + targets and convert.
      long done = 0;
      auto epoch = [&](long k, long every) {
        auto perm = subset.index_select(0, torch::randperm(n, torch::kLong));
        for (int64_t b = 0; b < per_epoch && k > 0; b++, k--) {
          int64_t start = b * bs, len = std::min(bs, n - start);
          auto idx = perm.narrow(0, start, len);
          step(bench::to_float_image(ds.images.index_select(0, idx)), remapped.index_select(0, idx));
          done++;
          if (every > 0 && done % every == 0) printf("rss@%ld %ld\n", done, bench::rss_bytes());
        }
        return k;
      };
      if (which == "memory") {
        printf("rss@0 %ld\n", bench::rss_bytes());
        for (long left = steps; left > 0;) left = epoch(left, extra);
      } else {
        epoch(extra, 0);
        auto t0 = std::chrono::steady_clock::now();
        long left = steps;
        while (left > 0) left = epoch(left, 0);
        printf("a_loader %.3f\n", steps / bench::seconds_since(t0));
      }
    }
  } else if (which == "bn32" || which == "bn256") {
    const int64_t bs = which == "bn32" ? 32 : 256;
    auto X = bench::to_float_image(ds.images);
    auto Y = ds.labels;
    const int64_t batches = X.size(0) / bs;
    auto model = model_bn();
    model->train();
    optim::AdamW opt(model->parameters(), optim::AdamWOptions(1e-3));
    auto run = [&](long k) {
      for (long i = 0; i < k; i++) {
        int64_t start = (i % batches) * bs;
        auto y_pred = model->forward(X.narrow(0, start, bs));
        auto loss = criterion(y_pred, Y.narrow(0, start, bs));
        loss.backward();
        total_loss += loss.item<float>();
        opt.step();
        opt.zero_grad();
      }
    };
    run(extra);
    BENCH_REGION_START();
    auto t0 = std::chrono::steady_clock::now();
    run(steps);
    double seconds = bench::seconds_since(t0);
    BENCH_REGION_STOP();
    printf("%s %.3f\n", which.c_str(), steps / seconds);
  } else {
    fprintf(stderr, "unknown case %s\n", which.c_str());
    return 2;
  }
  fprintf(stderr, "loss sum %.4f\n", total_loss);
  return 0;
}
