// The notebook's data cell (In [21]), ported: Fashion-MNIST with ToImage + ToDtype, labels remapped
// so task A sees the 8 classes other than T-shirt/top (0) and Pullover (2), and task B sees just
// those two (as a binary problem for BCEWithLogitsLoss).
import * as torch from '../../lib';
import * as torchvision from '../../lib/vision';

const T = torchvision.transforms.v2;
const { DataLoader, Subset } = torch.utils.data;

export interface DataOptions {
  /** Where the IDX files live or get copied to (torchvision's `root`). */
  root?: string;
  /** Keep only the first N training / test samples of each task (tests and quick runs). */
  limit?: { train?: number; test?: number };
  batch_size?: number;
}

export function fashionMNIST(options: DataOptions = {}) {
  const root = options.root ?? 'datasets';
  const toTensor = T.Compose([T.ToImage(), T.ToDtype(torch.float32, { scale: true })]);
  const train_data = torchvision.datasets.FashionMNIST(root, { train: true, download: true, transform: toTensor });
  const test_data = torchvision.datasets.FashionMNIST(root, { train: false, download: true, transform: toTensor });
  return { train_data, test_data, toTensor, root };
}

const label_map = new Map([[1, 0], [3, 1], [4, 2], [5, 3], [6, 4], [7, 5], [8, 6], [9, 7]]);
const take = (idxs: number[], n?: number) => (n === undefined ? idxs : idxs.slice(0, n));

/** Task A: the 8 classes other than T-shirt/top and Pullover, relabelled 0..7 (the notebook's cell). */
export function taskA(options: DataOptions = {}) {
  const { train_data, test_data } = fashionMNIST(options);
  const remap = (targets: torch.Tensor) => torch.tensor((targets.tolist() as number[]).map((label) => label_map.get(label) ?? -1));
  train_data.targets = remap(train_data.targets);
  test_data.targets = remap(test_data.targets);
  const indicesOf = (targets: torch.Tensor) => (targets.tolist() as number[]).flatMap((label, i) => (label !== -1 ? [i] : []));
  const train_idxs = take(indicesOf(train_data.targets), options.limit?.train);
  const test_idxs = take(indicesOf(test_data.targets), options.limit?.test);
  const train_data_subset = Subset(train_data, train_idxs);
  const test_data_subset = Subset(test_data, test_idxs);
  const batch_size = options.batch_size ?? 32;
  const train_loader = DataLoader(train_data_subset, { batch_size, shuffle: true });
  const test_loader = DataLoader(test_data_subset, { batch_size });
  return { train_data, test_data, train_data_subset, test_data_subset, train_loader, test_loader };
}

/**
 * Task B: T-shirt/top (0) vs Pullover (1), float targets of shape [1] for BCEWithLogitsLoss.
 * Transfer learning shines with little data, so the training set is small (`n_train`, 200 by default).
 */
export function taskB(options: DataOptions & { n_train?: number } = {}) {
  const { root } = options;
  const toTensor = T.Compose([T.ToImage(), T.ToDtype(torch.float32, { scale: true })]);
  const target_transform = (y: number) => torch.tensor([y === 2 ? 1 : 0], { dtype: torch.float32 });
  const train_data = torchvision.datasets.FashionMNIST(root ?? 'datasets', { train: true, download: true, transform: toTensor, target_transform });
  const test_data = torchvision.datasets.FashionMNIST(root ?? 'datasets', { train: false, download: true, transform: toTensor, target_transform });
  const indicesOf = (targets: torch.Tensor) => (targets.tolist() as number[]).flatMap((label, i) => (label === 0 || label === 2 ? [i] : []));
  const train_idxs = take(indicesOf(train_data.targets), options.n_train ?? 200);
  const test_idxs = take(indicesOf(test_data.targets), options.limit?.test);
  const batch_size = options.batch_size ?? 32;
  const train_loader = DataLoader(Subset(train_data, train_idxs), { batch_size, shuffle: true });
  const test_loader = DataLoader(Subset(test_data, test_idxs), { batch_size });
  return { train_loader, test_loader };
}
