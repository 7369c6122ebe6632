// torch.nn.utils.parameters_to_vector / vector_to_parameters (PyTorch's convert_parameters.py).
import { Tensor } from '../../tensor';
import { bindArgs } from '../../python/binder';
import { cat } from '../../creation';
import { typeName } from '../../python/typename';

/** Python's `torch.typename(x)`: a tensor's type ('torch.FloatTensor'), else the type's name. */
export function torchTypename(x: unknown): string {
  return x instanceof Tensor ? (x.type() as string) : typeName(x);
}

/** The device id PyTorch's _check_param_device compares: the CUDA index, or -1 for CPU. */
function checkParamDevice(param: Tensor, old: number | null): number {
  const dev = param.device;
  const id = param.is_cuda ? dev.index ?? 0 : -1;
  if (old === null) return id;
  // Conversion between parameters and one vector needs them all on one device.
  if (id !== old) throw new TypeError('Found two parameters on different devices, this is currently not supported.');
  return old;
}

function tensors(parameters: unknown, fn: string): Iterable<Tensor> {
  if (parameters === null || typeof parameters !== 'object' || !(Symbol.iterator in parameters)) {
    throw new TypeError(`${fn}(): expected an iterable of Tensors for parameters but received ${torchTypename(parameters)}`);
  }
  return parameters as Iterable<Tensor>;
}

/**
 * Flattens `parameters` into one vector: `torch.cat([p.view(-1) for p in parameters])`.
 * `parameters_to_vector(model.parameters())`.
 */
export function parameters_to_vector(parameters: Iterable<Tensor> | { parameters: Iterable<Tensor> }): Tensor {
  const [params] = bindArgs<[unknown]>([parameters], ['parameters'], {}, 'parameters_to_vector');
  let device: number | null = null;
  const vec: Tensor[] = [];
  for (const param of tensors(params, 'parameters_to_vector')) {
    device = checkParamDevice(param, device);
    vec.push(param.view(-1));
  }
  return cat(vec);
}

/**
 * Copies the slices of the vector `vec` into `parameters` (in order), replacing each parameter's
 * data (`param.data = vec[a:b].view_as(param).data`, so they share vec's storage afterwards).
 */
export function vector_to_parameters(vec: Tensor | { vec: Tensor; parameters: Iterable<Tensor> }, parameters?: Iterable<Tensor>): void {
  const [v, params] = bindArgs<[unknown, unknown]>([vec, parameters], ['vec', 'parameters'], {}, 'vector_to_parameters');
  if (!(v instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${torchTypename(v)}`);
  let device: number | null = null;
  let pointer = 0;
  for (const param of tensors(params, 'vector_to_parameters')) {
    device = checkParamDevice(param, device);
    const numParam = param.numel();
    param.data = v.slice(0, pointer, pointer + numParam).view_as(param).data;
    pointer += numParam;
  }
}
