// The Python globals a PyTorch pickle may name, and what each becomes here. Nothing outside this
// table is ever resolved: an unknown global is an error naming it.
import * as dt from '../dtype';
import { device as Device } from '../device';
import { PyCallable, builtinGlobal } from './pickle';
import { forRelease } from '../release';
import { unpicklingError } from './errors';
import { PendingTensor, StorageType, pendingTensor, storageTypeByName } from './storages';

function rebuildParameter(args: unknown[]): PendingTensor {
  const [data, requiresGrad] = args;
  if (!(data instanceof PendingTensor)) throw unpicklingError('_rebuild_parameter expects a tensor');
  data.parameter = true;
  data.requiresGrad = requiresGrad !== false;
  return data;
}

const PARAMETER = new PyCallable('torch.nn.parameter.Parameter', (args) => rebuildParameter([args[0], args.length > 1 ? args[1] : true]));
const TENSOR = new PyCallable('torch.Tensor', () => { throw unpicklingError('torch.Tensor() cannot be rebuilt from a pickle without data'); });

const REBUILD: Record<string, PyCallable> = {
  _rebuild_tensor: new PyCallable('torch._utils._rebuild_tensor', (a) => pendingTensor(a[0], null, a[1], a[2], a[3], false)),
  _rebuild_tensor_v2: new PyCallable('torch._utils._rebuild_tensor_v2', (a) => pendingTensor(a[0], null, a[1], a[2], a[3], a[4])),
  _rebuild_tensor_v3: new PyCallable('torch._utils._rebuild_tensor_v3', (a) => {
    if (!(a[6] instanceof dt.dtype)) throw unpicklingError('_rebuild_tensor_v3 expects a dtype');
    return pendingTensor(a[0], a[6], a[1], a[2], a[3], a[4]);
  }),
  _rebuild_parameter: new PyCallable('torch._utils._rebuild_parameter', rebuildParameter),
  _rebuild_parameter_with_state: new PyCallable('torch._utils._rebuild_parameter_with_state', rebuildParameter),
  // PyTorch 2.x wraps tensor subclasses: rebuild with the inner function, keep Parameter-ness.
  _rebuild_from_type_v2: new PyCallable('torch._utils._rebuild_from_type_v2', (a) => {
    const [func, newType, args] = a;
    if (!(func instanceof PyCallable) || !Array.isArray(args)) throw unpicklingError('_rebuild_from_type_v2 expects a function and its arguments');
    const t = func.call(args);
    if (newType === PARAMETER && t instanceof PendingTensor) t.parameter = true;
    return t;
  }),
};

/** The weights-only unpickler of 2.x allows `_codecs.encode`, which pickles `bytes` (1.13: an unsupported global). */
const WEIGHTS_ONLY_BYTES = forRelease([['1.13', false], ['2.6', true]]);

const DTYPE_NAMES = ['float32', 'float', 'float64', 'double', 'float16', 'half', 'bfloat16', 'int8', 'int16', 'short', 'int32', 'int', 'int64', 'long', 'uint8', 'bool', 'complex64', 'cfloat', 'complex128', 'cdouble'];

/** TorchScript's type tags and specialised lists (LibTorch's pickle_save writes them). */
const JIT_PICKLE: Record<string, PyCallable> = {
  restore_type_tag: new PyCallable('torch.jit._pickle.restore_type_tag', (a) => a[0]),
  build_intlist: new PyCallable('torch.jit._pickle.build_intlist', (a) => a[0]),
  build_tensorlist: new PyCallable('torch.jit._pickle.build_tensorlist', (a) => a[0]),
  build_doublelist: new PyCallable('torch.jit._pickle.build_doublelist', (a) => a[0]),
  build_boollist: new PyCallable('torch.jit._pickle.build_boollist', (a) => a[0]),
};

/**
 * The value of global `module.name`. With `weightsOnly`, only what PyTorch's weights-only
 * unpickler allows (tensors, storages, dtypes, devices, OrderedDict, Parameter).
 */
export function findGlobal(module: string, name: string, weightsOnly: boolean): unknown {
  const builtin = builtinGlobal(module, name);
  const allowed = module === 'collections' || (module === 'builtins' && name !== 'bytes') || (WEIGHTS_ONLY_BYTES && module === '_codecs');
  if (builtin && (!weightsOnly || allowed)) return builtin;
  if (module === 'torch._utils' && REBUILD[name]) return REBUILD[name];
  if (module === 'torch' || module === 'torch.storage' || module === 'torch.cuda') {
    const storage = name.endsWith('Storage') ? storageTypeByName(name) : undefined;
    if (storage) return storage;
  }
  if (module === 'torch') {
    if (DTYPE_NAMES.includes(name)) return (dt as unknown as Record<string, dt.dtype>)[name];
    if (name === 'device') return new PyCallable('torch.device', (a) => new Device(String(a[0]), a.length > 1 && a[1] !== null ? Number(a[1]) : undefined));
    if (name === 'Size') return new PyCallable('torch.Size', (a) => [...(a[0] as number[])]);
    if (name === 'Tensor') return TENSOR;
  }
  if (module === 'torch.nn.parameter' && name === 'Parameter') return PARAMETER;
  if (module === 'torch.serialization' && name === '_get_layout') return new PyCallable('torch.serialization._get_layout', (a) => (a[0] === 'torch.strided' ? dt.strided : dt.sparse_coo));
  if (!weightsOnly && module === 'torch.jit._pickle' && JIT_PICKLE[name]) return JIT_PICKLE[name];
  const hint = module.startsWith('torch.nn.modules') || module === '__main__'
    ? ' It holds a pickled model object: save and load model.state_dict() instead.' : '';
  throw unpicklingError(
    `Unsupported global: GLOBAL ${module}.${name}. torch.load reads tensors, storages, dtypes, devices, dicts, lists and plain values` +
      (weightsOnly ? ' (weights_only=True allows only these)' : '') + `; this file holds other Python objects.${hint}`);
}

/** Parses the persistent id of a storage: ('storage', type, key, location, numel[, view_metadata]). */
export function storagePid(pid: unknown): { type: StorageType; key: string; location: string; numel: number; view: unknown } {
  if (!Array.isArray(pid) || pid.length < 5) throw unpicklingError('persistent_load id must be a tuple of at least 5 values');
  const [kind, type, key, location, numel, view] = pid;
  const kindName = kind instanceof Uint8Array ? Buffer.from(kind).toString('ascii') : kind;
  if (kindName !== 'storage') throw unpicklingError(`Unknown typename for persistent_load, expected 'storage' but got '${String(kindName)}'`);
  if (!(type instanceof StorageType)) throw unpicklingError('persistent_load: the storage type is not a storage class');
  if (typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) throw unpicklingError('persistent_load: storage size must be a non-negative int');
  const loc = location instanceof Uint8Array ? Buffer.from(location).toString('ascii') : location;
  if (typeof loc !== 'string') throw unpicklingError('persistent_load: storage location must be a string');
  return { type, key: String(key), location: loc, numel, view };
}

