// Hostile argument values: what a careless or malicious caller can pass in any position.
// Each entry makes a fresh value (tensors are created per call, some of them disposed).
'use strict';

// Thrown by every trap and getter below: a call that lets it through behaved correctly.
class Sentinel extends Error {
  constructor() {
    super('fuzz sentinel');
    this.name = 'Sentinel';
  }
}
const boom = () => { throw new Sentinel(); };

// Option names torchts functions read, so that a throwing getter is actually reached.
const OPTION_KEYS = ['dim', 'keepdim', 'dtype', 'device', 'out', 'p', 'lr', 'weight', 'reduction', 'inplace',
  'size', 'groups', 'bias', 'requires_grad', 'alpha', 'momentum', 'eps', 'kernel_size', 'stride', 'padding',
  'batch_size', 'shuffle', 'generator', 'inputs', 'retain_graph', 'create_graph', 'gradient'];

function throwingGetters(keys) {
  const o = {};
  for (const k of keys) Object.defineProperty(o, k, { get: boom, enumerable: true });
  return o;
}
const throwingProxy = (target) => new Proxy(target, {
  get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom,
  set: boom, deleteProperty: boom, defineProperty: boom, apply: boom, construct: boom,
});
function arrayWithThrowingElement(first) {
  const a = [first, first];
  Object.defineProperty(a, 1, { get: boom, enumerable: true });
  return a;
}
function cyclic(prefix) {
  const a = [...prefix];
  a.push(a);
  return a;
}
function resizableView() {
  const buffer = new ArrayBuffer(24, { maxByteLength: 48 });
  return new Float32Array(buffer);
}
function detachedView() {
  const view = new Float32Array(6);
  structuredClone(view.buffer, { transfer: [view.buffer] });
  return view;
}

/** [name, make(torch)] pairs; the order is part of the case numbering. */
const HOSTILE = [
  ['getter-options', () => throwingGetters(OPTION_KEYS)],
  ['proxy-object', () => throwingProxy({})],
  ['proxy-array', () => throwingProxy([1, 2])],
  ['proxy-function', () => throwingProxy(() => 1)],
  ['array-throwing-int', () => arrayWithThrowingElement(1)],
  ['array-throwing-tensor', (torch) => arrayWithThrowingElement(torch.ones(2))],
  ['array-cyclic', () => cyclic([])],
  ['array-cyclic-tail', () => cyclic([1])],
  ['array-holey', () => [1, , 3]], // eslint-disable-line no-sparse-arrays
  ['array-huge-length', () => { const a = []; a.length = 2 ** 32 - 1; return a; }],
  ['array-like-huge', () => ({ length: 2 ** 53 })],
  ['array-nested-deep', () => { let a = [1]; for (let i = 0; i < 200; i++) a = [a]; return a; }],
  ['array-mixed', (torch) => [1, 'a', null, torch.ones(1)]],
  ['array-empty', () => []],
  ['nan', () => NaN],
  ['infinity', () => Infinity],
  ['minus-infinity', () => -Infinity],
  ['minus-one', () => -1],
  ['zero', () => 0],
  ['unsafe-int', () => 2 ** 53 + 1],
  ['huge-int', () => 1e12],
  ['int64-overflow', () => 2 ** 63],
  ['fraction', () => 0.5],
  ['bigint', () => 2n],
  ['symbol', () => Symbol('s')],
  ['string', () => 'x'],
  ['empty-string', () => ''],
  ['true', () => true],
  ['null', () => null],
  ['undefined', () => undefined],
  ['function', () => () => undefined],
  ['date', () => new Date(0)],
  ['valueof-throws', () => ({ valueOf: boom, toString: boom, [Symbol.toPrimitive]: boom })],
  ['wrong-options', () => ({ dtype: 'float32x', device: 'cuda:99', dim: 1e12, lr: -1, reduction: 'bogus', size: [-1] })],
  ['fake-tensor', (torch) => Object.create(torch.Tensor.prototype)],
  ['fake-dtype', () => ({ name: 'float32', code: 999, __enum: 1999 })],
  ['device-meta', () => 'meta'],
  ['device-bogus', () => 'cuda:99'],
  ['dtype-complex', (torch) => torch.complex64],
  ['dtype-bool', (torch) => torch.bool],
  ['tensor-int64', (torch) => torch.tensor([[1, 2, 3], [4, 5, 6]])],
  ['tensor-bool', (torch) => torch.tensor([true, false])],
  ['tensor-float16', (torch) => torch.ones(2, 3, { dtype: torch.float16 })],
  ['tensor-complex', (torch) => torch.ones(2, 3).to(torch.complex64)],
  ['tensor-scalar', (torch) => torch.tensor(3.5)],
  ['tensor-empty', (torch) => torch.ones(0, 3)],
  ['tensor-5d', (torch) => torch.ones(1, 2, 1, 2, 3)],
  ['tensor-noncontiguous', (torch) => torch.randn(3, 2).t()],
  ['tensor-requires-grad', (torch) => torch.randn(2, 3, { requires_grad: true })],
  ['tensor-nan', (torch) => torch.full([2, 3], NaN)],
  ['tensor-disposed', (torch) => { const t = torch.ones(2, 3); t.dispose(); return t; }],
  ['typed-resizable', () => resizableView()],
  ['typed-detached', () => detachedView()],
  ['typed-bigint', () => new BigInt64Array(6)],
  ['typed-clamped', () => new Uint8ClampedArray(6)],
];

module.exports = { HOSTILE, Sentinel, throwingGetters, throwingProxy, arrayWithThrowingElement, cyclic };
