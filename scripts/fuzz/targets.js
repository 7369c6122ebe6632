// The API surface under test, enumerated at run time, and the numbered list of hostile calls.
// A case is (target, argument slot, hostile value): the target's plausible base arguments with one
// slot replaced. The list depends only on the API, so parent and child number it the same way.
'use strict';
const path = require('path');
const { HOSTILE } = require('./hostile');

// Calls that change the process itself, not the library: never fuzzed.
const SKIP = new Set([
  'torch.set_num_threads',        // a huge thread pool is the caller's request, not a fault
  'torch.set_printoptions',       // global print state, restored by the health check anyway
]);
// aten operators that read raw memory by design (PyTorch itself does not check them) or exit.
const ATEN_SKIP = /^aten::(_?unsafe|_local_scalar_dense|set_|_set_|_efficientzerotensor|_nested|_sparse|sparse|_mkldnn|mkldnn|_cudnn|cudnn|miopen|_fused|fbgemm|_fbgemm|quantize|_make_per|_cufft|_use_cudnn|_foreach|_test|_has_|_amp_|_assert|as_strided|_reshape_alias|_to_copy|_pin_memory|_coalesce|_values|_indices|resize|_resize|record_stream|_cummax_helper|_cummin_helper|_histogramdd)/;

const list = (obj) => Object.keys(obj).sort();
const isClass = (f) => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));

// Base argument lists to try, most specific first; the first that runs becomes the base.
function tensorBases(torch) {
  return [
    () => [torch.randn(2, 3), torch.randn(2, 3), 1],
    () => [torch.randn(4, 4)],
  ];
}

