// Loads the native addon: a prebuild for this platform and Node ABI, else build/Release.
// When neither loads, the error lists every attempt and the likely fixes.
import * as path from 'path';
import type { Tensor, Scalar } from './tensor';
import type { UnaryName, UnaryKernelName, UnaryPureName, UnaryPureKernelName, BinaryName, BinaryTensorName } from './ops/table';
import type { OptimizerKind } from './optim/kinds';
import type { CppModule, CppMembers } from './jit';

/** What toBuffer returns, by dtype: float16/bfloat16 as Float32Array, int64 as BigInt64Array, bool as Uint8Array. */
export type TensorBuffer = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array;

// The typed fast paths of ops.cc, one function per name in lib/ops/table.ts (generated with
// native/ops_table.h from one table).
type UnaryFastPaths = Record<
  UnaryName | UnaryKernelName | `${UnaryName | UnaryKernelName}_` | UnaryPureName | UnaryPureKernelName,
  (self: Tensor) => Tensor
>;
type BinaryFastPaths = Record<BinaryName | `${BinaryName}_`, (self: Tensor, other: Tensor | Scalar) => Tensor>;
type BinaryTensorFastPaths = Record<BinaryTensorName, (self: Tensor, other: Tensor) => Tensor>;
type AlphaOp = (self: Tensor, other: Tensor | Scalar, alpha?: Scalar) => Tensor;
type ClampOp = (self: Tensor, min: Scalar | null, max: Scalar | null) => Tensor;
type SizeOp = (self: Tensor, size: number[]) => Tensor;
/** torch.backends.cudnn's switches, by their Python names. */
export type CudnnFlag = 'enabled' | 'benchmark' | 'deterministic' | 'allow_tf32';
/** The device types LibTorch keeps autocast state for. */
export type AutocastDeviceType = 'cpu' | 'cuda';
/** Autograd's tensor lists: null, and null entries, read as absent (an undefined tensor). */
type TensorList = (Tensor | null)[] | null;
/** An opaque native c10d object (store, process group, work, reducer). */
export type DistHandle = { readonly __brand: 'DistHandle' };

/**
 * The raw binding: every function the addon exports, with the argument order of its C++ side.
 * Internal: the public API wraps each with PyTorch's names and options. Arguments a caller
 * forwards unchecked are checked natively (TypeError/RangeError naming the argument).
 */
export interface NativeBinding extends UnaryFastPaths, BinaryFastPaths, BinaryTensorFastPaths {
  /** The class of native tensors; lib/tensor.ts puts Tensor.prototype on its prototype chain. */
  TensorBase: abstract new () => Tensor;
  /** The constructors native code throws: TorchError(message, pythonType), TypeError, RangeError. */
  setup(torchError: new (message: string, pythonType: string) => Error, typeError: new (message: string) => Error, rangeError: new (message: string) => Error): void;

  // Handles and memory (tensor_wrap.cc).
  dispose(t: Tensor): void;
  isDisposed(t: Tensor): boolean;
  /** [live tensors, live bytes, minor collections, full collections, pending frees]. */
  memoryStats(): [number, number, number, number, number];
  collect(): void;
  scopeBegin(): number;
  /** Makes scope `id` (0: none) the one new tensors join; returns the previous current id. */
  scopeEnter(id: number): number;
  /** If scope `id` is current, its parent becomes current (the scope stays open). */
  scopeLeave(id: number): void;
  /** Closes scope `id`, disposing its tensors except `keep` (those move to the enclosing scope). */
  scopeEnd(id: number, keep: Tensor[]): void;
  /** Instances with this prototype (nn.Parameter's) unwrap on the fast path too. */
  registerTensorPrototype(proto: object): void;
  /** Python's `t._use_count()`: references to t's TensorImpl, its JS wrappers counted as one. */
  useCount(t: Tensor): number;
  /** Whether two wrappers hold one TensorImpl (Python's `a is b`). */
  sameTensor(a: Tensor, b: Tensor): boolean;
  /** torch._C._swap_tensor_impl: every wrapper of t1's TensorImpl takes t2's and the other way round. */
  swapTensorImpl(t1: Tensor, t2: Tensor): void;

