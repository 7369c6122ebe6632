// torch.cuda: devices, streams, events, memory statistics and torch.cuda.amp. On a build or a
// machine without CUDA, every CUDA-only call throws what PyTorch's torch.cuda._lazy_init raises
// (AssertionError "Torch not compiled with CUDA enabled", or RuntimeError "Found no NVIDIA
// driver ..."); the queries PyTorch answers without CUDA (is_available, device_count,
// memory_allocated, empty_cache, manual_seed) answer the same way here.
import { inspect } from 'util';
import { native } from './native';
import { TorchError } from './errors';
import { lazyInitCuda } from './cuda_init';
import { forRelease } from './release';
import { device, DeviceLike } from './device';
import { bindArgs } from './python/binder';
import { callableClass } from './nn/callable';
import { cuda_amp } from './amp';

/**
 * What PyTorch's CPU build raises for the torch.cuda names whose C bindings it lacks: an
 * AttributeError for a missing torch._C function, a placeholder class's error for Stream/Event.
 */
function checkCpuBuild(what: { binding: string } | { dummyClass: string }): void {
  if (native.cudaIsBuilt()) return;
  if ('binding' in what) throw new TorchError(`module 'torch._C' has no attribute '${what.binding}'`, 'AttributeError');
  throw forRelease<() => TorchError>([
    ['1.13', () => new TorchError('object.__new__() takes exactly one argument (the type to instantiate)', 'TypeError')],
    ['2.0', () => new TorchError(`Tried to instantiate dummy base class ${what.dummyClass}`, 'RuntimeError')],
  ])();
}

/** A device index from PyTorch's device arguments (null/undefined: the current device). */
function deviceIndex(d: DeviceLike | null | undefined, fn: string): number | null {
  if (d == null) return null;
  if (typeof d === 'number') {
    if (!Number.isInteger(d)) throw new TypeError(`${fn}(): expected an integer device index but received ${d}`);
    return d;
  }
  const dev = new device(d);
  if (dev.type !== 'cuda') throw new TorchError(`Expected a cuda device, but got: ${dev}`, 'ValueError');
  return dev.index;
}

/** The index a call acts on: the given one, else the current device (CUDA checked first). */
function resolveDevice(d: DeviceLike | null | undefined, fn: string): number {
  lazyInitCuda();
  return deviceIndex(d, fn) ?? native.cudaCurrentDevice();
}

/** torch.cuda.get_device_properties(device): what torch._C._CudaDeviceProperties reports. */
export interface CudaDeviceProperties {
  readonly name: string;
  readonly major: number;
  readonly minor: number;
  /** Bytes of global memory. */
  readonly total_memory: number;
  readonly multi_processor_count: number;
}

/**
 * torch.cuda.Stream(device=None, priority=0): a CUDA stream from PyTorch's pool. Streams with
 * equal `stream_id` and device are the same stream.
 */
class Stream {
  readonly stream_id: number;
  readonly device: device;
  constructor(...args: [(DeviceLike | null)?, (number | { device?: DeviceLike | null; priority?: number })?] | [{ device?: DeviceLike | null; priority?: number }]) {
    const [d, priority] = bindArgs<[DeviceLike | null | undefined, number | undefined]>(args, ['device', 'priority'], {}, 'Stream');
    checkCpuBuild({ dummyClass: 'Stream' });
    const [id, index] = native.cudaStreamNew(resolveDevice(d, 'Stream'), priority ?? 0);
    this.stream_id = id;
    this.device = new device('cuda', index);
  }
  /** @internal A handle on an existing stream. */
  static _of([id, index]: [number, number]): Stream {
    const s = Object.create(Stream.prototype) as { -readonly [K in keyof Stream]: Stream[K] };
    s.stream_id = id;
    s.device = new device('cuda', index);
    return s as Stream;
  }
  /** @internal */
  get _index(): number { return this.device.index ?? 0; }
  /** True when every kernel queued on the stream has finished. */
  query(): boolean { return native.cudaStreamQuery(this.stream_id, this._index); }
  /** Waits until every kernel queued on the stream has finished. */
  synchronize(): void { native.cudaStreamSynchronize(this.stream_id, this._index); }
  /** Makes later work on this stream wait for the event. */
  wait_event(event: Event): void { event.wait(this); }
  /** Makes later work on this stream wait for what is queued on `stream` now. */
  wait_stream(stream: Stream): void { this.wait_event(stream.record_event()); }
  /** Records an event on this stream (a new one when none is given) and returns it. */
  record_event(event?: Event | null): Event {
    const e = event ?? new Event();
    e.record(this);
    return e;
  }
  equals(other: unknown): boolean { return other instanceof Stream && other.stream_id === this.stream_id && other._index === this._index; }
  [inspect.custom](): string { return `<torch.cuda.Stream device=cuda:${this._index} cuda_stream=${this.stream_id}>`; }
}

// Native events are freed when their JS Event is collected.
const eventFinalizer = new FinalizationRegistry<number>((id) => native.cudaEventFree(id));

