// torch.autograd.forward_ad: dual tensors for forward-mode AD, as PyTorch 1.13's forward_ad.py.
// `with fwAD.dual_level():` -> `fwAD.dual_level(() => ...)`; the level's tangents are dropped when
// the callback returns (or its promise settles).
import { native } from './native';
import { Tensor } from './tensor';
import { TorchError } from './errors';
import { callAten } from './ops/dispatch';
import { describeValue } from './python/check';
import { namedTuple } from './python/named_tuple';

/** The innermost level entered here (-1: none), the default of every `level` argument. */
let currentLevel = -1;

/** unpack_dual's result: `[primal, tangent]` that also has `.primal` and `.tangent` (a named tuple). */
export type UnpackedDualTensor = [Tensor, Tensor | null] & { primal: Tensor; tangent: Tensor | null };

interface LevelOption { level?: number | null }

function levelOf(fn: string, options: LevelOption | undefined): number {
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new TypeError(`${fn}(): expected an options object { level } but received ${describeValue(options)}`);
  const level = options?.level;
  if (level === undefined || level === null) return currentLevel;
  if (!Number.isInteger(level)) throw new TypeError(`${fn}(): argument 'level' must be an integer, not ${describeValue(level)}`);
  return level;
}

function checkTensor(fn: string, name: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' must be Tensor, not ${describeValue(value)}`);
  return value;
}

/** Enters a new forward grad level and returns it; make_dual and unpack_dual use it by default. */
export function enter_dual_level(): number {
  const level = native.enterDualLevel();
  if (level !== currentLevel + 1)
    throw new TorchError('Entering a new forward AD level but the current level is not valid. Make sure you did not modified it directly.');
  currentLevel = level;
  return level;
}

/** Exits the innermost level (or `level`, which must be it), deleting its tangents. */
export function exit_dual_level(options?: LevelOption): void {
  const level = levelOf('exit_dual_level', options);
  if (level !== currentLevel)
    throw new TorchError('Trying to exit a forward AD level that was not the last one that was created. This is not supported.');
  native.exitDualLevel(level);
  currentLevel = level - 1;
}

/**
 * make_dual(tensor, tangent, { level }): a view of `tensor` carrying `tangent` as its forward
 * gradient at the level (the current one by default). Backward differentiable.
 */
export function make_dual(tensor: Tensor, tangent: Tensor, options?: LevelOption): Tensor {
  checkTensor('make_dual', 'tensor', tensor);
  checkTensor('make_dual', 'tangent', tangent);
  const level = levelOf('make_dual', options);
  if (level < 0) throw new TorchError('Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.');
  if (!(tensor.is_floating_point() || tensor.is_complex()))
    throw new TorchError(`Expected primal to be floating point or complex, but got: ${tensor.dtype}`, 'ValueError');
  if (!(tangent.is_floating_point() || tangent.is_complex()))
    throw new TorchError(`Expected tangent to be floating point or complex, but got: ${tangent.dtype}`, 'ValueError');
  return callAten('_make_dual', [tensor, tangent, level]);
}

/**
 * unpack_dual(tensor, { level }) -> [primal, tangent] (also `.primal`, `.tangent`): a view of the
 * primal and the tangent as it is, null when the tensor has none at the level (or no level exists).
 */
export function unpack_dual(tensor: Tensor, options?: LevelOption): UnpackedDualTensor {
  checkTensor('unpack_dual', 'tensor', tensor);
  const level = levelOf('unpack_dual', options);
  const pair: [Tensor, Tensor | null] = level < 0 ? [tensor, null] : callAten('_unpack_dual', [tensor, level]);
  return namedTuple([pair[0], pair[1] ?? null], ['primal', 'tangent']) as UnpackedDualTensor;
}

/** The tangent a tensor carries at the current level, for its repr (`tangent=...`). */
export function currentTangent(tensor: Tensor): Tensor | null {
  return currentLevel < 0 ? null : (callAten('_unpack_dual', [tensor, currentLevel]) as [Tensor, Tensor | null])[1];
}

/**
 * `with fwAD.dual_level():` -> `fwAD.dual_level((level) => ...)`: runs fn inside a new level and
 * exits it after, also after an awaited promise; returns fn's value.
 */
export function dual_level<T>(fn: (level: number) => T): T {
  if (typeof fn !== 'function') throw new TypeError(`dual_level(): expected a function for fn but received ${describeValue(fn)}`);
  const level = enter_dual_level();
  let result: T;
  try {
    result = fn(level);
  } catch (e) {
    exit_dual_level();
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => exit_dual_level()) as unknown as T;
  exit_dual_level();
  return result;
}