  // Data and properties (tensor_data.cc).
  /** A tensor over `data`, whose elements have the dtype's transfer type; `share` aliases the JS memory. */
  fromBuffer(data: ArrayBufferView, shape: number[], dtypeCode: number, device?: string | null, share?: boolean): Tensor;
  toBuffer(t: Tensor): TensorBuffer;
  item(t: Tensor): number | boolean;
  shape(t: Tensor): number[];
  strides(t: Tensor): number[];
  dim(t: Tensor): number;
  numel(t: Tensor): number;
  dtypeCode(t: Tensor): number;
  deviceName(t: Tensor): string;
  isContiguous(t: Tensor): boolean;
  layoutCode(t: Tensor): number;
  isNested(t: Tensor): boolean;
  outputNr(t: Tensor): number;
  storageOffset(t: Tensor): number;
  elementSize(t: Tensor): number;
  dataPtr(t: Tensor): number;
  /** `t` itself when nothing changes (and `copy` is false). */
  to(t: Tensor, dtypeCode: number | null, device: string | null, nonBlocking: boolean, copy: boolean): Tensor;
  data(t: Tensor): Tensor;
  setData(t: Tensor, src: Tensor): void;
  /** t._version: the version counter of its data. */
  tensorVersion(t: Tensor): number;
  /** torch._has_compatible_shallow_copy_type: whether `t.data = other` keeps t's TensorImpl. */
  hasCompatibleShallowCopyType(t: Tensor, other: Tensor): boolean;

  // Raw storages for torch.save / torch.load (storage.cc).
  /** [key, nbytes, device]: the key identifies the storage (equal for views of one storage). */
  storageInfo(t: Tensor): [number, number, string];
  /** Bytes [byteOffset, byteOffset + byteLength) of t's storage: aliased on CPU, a copy elsewhere. */
  storageBytes(t: Tensor, byteOffset?: number, byteLength?: number): Uint8Array;
  /** A tensor of that dtype over holder's storage; the view must fit the storage. */
  viewStorage(holder: Tensor, dtypeCode: number, offset: number, size: number[], stride: number[]): Tensor;

  // Autograd (autograd.cc).
  backward(tensors: TensorList, grads: TensorList, retainGraph: boolean | null, createGraph: boolean, inputs: TensorList): void;
  /** One gradient per input: null for an input the outputs do not reach (with allowUnused). */
  grad(outputs: TensorList, inputs: TensorList, gradOutputs: TensorList, retainGraph: boolean | null, createGraph: boolean, allowUnused: boolean): (Tensor | null)[];
  /** Runs engine calls on a helper thread whenever JS callbacks are alive (tests the marshalling on CPU); returns the callbacks marshalled so far. */
  _setAlwaysMarshal(flag: boolean): number;
  /** Sets grad mode and returns the previous one. */
  setGradEnabled(enabled: boolean): boolean;
  isGradEnabled(): boolean;
  requiresGrad(t: Tensor): boolean;
  /** `viaMethod` picks requires_grad_()'s error message over the property setter's. */
  setRequiresGrad(t: Tensor, flag: boolean, viaMethod?: boolean): void;
  getGrad(t: Tensor): Tensor | null;
  setGrad(t: Tensor, grad: Tensor | null): void;
  isLeaf(t: Tensor): boolean;
  gradFnName(t: Tensor): string | null;
  retainGrad(t: Tensor): void;

