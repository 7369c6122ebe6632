// torchts/vision: torchvision's datasets and transforms. `import * as torchvision from 'torchts/vision'`,
// then `torchvision.datasets.FashionMNIST(...)` and `torchvision.transforms.v2.Compose([...])`.
import '../tensor_methods';

export * as datasets from './datasets';
export * as transforms from './transforms';
export * as io from './io';
