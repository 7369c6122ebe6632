// Writes a file with LibTorch's C++ torch::pickle_save (the format torch.load reads in Python):
// a Dict[str, Tensor], a List[int], a List[float], a tuple and a nested dict, as TorchScript types
// tag them. Built and run by scripts/golden/serialization.py. Usage: pickle_save_fixture OUT
#include <torch/script.h>
#include <torch/serialize.h>
#include <fstream>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  c10::Dict<std::string, at::Tensor> weights;
  weights.insert("weight", torch::arange(6, torch::kFloat32).reshape({2, 3}));
  weights.insert("bias", torch::tensor({0.5, -0.5}, torch::kFloat64));
  c10::impl::GenericDict root(c10::StringType::get(), c10::AnyType::get());
  root.insert("weights", weights);
  root.insert("ints", c10::List<int64_t>({1, -2, 3000000000}));
  root.insert("floats", c10::List<double>({0.25, -1.5}));
  root.insert("pair", c10::ivalue::Tuple::create({c10::IValue(std::string("a")), c10::IValue(true)}));
  root.insert("view", torch::arange(10, torch::kInt64).slice(0, 2, 8, 3));
  std::vector<char> bytes = torch::pickle_save(c10::IValue(root));
  std::ofstream(argv[1], std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return 0;
}
