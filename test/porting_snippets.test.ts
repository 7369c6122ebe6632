// Runs the ported snippets of test/types/porting_snippets.ts (which the typecheck compiles under
// strict TS) and checks their values.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { transferLearning, containers, globalPruning, fashionMnist, pickDevice, customDataset } from './types/porting_snippets';
import * as torch from '../lib';

test('transfer learning: the last layer\'s attributes and a frozen copy of the others', () => {
  expect(transferLearning()).toEqual({ out_features: 8, in_features: 784, frozen: [true, true, true, true, false, false], model_B_length: 6 });
});

test('ModuleList / ModuleDict elements read like Python\'s', () => {
  expect(containers()).toEqual([3, 2, 4, 3, 5, 6, 4, 5, 6, 4, 4]);
});

test('global_unstructured over array-literal pairs prunes across all of them', () => {
  torch.manual_seed(0);
  // amount 0.5 of 200 weights; 0.25 of (18 + 32 + 8) = 58 weights, rounded as PyTorch does (14.5 -> 14)
  expect(globalPruning()).toEqual([100, 14]);
});

test('a custom dataset ported literally (no type arguments)', () => {
  expect(customDataset()).toEqual({ shape: [2, 2], label: 5, length: 3 });
});

test('the device pick', () => {
  expect(pickDevice()).toBe(torch.cuda.is_available() ? 'cuda' : 'cpu');
});

const MIRROR = path.join(process.env.TORCHTS_DATASETS_MIRROR || '/usr/share/datasets', 'fashion-mnist');
(fs.existsSync(path.join(MIRROR, 'train-images-idx3-ubyte.gz')) ? test : test.skip)('FashionMNIST as Learn the Basics writes it', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'torchts-snippets-'));
  try {
    // training sample 7 of Fashion-MNIST is a Pullover (label 2 in train-labels-idx1-ubyte)
    expect(fashionMnist(root)).toEqual({ shape: [1, 28, 28], label: 2, classes: 'Pullover', batch: [64, 1, 28, 28] });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
