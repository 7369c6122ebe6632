// torch.jit: TorchScript modules written by PyTorch (torch.jit.script / torch.jit.trace, then
// save) load as nn.Modules. Parameters and buffers are the TorchScript module's own tensors, so an
// optimizer's in-place steps and load_state_dict change what forward computes and what save writes.
import * as fs from 'fs';
import * as path from 'path';
import { native } from './native';
import { Tensor, PyArgs } from './tensor';
import { device as Device } from './device';
import { TorchError } from './errors';
import { Module } from './nn/module';
import { Parameter } from './nn/parameter';
import { pyBind } from './python/binder';
import { isOptions } from './python/options';
import { writeAtomically } from './serialization/sink';

/** A native torch::jit::Module (an opaque handle). */
export interface CppModule { readonly __torchScriptModule: never }

/** A module's own members, in slot order (native jitMembers). */
export interface CppMembers {
  name: string;
  parameters: [string, Tensor, number][];
  buffers: [string, Tensor, number][];
  modules: [string, CppModule][];
  methods: string[];
  attributes: string[];
  constants: [string, unknown][];
}

function hidden(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
}

function asParameter(t: Tensor): Parameter {
  Object.setPrototypeOf(t, Parameter.prototype);
  return t as Parameter;
}

function typeName(v: unknown): string {
  return v === null ? 'NoneType' : typeof v === 'object' || typeof v === 'function' ? (v as object).constructor?.name ?? 'object' : typeof v;
}

/** torch.jit.ScriptModule: the base of modules whose forward runs as TorchScript. */
export class ScriptModule extends Module {}

/**
 * A TorchScript module as `torch.jit.load` returns it: `m(x)` runs its compiled `forward`;
 * parameters, buffers and sub-modules are listed, moved, trained and saved like any module's.
 * Hooks run around the top-level call only (sub-modules are called inside TorchScript), as in PyTorch.
 */
export class RecursiveScriptModule extends ScriptModule {
  /** Sub-modules, parameters, buffers and exported methods by name, known only once loaded. */
  [attribute: string]: any;
  declare readonly _c: CppModule;
  /** The scripted or traced class's name (`MLP`, `Linear`). */
  declare readonly original_name: string;

  /** `tensors` maps tensor identities to the JS objects already made for them in this module tree. */
  constructor(cpp: CppModule, tensors: Map<number, Tensor> = new Map()) {
    super();
    const members = native.jitMembers(cpp);
    hidden(this, '_c', cpp);
    hidden(this, 'original_name', members.name);
    // The flag lives in the TorchScript module, where forward reads it.
    Object.defineProperty(this, 'training', {
      get: () => native.jitTraining(cpp),
      set: (mode: boolean) => native.jitSetTraining(cpp, mode),
      enumerable: false, configurable: true,
    });
    const shared = (t: Tensor, identity: number, make: (t: Tensor) => Tensor): Tensor => {
      if (!tensors.has(identity)) tensors.set(identity, make(t));
      return tensors.get(identity)!;
    };
    for (const [name, p, identity] of members.parameters) this.defineSlot(name, shared(p, identity, asParameter), true);
    for (const [name, b, identity] of members.buffers) {
      this._buffer_names.add(name);
      this.defineSlot(name, shared(b, identity, (t) => t), false);
    }
    for (const [name, child] of members.modules) {
      Object.defineProperty(this, name, { value: new RecursiveScriptModule(child, tensors), writable: true, enumerable: true, configurable: true });
    }
    // Other TorchScript attributes (numbers, strings, lists, ...) read and write through to the slot.
    // Constants are read-only: assigning one is PyTorch's error.
    const readOnly = new Map(members.constants);
    for (const name of [...members.attributes, ...readOnly.keys()]) {
      Object.defineProperty(this, name, {
        get: () => (readOnly.has(name) ? readOnly.get(name) : native.jitGetAttr(cpp, name)),
        set: (value: unknown) => native.jitSetAttr(cpp, name, value),
        enumerable: false, configurable: true,
      });
    }
    for (const method of members.methods) {
      if (method !== 'forward') hidden(this, method, (...args: unknown[]) => native.jitRun(cpp, method, args));
    }
  }

  /** An attribute backed by a TorchScript tensor slot: assigning a tensor replaces the slot. */
  private defineSlot(name: string, initial: Tensor, isParameter: boolean): void {
    let current = initial;
    Object.defineProperty(this, name, {
      get: () => current,
      set: (value: unknown) => {
        if (!(value instanceof Tensor)) {
          throw new TypeError(`cannot assign '${typeName(value)}' object to ${isParameter ? 'parameter' : 'buffer'} '${name}' (torch.Tensor required)`);
        }
        const slot = native.jitSetAttr(this._c, name, value) as Tensor;
        // A plain tensor in a parameter slot is still listed as a parameter (a new handle on it).
        current = isParameter && !(value instanceof Parameter) ? asParameter(slot) : value;
      },
      enumerable: true, configurable: true,
    });
  }

  forward(...input: any[]): any {
    return native.jitRun(this._c, 'forward', input);
  }