  // Custom autograd Functions and tensor hooks (custom_function.cc, tensor_hooks.cc): JS the
  // autograd engine calls back; an exception thrown there is rethrown by backward()/grad().
  /** Attaches a node running `backward(grads, saved)` to `outputs`; returns the outputs (an input modified in place keeps its object). */
  functionApply(inputs: Tensor[], outputs: (Tensor | null)[], nonDifferentiable: Tensor[], dirty: Tensor[], saved: (Tensor | null)[],
    backward: (grads: (Tensor | null)[], saved: (Tensor | null)[]) => (Tensor | null)[], name: string, materializeGrads: boolean,
    jvp: (tangents: (Tensor | null)[]) => (Tensor | null)[]): (Tensor | null)[];
  /** Aliases of `tensors` whose backward raises `message` (once_differentiable's DelayedError). */
  delayedError(message: string, tensors: (Tensor | null)[]): (Tensor | null)[];
  // Forward-mode AD levels and the forward grad mode (forward_ad.cc).
  enterDualLevel(): number;
  exitDualLevel(level: number): void;
  /** Sets forward grad mode and returns the previous one. */
  setFwGradEnabled(enabled: boolean): boolean;
  /** `name` is the hook's name in PyTorch's messages about a replaced gradient. */
  registerHook(t: Tensor, hook: (grad: Tensor) => Tensor | null | undefined | void, name: string): number;
  /** The identity of t.grad_fn (null for a leaf), and of the nodes of its next_functions. */
  gradFnKey(t: Tensor): string | null;
  gradFnNextKeys(t: Tensor): (string | null)[];
  /** Adds hook(grad_inputs, grad_outputs) to t.grad_fn's post hooks; it may return replacement grad_inputs. */
  gradFnRegisterHook(t: Tensor, hook: (grad_inputs: (Tensor | null)[], grad_outputs: (Tensor | null)[]) => unknown, name: string): void;
  removeHook(t: Tensor, handle: number): void;
  /** Returns an opaque handle that keeps the leaf's gradient accumulator (and the hook) alive. */
  registerPostAccumulateGradHook(t: Tensor, hook: () => void): object;
  /** Makes the leaf's existing gradient accumulator raise `message` when it runs; false when it has none. */
  poisonGradAccumulator(t: Tensor, message: string): boolean;
  removePostAccumulateGradHook(handle: object): void;
  manualSeed(seed: number): void;
  initialSeed(): number;
  getRngState(): Tensor;
  setRngState(state: Tensor): void;

  // Every ATen operator by schema (dispatcher.cc).
  /** The operator's id, or -1 when there is no such overload ('' is the default overload). */
  findOp(name: string, overload: string): number;
  opOverloads(name: string): string[];
  opSchema(id: number): string;
  /** A group of overloads tried in order: the first whose schema accepts the arguments runs. */
  opGroup(ids: number[]): number;
  callOp(group: number, kwargs: Record<string, unknown> | null, ...args: unknown[]): unknown;

  // Library facts and settings (runtime.cc).
  version(): string;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  cudaIsAvailable(): boolean;
  cudaDeviceCount(): number;
  cudaSynchronize(device?: number | null): void;
  cudaManualSeedAll(seed: number): void;

  // LibTorch's warnings (warnings.cc).
  /** sink(message, category, always) receives the warnings LibTorch raises, on the JS thread. */
  setWarningSink(sink: (message: string, category: string, always: boolean) => void): void;
  /** torch.set_warn_always: returns the setting before. */
  setWarnAlways(flag: boolean): boolean;
  getWarnAlways(): boolean;

  // torch.cuda and torch.backends.cudnn (cuda.cc). A stream is [stream_id, device_index]; an
  // event is an id into the native registry, freed by cudaEventFree.
  cudaIsBuilt(): boolean;
  cudaCurrentDevice(): number;
  cudaSetDevice(index: number): void;
  /** [name, major, minor, total_memory, multi_processor_count]. */
  cudaDeviceProperties(index: number): [string, number, number, number, number];
  /** [allocated, max allocated, reserved, max reserved] bytes. */
  cudaMemoryStats(index: number): [number, number, number, number];
  cudaResetPeakMemoryStats(index: number): void;
  cudaEmptyCache(): void;
  cudaStreamNew(index: number, priority: number): [number, number];
  cudaCurrentStream(index: number): [number, number];
  cudaDefaultStream(index: number): [number, number];
  /** Makes the stream current on its device; returns the stream it replaces. */
  cudaSetStream(id: number, index: number): [number, number];
  cudaStreamQuery(id: number, index: number): boolean;
  cudaStreamSynchronize(id: number, index: number): void;
  cudaEventNew(enableTiming: boolean): number;
  cudaEventFree(event: number): void;
  cudaEventRecord(event: number, streamId: number, index: number): void;
  cudaEventBlock(event: number, streamId: number, index: number): void;
  cudaEventQuery(event: number): boolean;
  cudaEventSynchronize(event: number): void;
  cudaEventElapsedTime(start: number, end: number): number;
  cudnnGetFlag(name: CudnnFlag): boolean;
  cudnnSetFlag(name: CudnnFlag, value: boolean): void;
  cudnnIsAvailable(): boolean;
  cudnnVersion(): number | null;

