// VisionDataset (torchvision's datasets/vision.py): the base of the image datasets, holding root,
// transform and target_transform, and printing like torchvision.
import { inspect } from 'util';
import { Dataset } from '../../utils/data/dataset';
import { TorchError } from '../../errors';
import { PyArgs } from '../../tensor';
import { pyBind } from '../../python/binder';
import { callableRepr } from '../transforms/v2/transform';

type Callable = (x: any) => any;
/** A joint transform of (input, target), e.g. torchvision's StandardTransform. */
export type JointTransform = (input: any, target: any) => [any, any];

/** Indents every line of a repr after the first under `head`, as torchvision's StandardTransform prints. */
function formatTransform(t: Callable, head: string): string[] {
  const lines = callableRepr(t).split('\n');
  return [head + lines[0], ...lines.slice(1).map((l) => ' '.repeat(head.length) + l)];
}

/**
 * Base class of vision datasets: VisionDataset(root, transforms=null, transform=null,
 * target_transform=null), each argument also by name. `root` is where the files live,
 * `transform` is applied to the image and `target_transform` to the target; `transforms` (a
 * function of both) is the alternative to those two. Subclasses implement getitem and length.
 */
export class VisionDataset<T = any> extends Dataset<T> {
  root: string;
  transform: Callable | null;
  target_transform: Callable | null;
  /** `(input, target) => [input, target]`: the given joint transform, or transform and target_transform applied together. */
  transforms: JointTransform | null;
  constructor(...args: PyArgs<[['root', string], ['transforms', JointTransform | null, '?'], ['transform', Callable | null, '?'], ['target_transform', Callable | null, '?']]>) {
    super();
    const [root, transforms, transform, target_transform] = pyBind<[string, JointTransform | null, Callable | null, Callable | null]>(
      'VisionDataset.__init__', args, ['root', 'transforms', 'transform', 'target_transform'], { transforms: null, transform: null, target_transform: null });
    if (typeof root !== 'string') throw new TypeError(`${new.target.name}(): expected a string for root but received ${root === null ? 'null' : typeof root}`);
    for (const [name, fn] of [['transforms', transforms], ['transform', transform], ['target_transform', target_transform]] as const) {
      if (fn !== null && typeof fn !== 'function') throw new TypeError(`${new.target.name}(): expected a function or null for ${name} but received ${typeof fn}`);
    }
    const separate = transform !== null || target_transform !== null;
    if (transforms !== null && separate) throw new TorchError('Only transforms or transform/target_transform can be passed as argument', 'ValueError');
    this.root = root.startsWith('~') ? root.replace(/^~/, process.env.HOME ?? '~') : root;
    this.transform = transform;
    this.target_transform = target_transform;
    this.transforms = separate ? (input, target) => [transform ? transform(input) : input, target_transform ? target_transform(target) : target] : transforms;
  }

  /** Extra lines of the printed form (e.g. `Split: Train`). */
  extra_repr(): string { return ''; }

  toString(): string {
    const body = [`Number of datapoints: ${this.length}`, `Root location: ${this.root}`, ...this.extra_repr().split('\n').filter((l) => l)];
    if (this.transform || this.target_transform) {
      const std = ['StandardTransform'];
      if (this.transform) std.push(...formatTransform(this.transform, 'Transform: '));
      if (this.target_transform) std.push(...formatTransform(this.target_transform, 'Target transform: '));
      body.push(std.join('\n'));
    }
    return [`Dataset ${this.constructor.name}`, ...body.map((l) => '    ' + l)].join('\n');
  }
  [inspect.custom](): string { return this.toString(); }
}