  /**
   * Writes the module (code, parameters, buffers) as a TorchScript archive that Python's
   * `torch.jit.load` reads; `_extra_files` adds files (name -> contents) to the archive.
   */
  save(...args: PyArgs<[['f', string]], { _extra_files?: ExtraFiles }>): void {
    const [f, extra] = pyBind<[string, ExtraFiles | null]>('ScriptModule.save', args, ['f'], { _extra_files: null }, ['_extra_files']);
    if (typeof f !== 'string') throw new TypeError(`ScriptModule.save(): expected a path string for f but received ${typeName(f)}`);
    // PyTorch's message (its archive writer checks the directory first).
    if (!fs.existsSync(path.dirname(path.resolve(f)))) throw new TorchError(`Parent directory ${path.dirname(f)} does not exist.`);
    writeAtomically(f, (sink) => native.jitSaveTo(this._c, (chunk: Uint8Array) => sink.write(chunk), extraFilePairs(extra)));
  }

  /** The archive `save` writes, as bytes. */
  save_to_buffer(...args: PyArgs<[['_extra_files', ExtraFiles | null, '?']]>): Buffer {
    // A lone object is the files themselves unless it is `{ _extra_files }` by name.
    const lone = args.length === 1 && isOptions(args[0]) && !('_extra_files' in args[0]);
    const [extra] = lone ? [args[0] as ExtraFiles] : pyBind<[ExtraFiles | null]>('ScriptModule.save_to_buffer', args, ['_extra_files'], { _extra_files: null });
    const chunks: Uint8Array[] = [];
    native.jitSaveTo(this._c, (chunk: Uint8Array) => { chunks.push(chunk); }, extraFilePairs(extra));
    return Buffer.concat(chunks);
  }

  /** Python's copy.deepcopy protocol (torch.deepcopy, clone): the TorchScript module's own deep copy. */
  __deepcopy__(): RecursiveScriptModule {
    return new RecursiveScriptModule(native.jitDeepcopy(this._c));
  }

  /** forward's TorchScript source, as PyTorch prints it. */
  get code(): string { return native.jitMethodText(this._c, 'forward', 'code'); }
  /** forward's TorchScript graph (IR), printed. */
  get graph(): string { return native.jitMethodText(this._c, 'forward', 'graph'); }

  extra_repr(): string { return `original_name=${this.original_name}`; }
}

/** Extra files of an archive by name: string or bytes contents when saving; loading fills in Buffers. */
export type ExtraFiles = Record<string, string | Uint8Array>;

function extraFilePairs(extra: ExtraFiles | null): [string, string | Uint8Array][] | null {
  if (extra === null || extra === undefined) return null;
  if (typeof extra !== 'object') throw new TypeError(`expected an object of file contents for _extra_files but received ${typeName(extra)}`);
  return Object.entries(extra);
}

function mapLocation(map_location: unknown): string | null {
  if (map_location === null || map_location === undefined) return null;
  if (typeof map_location !== 'string' && !(map_location instanceof Device)) {
    throw new TypeError(`map_location should be either None, string or torch.device, but got type: ${typeName(map_location)}`);
  }
  const target = new Device(map_location);
  if (target.type === 'cuda' && !native.cudaIsAvailable()) {
    throw new TorchError("Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.");
  }
  return target.toString();
}

/**
 * `torch.jit.load(f, { map_location, _extra_files })`: a TorchScript archive (a path, or its bytes)
 * as a RecursiveScriptModule, its tensors on `map_location` (a device string or torch.device) when
 * given. Each name in `_extra_files` is set to that extra file's contents (a Buffer), as in PyTorch.
 */
export function load(...args: PyArgs<[['f', string | Uint8Array], ['map_location', string | Device | null, '?'], ['_extra_files', ExtraFiles | null, '?']]>): RecursiveScriptModule {
  const [f, map_location, extra] = pyBind<[string | Uint8Array, unknown, ExtraFiles | null]>('torch.jit.load', args, ['f', 'map_location', '_extra_files'], { map_location: null, _extra_files: null });
  const target = mapLocation(map_location);
  if (typeof f === 'string') {
    if (!fs.existsSync(f)) throw new TorchError(`The provided filename ${f} does not exist`, 'ValueError');
    if (fs.statSync(f).isDirectory()) throw new TorchError(`The provided filename ${f} is a directory`, 'ValueError');
  } else if (!(f instanceof Uint8Array)) {
    throw new TypeError(`torch.jit.load(): expected a path string or bytes for f but received ${typeName(f)}`);
  }
  const names = extraFilePairs(extra)?.map(([name]) => name) ?? null;
  const [cpp, contents] = native.jitLoad(f, target, names);
  names?.forEach((name, i) => { extra![name] = Buffer.from(contents[i].buffer, contents[i].byteOffset, contents[i].byteLength); });
  return new RecursiveScriptModule(cpp);
}

/** `torch.jit.save(m, f, { _extra_files })`: same as `m.save(f, { _extra_files })`. */
export function save(...args: PyArgs<[['m', ScriptModule], ['f', string], ['_extra_files', ExtraFiles | null, '?']]>): void {
  const [m, f, extra] = pyBind<[ScriptModule, string, ExtraFiles | null]>('torch.jit.save', args, ['m', 'f', '_extra_files'], { _extra_files: null });
  if (!(m instanceof RecursiveScriptModule)) throw new TypeError(`torch.jit.save(): expected a ScriptModule for m but received ${typeName(m)}`);
  m.save(f, { _extra_files: extra ?? undefined });
}