  // Autocast state (autocast.cc), per device type.
  autocastIsEnabled(deviceType: AutocastDeviceType): boolean;
  autocastSetEnabled(deviceType: AutocastDeviceType, enabled: boolean): void;
  autocastGetDtype(deviceType: AutocastDeviceType): number;
  autocastSetDtype(deviceType: AutocastDeviceType, dtypeCode: number): void;
  autocastIncrementNesting(): number;
  autocastDecrementNesting(): number;
  autocastClearCache(): void;
  autocastIsCacheEnabled(): boolean;
  autocastSetCacheEnabled(enabled: boolean): void;

  // Optimizers (optim.cc).
  /** One step of `kind` over a param group, whose hyper-parameters are read by their PyTorch names. */
  optimizerStep(kind: OptimizerKind, params: Tensor[], states: Record<string, unknown>[], group: object): void;
  zeroGrads(params: Tensor[], setToNone: boolean): void;

  // TorchScript modules (jit.cc).
  /** The module, and the contents of each requested extra file (empty where the archive has none). */
  jitLoad(f: string | Uint8Array, device: string | null, extraNames: string[] | null): [CppModule, Uint8Array[]];
  /** Writes the archive through `write`, in order; an exception from `write` stops it. */
  jitSaveTo(m: CppModule, write: (chunk: Uint8Array) => void, extraFiles: [string, string | Uint8Array][] | null): void;
  jitMembers(m: CppModule): CppMembers;
  jitGetAttr(m: CppModule, name: string): unknown;
  /** The value as stored (for a tensor, a new handle on the same tensor). */
  jitSetAttr(m: CppModule, name: string, value: unknown): unknown;
  jitTraining(m: CppModule): boolean;
  jitSetTraining(m: CppModule, mode: boolean): void;
  /** Calls a method with its arguments converted by the method's schema; a trailing object is its keyword arguments. */
  jitRun(m: CppModule, method: string, args: unknown[]): unknown;
  jitMethodText(m: CppModule, method: string, kind: 'code' | 'graph'): string;
  jitDeepcopy(m: CppModule): CppModule;

  // torch.distributed on c10d (distributed.cc): handles are opaque; the dist* functions exist only
  // when distAvailable (the addon was built with Gloo's headers).
  distAvailable: boolean;
  /** True when the addon binds c10d's ProcessGroupNCCL (a CUDA LibTorch with NCCL: distributed_nccl.cc). */
  distNcclAvailable: boolean;
  /** Drops the native object now; later use of the handle is a TypeError. */
  distRelease(handle: DistHandle): void;
  /** [store, port]: the port actually bound (a server on port 0 picks a free one). */
  distTcpStore(host: string, port: number, isServer: boolean, worldSize: number | null, timeoutMs: number, waitWorkers: boolean): [DistHandle, number];
  distFileStore(path: string, worldSize: number, timeoutMs: number): DistHandle;
  distPrefixStore(prefix: string, store: DistHandle): DistHandle;
  distStoreSet(store: DistHandle, key: string, value: Uint8Array): void;
  distStoreGet(store: DistHandle, key: string): Uint8Array;
  distStoreAdd(store: DistHandle, key: string, amount: number): number;
  distNewGroup(store: DistHandle, backend: 'gloo' | 'nccl', rank: number, size: number, timeoutMs: number): DistHandle;
  /** Starts collective `name` on the group with its arguments (distributed.cc lists them); returns its Work. */
  distCollective(group: DistHandle, name: string, ...args: unknown[]): DistHandle;
  distWorkWait(work: DistHandle): boolean;
  /** Waits on a thread of its own, then calls back on the JS thread: null, or the error message. */
  distWorkWaitAsync(work: DistHandle, callback: (error: string | null) => void): void;
  distWorkIsCompleted(work: DistHandle): boolean;
  distWorkSourceRank(work: DistHandle): number;
  /** DistributedDataParallel's gradient reducer over `params` (gradient-accumulator hooks). */
  distReducer(group: DistHandle, params: Tensor[], bucketCapBytes: number, worldSize: number, findUnused: boolean): DistHandle;
  distReducerSetSync(reducer: DistHandle, enabled: boolean): void;
  distReducerSetCommHook(reducer: DistHandle, group: DistHandle, kind: number): void;

