// The base of the v2 transforms (torchvision's transforms/v2/_transform.py): a callable nn.Module
// that flattens its input (an image, or arrays / objects holding one with labels and the like),
// picks the leaves it applies to, draws its random parameters once, and rebuilds the structure.
import { Module } from '../../../nn/module';
import { Tensor } from '../../../tensor';
import { TorchError } from '../../../errors';
import { isOptions } from '../../../python/options';
import { asPilImage, isPilImage } from '../../pil';

/** A rectangular nested array of numbers: image data (numpy's ndarray), a leaf rather than a container. */
export function isNumericArray(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === 'number' || isNumericArray(e));
}

/** Depth-first leaves of arrays and plain objects (Python's tree_flatten), and how to put them back. */
function flatten(value: unknown): { leaves: unknown[]; rebuild: (leaves: unknown[]) => unknown } {
  const leaves: unknown[] = [];
  const build = (v: unknown): (next: () => unknown) => unknown => {
    if (Array.isArray(v) && !isNumericArray(v)) {
      const parts = v.map(build);
      return (next) => parts.map((p) => p(next));
    }
    if (isOptions(v)) {
      const parts = Object.entries(v).map(([k, x]) => [k, build(x)] as const);
      return (next) => Object.fromEntries(parts.map(([k, p]) => [k, p(next)]));
    }
    leaves.push(v);
    return (next) => next();
  };
  const shape = build(value);
  return { leaves, rebuild: (out) => { let i = 0; return shape(() => out[i++]); } };
}

/** Python's value formatting inside a transform's repr (`p=0.5`, `scale=True`, `size=[14]`). */
function reprValue(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (Array.isArray(v)) return `[${v.map(reprValue).join(', ')}]`;
  return String(v);
}

/**
 * Base class of the v2 transforms. Subclasses implement `transform(inpt, params)` and, when they
 * are random, `make_params(flat_inputs)`. Calling a transform (`t(img)`, `t(img, label)`,
 * `t({ image, label })`) applies it to the image in the input: the first tensor (torchvision's
 * rule for plain tensors), plus the leaf types a subclass names in `_transformsLeaf`.
 */
export class Transform extends Module {
  /** Whether a non-tensor leaf is one this transform changes (torchvision's _transformed_types). */
  protected _transformsLeaf(_leaf: unknown): boolean { return false; }

  /** Which flat inputs get transformed: the first tensor, and leaves `_transformsLeaf` accepts. */
  protected _needs_transform_list(flat: unknown[]): boolean[] {
    let firstTensor = true;
    return flat.map((leaf) => {
      if (leaf instanceof Tensor) {
        const take = firstTensor;
        firstTensor = false;
        return take;
      }
      return this._transformsLeaf(leaf);
    });
  }

  /** The random parameters of one call, drawn once for every transformed input. */
  make_params(_flat_inputs: unknown[]): Record<string, unknown> { return {}; }

  /** Transforms one input with the call's parameters. */
  transform(_inpt: any, _params: Record<string, unknown>): any {
    throw new TorchError(`${this._get_name()} must implement transform(inpt, params)`, 'NotImplementedError');
  }

  /**
   * Whether an image that plays a PIL image (ImageFolder's loader output) stays one through this
   * transform, as PIL images stay PIL images through torchvision's geometry transforms. False for
   * conversions (ToImage, ToTensor, ToDtype, Normalize) and Lambda.
   */
  protected get _keepsPilImages(): boolean { return true; }

  forward(...inputs: unknown[]): any {
    const inpt = inputs.length > 1 ? inputs : inputs[0];
    const { leaves, rebuild } = flatten(inpt);
    const needs = this._needs_transform_list(leaves);
    const params = this.make_params(leaves.filter((_, i) => needs[i]));
    return rebuild(leaves.map((leaf, i) => {
      if (!needs[i]) return leaf;
      const out = this.transform(leaf, params);
      return out instanceof Tensor && leaf instanceof Tensor && isPilImage(leaf) && this._keepsPilImages ? asPilImage(out) : out;
    }));
  }

  /**
   * Internal, for the DataLoader's fast path: how to apply this transform to a whole batch
   * (N × sample shape) with exactly the per-sample result, or undefined when there is no such way
   * (random transforms, subclasses, hooks). `sampleDim` is the rank of one input sample.
   */
  _batchKernel(_sampleDim: number): BatchKernel | undefined { return undefined; }

  /** Whether this instance is exactly `cls` (not a subclass) and has no hooks, so its batch kernel is faithful. */
  protected _isPlain(cls: Function): boolean {
    return Object.getPrototypeOf(this) === cls.prototype && this._forward_hooks.size === 0 && this._forward_pre_hooks.size === 0;
  }

  extra_repr(): string {
    const parts: string[] = [];
    for (const [name, value] of Object.entries(this)) {
      if (name.startsWith('_') || name === 'training') continue;
      if (!['boolean', 'number', 'string'].includes(typeof value) && !Array.isArray(value)) continue;
      parts.push(`${name}=${reprValue(value)}`);
    }
    return parts.join(', ');
  }
}

/** A transform applied to a batch at once: `apply` maps N × sample to N × output sample, of rank `sampleDim`. */
export interface BatchKernel { apply: (batch: Tensor) => Tensor; sampleDim: number }

/** How a transform-like callable prints: a Module by its repr, a plain function as Python prints one. */
export function callableRepr(t: unknown): string {
  return t instanceof Module ? String(t) : `<function ${(t as Function).name || '<lambda>'}>`;
}

/** The batch kernel of any transform-like callable (a Transform or a plain function: none). */
export function batchKernelOf(t: unknown, sampleDim: number): BatchKernel | undefined {
  return t instanceof Transform ? t._batchKernel(sampleDim) : undefined;
}