function atenBase(torch, schema) {
  // "aten::name.overload(Tensor self, int[2] kernel_size, *, Scalar alpha=1) -> Tensor"
  const inner = schema.slice(schema.indexOf('(') + 1, schema.lastIndexOf(') ->'));
  const args = [];
  for (const raw of inner.split(/,\s*(?![^\[]*\])/)) {
    const part = raw.trim();
    if (!part || part === '*') continue;
    if (part.includes('=')) break; // defaulted and keyword-only arguments stay out of the base
    const type = part.split(/\s+/)[0];
    if (/^Tensor\?*\[\]|^Tensor\[\]/.test(type)) args.push([torch.randn(2, 3), torch.randn(2, 3)]);
    else if (/^Tensor/.test(type)) args.push(torch.randn(2, 3));
    else if (/^(int|SymInt)\[/.test(type)) args.push([1]);
    else if (/^(int|SymInt)/.test(type)) args.push(1);
    else if (/^float\[/.test(type)) args.push([0.5]);
    else if (/^float/.test(type)) args.push(0.5);
    else if (/^bool\[/.test(type)) args.push([false]);
    else if (/^bool/.test(type)) args.push(false);
    else if (/^Scalar/.test(type)) args.push(1);
    else if (/^ScalarType/.test(type)) args.push(torch.float32);
    else if (/^str/.test(type)) args.push('mean');
    else if (/^Device/.test(type)) args.push('cpu');
    else args.push(null);
  }
  return args;
}

/**
 * Targets: { name, bases(torch) -> [() => args][], invoke(torch, args) }. `invoke` builds what
 * the call needs (a receiver, a module, an optimizer) fresh for every call.
 */
function targets(torch, { atenEvery = Number(process.env.FUZZ_ATEN_EVERY) || 5, root = path.join(__dirname, '..', '..') } = {}) {
  const out = [];
  const fn = (name, f, bases) => out.push({ name, bases, invoke: (args) => f(...args) });

  for (const k of list(torch)) {
    const name = `torch.${k}`;
    if (typeof torch[k] !== 'function' || SKIP.has(name)) continue;
    fn(name, isClass(torch[k]) ? (...a) => new torch[k](...a) : (...a) => torch[k](...a), tensorBases(torch));
  }

  const methods = new Set();
  for (let p = torch.Tensor.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor') methods.add(k);
  for (const k of [...methods].sort()) {
    const d = findDescriptor(torch.Tensor.prototype, k);
    if (d.set) {
      out.push({ name: `Tensor.${k}=`, bases: [() => [torch.ones(2, 3)]], invoke: ([v]) => { torch.randn(2, 3)[k] = v; } });
    } else if (typeof d.value === 'function') {
      out.push({ name: `Tensor.${k}`, bases: tensorBases(torch).map((b) => () => b().slice(1)), invoke: (args) => torch.randn(2, 3)[k](...args) });
    }
  }

  const F = torch.nn.functional;
  for (const k of list(F)) if (typeof F[k] === 'function') fn(`F.${k}`, (...a) => F[k](...a), tensorBases(torch));
  const init = torch.nn.init;
  for (const k of list(init)) if (typeof init[k] === 'function') fn(`nn.init.${k}`, (...a) => init[k](...a), [() => [torch.empty(4, 4), 1]]);

  const nn = torch.nn;
  for (const k of list(nn)) {
    if (!isClass(nn[k]) || !(nn[k].prototype instanceof nn.Module)) continue;
    const ctorBases = [() => [4, 4], () => [4], () => []];
    fn(`nn.${k}()`, (...a) => new nn[k](...a), ctorBases);
    out.push({
      name: `nn.${k}.forward`,
      bases: [() => [torch.randn(2, 4)], () => [torch.randn(2, 4, 4)], () => [torch.randn(2, 4, 4, 4)]],
      invoke: (args) => {
        let m;
        for (const b of ctorBases) { try { m = new nn[k](...b()); break; } catch { /* next */ } }
        return m === undefined ? undefined : m(...args);
      },
    });
  }

  const optim = torch.optim;
  for (const k of list(optim)) {
    if (!isClass(optim[k]) || k === 'Optimizer') continue;
    const params = () => [nn.Parameter(torch.randn(3))];
    fn(`optim.${k}()`, (...a) => new optim[k](...a), [() => [params(), { lr: 0.1 }]]);
    out.push({
      name: `optim.${k}.step(state)`,
      bases: [() => [{}]],
      invoke: ([state]) => {
        const p = nn.Parameter(torch.randn(3));
        const o = new optim[k]([p], { lr: 0.1 });
        p.square().sum().backward();
        o.state.set(p, state);
        return k === 'LBFGS' ? o.step(() => p.square().sum()) : o.step();
      },
    });
  }

  const sched = optim.lr_scheduler;
  for (const k of list(sched)) {
    if (!isClass(sched[k])) continue;
    const opt = () => new optim.SGD([nn.Parameter(torch.randn(3))], { lr: 0.1, momentum: 0.9 });
    fn(`lr_scheduler.${k}()`, (...a) => {
      const s = new sched[k](...a);
      if (typeof s.step === 'function') s.step(k === 'ReduceLROnPlateau' ? 1 : undefined);
      return s;
    }, [() => [opt(), 1], () => [opt(), () => 1], () => [opt(), [1]], () => [opt()]]);
  }

  const data = torch.utils.data;
  for (const k of list(data)) {
    const ds = () => new data.TensorDataset(torch.randn(6, 2), torch.arange(6));
    if (k === 'DataLoader') {
      fn('data.DataLoader', (...a) => { const dl = new data.DataLoader(...a); return [...dl]; }, [() => [ds(), { batch_size: 4 }]]);
    } else if (isClass(data[k])) {
      fn(`data.${k}()`, (...a) => { const v = new data[k](...a); return typeof v[Symbol.iterator] === 'function' ? [...v] : v; },
        [() => [ds(), [0, 1]], () => [torch.randn(6, 2)], () => [[1, 2, 3]], () => [ds()]]);
    } else if (typeof data[k] === 'function') {
      fn(`data.${k}`, (...a) => data[k](...a), [() => [ds(), [3, 3]], () => [[torch.ones(2), torch.ones(2)]]]);
    }
  }

  const { native } = require(path.join(root, 'dist', 'native'));
  const { schemas } = require(path.join(root, 'dist', 'ops', 'dispatch'));
  const atenOps = (native.opNames ? native.opNames() : []).filter((n) => n.startsWith('aten::') && !ATEN_SKIP.test(n));
  atenOps.forEach((full, i) => {
    if (i % atenEvery !== 0) return;
    const name = full.slice('aten::'.length);
    let list;
    try { list = schemas(name); } catch { return; }
    if (!list.length) return;
    out.push({ name: `aten.${name}`, bases: [() => atenBase(torch, list[0])], invoke: (args) => torch.ops.aten[name](...args) });
  });
  return out;
}

function findDescriptor(proto, key) {
  for (let p = proto; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d;
  }
  return {};
}

// Argument slots mutated per target: the base's positions plus one trailing options object.
const SLOTS = 4;

/** The case numbering: case i is (target, slot, hostile value). */
function caseAt(allTargets, i) {
  const perTarget = SLOTS * HOSTILE.length;
  const target = allTargets[Math.floor(i / perTarget)];
  const r = i % perTarget;
  return { target, slot: Math.floor(r / HOSTILE.length), hostile: HOSTILE[r % HOSTILE.length] };
}
const caseCount = (allTargets) => allTargets.length * SLOTS * HOSTILE.length;

module.exports = { targets, caseAt, caseCount, SLOTS };