  // Hand-written fast paths (ops.cc).
  add: AlphaOp;
  add_: AlphaOp;
  sub: AlphaOp;
  sub_: AlphaOp;
  clamp: ClampOp;
  clamp_: ClampOp;
  view: SizeOp;
  reshape: SizeOp;
  permute: SizeOp;
  expand: SizeOp;
  repeat: SizeOp;
  transpose(self: Tensor, dim0: number, dim1: number): Tensor;
  flatten(self: Tensor, startDim?: number, endDim?: number): Tensor;
  unsqueeze(self: Tensor, dim: number): Tensor;
  squeeze(self: Tensor, dim?: number | null): Tensor;
  select(self: Tensor, dim: number, index: number): Tensor;
  narrow(self: Tensor, dim: number, start: number, length: number): Tensor;
  slice(self: Tensor, dim: number, start: number | null, end: number | null, step?: number): Tensor;
  addmm(self: Tensor, mat1: Tensor, mat2: Tensor, beta?: Scalar, alpha?: Scalar): Tensor;
  linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor;
  fill_(self: Tensor, value: Tensor | Scalar): Tensor;
  zero_(self: Tensor): Tensor;
  copy_(self: Tensor, src: Tensor, nonBlocking?: boolean): Tensor;
  detach_(self: Tensor): Tensor;
  contiguous(self: Tensor): Tensor;
  softmax(self: Tensor, dim: number): Tensor;
  log_softmax(self: Tensor, dim: number): Tensor;
}

function loadBinding(): NativeBinding {
  const root = path.join(__dirname, '..');
  const attempts: string[] = [];
  try {
    // node-gyp-build looks in prebuilds/<platform>-<arch>/ and build/Release, build/Debug.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require('node-gyp-build')(root) as NativeBinding;
  } catch (e) {
    attempts.push(`node-gyp-build(${root}): ${(e as Error).message.split('\n')[0]}`);
  }
  const message = attempts.join('\n  ');
  const hints: string[] = [];
  if (/libtorch|libc10|cannot open shared object/.test(message))
    hints.push('LibTorch shared libraries are missing: run `bash scripts/setup` (Debian: apt-get install libtorch-dev libopenblas0-pthread), or add your LibTorch lib/ directory to LD_LIBRARY_PATH.');
  if (/GLIBCXX|CXXABI/.test(message))
    hints.push('The C++ runtime is older than the one the addon was built with: rebuild from source with `npm run build:native`.');
  if (/No native build was found|Cannot find module/.test(message))
    hints.push('No compiled addon for this platform: run `bash scripts/setup` or `npm run build:native`.');
  if (/NODE_MODULE_VERSION/.test(message))
    hints.push('The addon was built for another Node.js version: rebuild with `npm run build:native`.');
  throw new Error(`torchts: could not load the native addon.\n  ${message}\nPossible solutions:\n  - ${hints.join('\n  - ') || 'run `bash scripts/setup`'}`);
}

export const native: NativeBinding = loadBinding();
export type { Tensor };
