// VisionDataset (torchvision's datasets/vision.py): the base of the image datasets, holding root,
// transform and target_transform, and printing like torchvision.
import { inspect } from 'util';
import { Dataset } from '../../utils/data/dataset';
import { callableRepr } from '../transforms/v2/transform';

type Callable = (x: any) => any;

/** Indents every line of a repr after the first under `head`, as torchvision's StandardTransform prints. */
function formatTransform(t: Callable, head: string): string[] {
  const lines = callableRepr(t).split('\n');
  return [head + lines[0], ...lines.slice(1).map((l) => ' '.repeat(head.length) + l)];
}

/**
 * Base class of vision datasets: `root` (where the files live), `transform` (applied to the
 * image) and `target_transform` (applied to the target). Subclasses implement getitem and length.
 */
export class VisionDataset<T = unknown> extends Dataset<T> {
  root: string;
  transform: Callable | null;
  target_transform: Callable | null;
  constructor(root: string, transform: Callable | null = null, target_transform: Callable | null = null) {
    super();
    if (typeof root !== 'string') throw new TypeError(`${new.target.name}(): expected a string for root but received ${root === null ? 'null' : typeof root}`);
    for (const [name, fn] of [['transform', transform], ['target_transform', target_transform]] as const) {
      if (fn !== null && typeof fn !== 'function') throw new TypeError(`${new.target.name}(): expected a function or null for ${name} but received ${typeof fn}`);
    }
    this.root = root.startsWith('~') ? root.replace(/^~/, process.env.HOME ?? '~') : root;
    this.transform = transform;
    this.target_transform = target_transform;
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
