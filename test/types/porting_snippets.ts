// Python ported as a new user writes it, under strict TypeScript. `npm test`'s typecheck
// (tsc -p tsconfig.test.json) compiles this file, so a type that stops accepting one of these
// lines fails the build; test/porting_snippets.test.ts runs the same functions for their values.
import * as torch from '../../lib';
import * as torchvision from '../../lib/vision';
import { ToTensor, Lambda } from '../../lib/vision/transforms';

const nn = torch.nn;
const prune = torch.nn.utils.prune;

/** Transfer learning from the notebook: the last layer's attributes, a copy of all but the last. */
export function transferLearning(): { out_features: number; in_features: number; frozen: boolean[]; model_B_length: number } {
  const model_A = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 100), nn.ReLU(),
    nn.Linear(100, 100), nn.ReLU(),
    nn.Linear(100, 8),
  );
  let out_features = -1;
  if (model_A.at(-1) instanceof nn.Linear) out_features = model_A.at(-1).out_features;
  const last = model_A.at(-1);
  if (last instanceof nn.Linear) out_features = last.out_features;
  const in_features: number = model_A[1].in_features;
  const reused_layers = torch.deepcopy(model_A.slice(0, -1));
  const model_B_on_A = nn.Sequential(...reused_layers, nn.Linear(100, 1));
  for (const layer of model_B_on_A.slice(0, -1)) {
    for (const param of layer.parameters()) param.requires_grad = false;
  }
  const frozen = [...model_B_on_A.parameters()].map((p) => !p.requires_grad);
  return { out_features, in_features, frozen, model_B_length: model_B_on_A.length };
}

/** Layers of a ModuleList / ModuleDict, read like Python's. */
export function containers(): number[] {
  const layers = nn.ModuleList([nn.Linear(4, 3), nn.Linear(3, 2)]);
  const sizes: number[] = [layers[0].out_features, layers.at(-1).out_features];
  for (const layer of layers) sizes.push(layer.weight.shape[1]);
  const heads = nn.ModuleDict({ cls: nn.Linear(4, 5), box: nn.Linear(4, 6) });
  sizes.push(heads['cls'].out_features, heads.box.out_features, heads.get('box').in_features);
  for (const [, head] of heads.items()) sizes.push(head.out_features);
  for (const head of heads.values()) sizes.push(head.in_features);
  return sizes;
}

class LeNet extends nn.Module {
  conv1 = nn.Conv2d(1, 2, 3);
  fc1 = nn.Linear(8, 4);
  fc2 = nn.Linear(4, 2);
  forward(x: torch.Tensor): torch.Tensor { return this.fc2(this.fc1(this.conv1(x).flatten(1))); }
}

/** The pruning tutorial's global_unstructured: pairs from indexing and from named layers, as array literals. */
export function globalPruning(): number[] {
  const model = nn.Sequential(nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU(), nn.Linear(10, 10), nn.ReLU());
  prune.global_unstructured([[model[4], 'weight'], [model[6], 'weight']], { pruning_method: prune.L1Unstructured, amount: 0.5 });
  const net = new LeNet();
  const parameters_to_prune = [
    [net.conv1, 'weight'],
    [net.fc1, 'weight'],
    [net.fc2, 'weight'],
  ];
  prune.global_unstructured(parameters_to_prune, { pruning_method: prune.L1Unstructured, amount: 0.25 });
  const zeros = (t: torch.Tensor): number => t.eq(0).sum().item();
  return [zeros(model[4].weight) + zeros(model[6].weight), zeros(net.conv1.weight) + zeros(net.fc1.weight) + zeros(net.fc2.weight)];
}

/** Learn the Basics, "Datasets & DataLoaders" and "Transforms": by-name arguments, ds[i], one-hot targets. */
export function fashionMnist(root: string): { shape: number[]; label: number; classes: string; batch: number[] } {
  const training_data = torchvision.datasets.FashionMNIST({
    root,
    train: true,
    download: true,
    transform: ToTensor(),
    target_transform: Lambda((y: number) => torch.zeros(10, { dtype: torch.float }).scatter_(0, torch.tensor(y), { value: 1 })),
  });
  const labels_map: Record<number, string> = { 0: 'T-Shirt', 1: 'Trouser', 2: 'Pullover', 3: 'Dress', 4: 'Coat', 5: 'Sandal', 6: 'Shirt', 7: 'Sneaker', 8: 'Bag', 9: 'Ankle Boot' };
  const sample_idx = 7;
  const [img, label] = training_data[sample_idx];
  const train_dataloader = new torch.utils.data.DataLoader(training_data, { batch_size: 64, shuffle: false });
  const [train_features] = train_dataloader[Symbol.iterator]().next().value;
  return { shape: img.shape, label: label.argmax().item(), classes: labels_map[label.argmax().item()], batch: train_features.shape };
}

/** The tutorials' device pick. */
export function pickDevice(): string {
  const device = torch.cuda.is_available() ? 'cuda' : torch.backends.mps.is_available() ? 'mps' : 'cpu';
  torch.set_default_device(device);
  const where = torch.zeros(1).device.type;
  torch.set_default_device(null);
  return where;
}

/** "Datasets & DataLoaders": a custom dataset ported literally, no type arguments. */
class CustomDataset extends torch.utils.data.Dataset {
  labels: number[];
  constructor(labels: number[]) { super(); this.labels = labels; }
  __len__() { return this.labels.length; }
  __getitem__(idx: number) { return [torch.full([2, 2], idx, { dtype: torch.float32 }), this.labels[idx]]; }
}

export function customDataset(): { shape: number[]; label: number; length: number } {
  const ds = new CustomDataset([4, 5, 6]);
  const [image, label] = ds[1];
  return { shape: image.shape, label, length: ds.length };
}

/** Calls the types must reject (never run): the by-name forms are typed, not `any`. */
export function rejectedByTypes(): void {
  // @ts-expect-error root is required
  torchvision.datasets.FashionMNIST({ train: true });
  // @ts-expect-error train is a boolean
  torchvision.datasets.FashionMNIST({ root: 'data', train: 'yes' });
  // @ts-expect-error std is required
  torchvision.transforms.v2.Normalize({ mean: [0.5] });
  // @ts-expect-error mode is an ImageReadMode
  torchvision.io.read_image('a.png', { mode: 'CMYK' });
  // @ts-expect-error a pair holds a module and a parameter name
  prune.global_unstructured([[1, 'weight']], { pruning_method: prune.L1Unstructured, amount: 0.2 });
}