/** torch.cuda.Event(enable_timing=False, blocking=False, interprocess=False): a CUDA event. */
class Event {
  readonly enable_timing: boolean;
  private readonly _id: number;
  constructor(...args: [boolean?, boolean?, boolean?] | [{ enable_timing?: boolean; blocking?: boolean; interprocess?: boolean }]) {
    const [timing] = bindArgs<[boolean | undefined, boolean | undefined, boolean | undefined]>(args, ['enable_timing', 'blocking', 'interprocess'], {}, 'Event');
    checkCpuBuild({ dummyClass: 'Event' });
    lazyInitCuda();
    this.enable_timing = !!timing;
    this._id = native.cudaEventNew(this.enable_timing);
    eventFinalizer.register(this, this._id);
  }
  /** Records the event on `stream` (default: the current stream). */
  record(stream?: Stream | null): void {
    const s = stream ?? current_stream();
    native.cudaEventRecord(this._id, s.stream_id, s._index);
  }
  /** Makes later work on `stream` (default: the current stream) wait for this event. */
  wait(stream?: Stream | null): void {
    const s = stream ?? current_stream();
    native.cudaEventBlock(this._id, s.stream_id, s._index);
  }
  /** True when the work recorded before the event has finished. */
  query(): boolean { return native.cudaEventQuery(this._id); }
  /** Waits until the work recorded before the event has finished. */
  synchronize(): void { native.cudaEventSynchronize(this._id); }
  /** Milliseconds between this event and `end_event` (both recorded, with enable_timing). */
  elapsed_time(end_event: Event): number { return native.cudaEventElapsedTime(this._id, end_event._id); }
  [inspect.custom](): string { return `<torch.cuda.Event ${this._id}>`; }
}

/** torch.cuda.Stream and torch.cuda.Event construct with and without `new`. */
const StreamClass = callableClass(Stream);
const EventClass = callableClass(Event);
export { StreamClass as Stream, EventClass as Event };
export type { Stream as StreamType, Event as EventType };

/** torch.cuda.current_stream(device=None). */
export function current_stream(d?: DeviceLike | null): Stream { return Stream._of(native.cudaCurrentStream(resolveDevice(d, 'current_stream'))); }
/** torch.cuda.default_stream(device=None). */
export function default_stream(d?: DeviceLike | null): Stream { return Stream._of(native.cudaDefaultStream(resolveDevice(d, 'default_stream'))); }

/**
 * `with torch.cuda.stream(s):` -> `torch.cuda.stream(s, () => ...)`: runs fn with `s` as its
 * device's current stream (and its device current), restores both after, and returns fn's value.
 * A null stream runs fn unchanged, as PyTorch's StreamContext does. Synchronous: an async fn's
 * work after its first `await` runs outside the context.
 */
function stream<T>(s: Stream | null, fn: () => T): T {
  if (s === null) return fn();
  const prevDevice = native.cudaCurrentDevice();
  if (prevDevice !== s._index) native.cudaSetDevice(s._index);
  const [prevId, prevIndex] = native.cudaSetStream(s.stream_id, s._index);
  try {
    return fn();
  } finally {
    native.cudaSetStream(prevId, prevIndex);
    if (prevDevice !== s._index) native.cudaSetDevice(prevDevice);
  }
}

/** Bytes by the caching allocator's statistics; 0 before CUDA is in use, as PyTorch's memory_stats(). */
function memoryStat(which: 0 | 1 | 2 | 3, d: DeviceLike | null | undefined, fn: string): number {
  if (!native.cudaIsBuilt() || native.cudaDeviceCount() === 0) return 0;
  return native.cudaMemoryStats(resolveDevice(d, fn))[which];
}

export const cuda = {
  is_available: (): boolean => native.cudaIsAvailable(),
  /** torch.cuda.is_initialized(): true once CUDA can be used (torchts initialises it on load). */
  is_initialized: (): boolean => native.cudaIsAvailable(),
  device_count: (): number => native.cudaDeviceCount(),
  current_device: (): number => { lazyInitCuda(); return native.cudaCurrentDevice(); },
  set_device: (d: DeviceLike): void => {
    const index = deviceIndex(d, 'set_device');
    if (index === null || index < 0) return;
    checkCpuBuild({ binding: '_cuda_setDevice' });
    lazyInitCuda();
    native.cudaSetDevice(index);
  },
  get_device_name: (d?: DeviceLike | null): string => native.cudaDeviceProperties(resolveDevice(d, 'get_device_name'))[0],
  get_device_capability: (d?: DeviceLike | null): [number, number] => {
    const p = native.cudaDeviceProperties(resolveDevice(d, 'get_device_capability'));
    return [p[1], p[2]];
  },
  get_device_properties: (d?: DeviceLike | null): CudaDeviceProperties => {
    const [name, major, minor, total_memory, multi_processor_count] = native.cudaDeviceProperties(resolveDevice(d, 'get_device_properties'));
    return { name, major, minor, total_memory, multi_processor_count };
  },
  memory_allocated: (d?: DeviceLike | null): number => memoryStat(0, d, 'memory_allocated'),
  max_memory_allocated: (d?: DeviceLike | null): number => memoryStat(1, d, 'max_memory_allocated'),
  memory_reserved: (d?: DeviceLike | null): number => memoryStat(2, d, 'memory_reserved'),
  max_memory_reserved: (d?: DeviceLike | null): number => memoryStat(3, d, 'max_memory_reserved'),
  reset_peak_memory_stats: (d?: DeviceLike | null): void => {
    checkCpuBuild({ binding: '_cuda_resetPeakMemoryStats' });
    native.cudaResetPeakMemoryStats(resolveDevice(d, 'reset_peak_memory_stats'));
  },
  empty_cache: (): void => native.cudaEmptyCache(),
  synchronize: (d?: DeviceLike | null): void => native.cudaSynchronize(resolveDevice(d, 'synchronize')),
  manual_seed: (seed: number): void => native.cudaManualSeedAll(seed),
  manual_seed_all: (seed: number): void => native.cudaManualSeedAll(seed),
  Stream: StreamClass,
  Event: EventClass,
  current_stream,
  default_stream,
  stream,
  /** torch.cuda.amp.autocast / GradScaler. */
  amp: cuda_amp,
};
