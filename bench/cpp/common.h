// Shared by the C++ floor programs: Fashion-MNIST IDX reading (zlib), timing, RSS.
#pragma once
#include <torch/torch.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace bench {

inline std::string fmnist_dir() {
  const char* m = std::getenv("TORCHTS_DATASETS_MIRROR");
  return std::string(m ? m : "/usr/share/datasets") + "/fashion-mnist";
}

// A gzipped IDX file -> uint8 tensor of the header's shape (the MNIST family stores uint8 data).
inline torch::Tensor read_idx(const std::string& file) {
  gzFile f = gzopen(file.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + file);
  std::vector<unsigned char> buf;
  unsigned char chunk[1 << 16];
  int n;
  while ((n = gzread(f, chunk, sizeof chunk)) > 0) buf.insert(buf.end(), chunk, chunk + n);
  gzclose(f);
  int nd = buf[3];
  std::vector<int64_t> dims;
  for (int i = 0; i < nd; i++) {
    const unsigned char* p = &buf[4 + 4 * i];
    dims.push_back((int64_t(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3]);
  }
  size_t off = 4 + 4 * nd;
  auto t = torch::empty(dims, torch::kUInt8);
  std::memcpy(t.data_ptr(), buf.data() + off, t.numel());
  return t;
}

struct FashionMNIST {
  torch::Tensor images;  // uint8 [60000, 28, 28]
  torch::Tensor labels;  // int64 [60000]
};

inline FashionMNIST load_train() {
  std::string d = fmnist_dir();
  return {read_idx(d + "/train-images-idx3-ubyte.gz"), read_idx(d + "/train-labels-idx1-ubyte.gz").to(torch::kLong)};
}

// The notebook's task A: classes other than 0 and 2, relabelled 0..7 -> {indices into the set, new labels}.
inline std::pair<torch::Tensor, torch::Tensor> task_a(const torch::Tensor& labels) {
  static const int64_t map[10] = {-1, 0, -1, 1, 2, 3, 4, 5, 6, 7};
  auto acc = labels.accessor<int64_t, 1>();
  std::vector<int64_t> idx;
  std::vector<int64_t> remapped(labels.size(0));
  for (int64_t i = 0; i < labels.size(0); i++) {
    remapped[i] = map[acc[i]];
    if (remapped[i] != -1) idx.push_back(i);
  }
  return {torch::tensor(idx, torch::kLong), torch::tensor(remapped, torch::kLong)};
}

// ToImage + ToDtype(float32, scale=True) on a uint8 batch [N, 28, 28] -> float [N, 1, 28, 28].
inline torch::Tensor to_float_image(const torch::Tensor& u8) { return u8.unsqueeze(1).to(torch::kFloat).mul_(1.0 / 255); }

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

inline long rss_bytes() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6) * 1024;
  return -1;
}

}  // namespace bench
