// Autograd: backward, retain_graph, accumulation, detach, grad modes, torch.autograd.grad,
// retain_grad, is_leaf, grad_fn, requires_grad. Error messages are PyTorch 1.13's.
import * as torch from '../lib';
import { casesOf, errorOf } from './helpers';

const pytorchMessage = (name: string): string => {
  const c = casesOf('errors').find((e) => e.name === name);
  if (!c || !c.message) throw new Error(`no error golden named ${name}`);
  return c.message;
};
const leaf = (values: number[]) => torch.tensor(values, { dtype: torch.float32, requires_grad: true });
const close = (t: torch.Tensor | null, expected: number[]) => {
  expect(t).not.toBeNull();
  const got = t!.tolist() as number[];
  expect(got).toHaveLength(expected.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
};

describe('backward', () => {
  test('of a scalar fills .grad of the leaves', () => {
    const x = leaf([1, 2, 3]);
    x.pow(2).sum().backward();
    close(x.grad, [2, 4, 6]);
  });

  test('with a gradient argument (vector-Jacobian product)', () => {
    const x = leaf([1, 2, 3]);
    const y = x.mul(x);
    y.backward(torch.tensor([1, 0.5, -2]));
    close(x.grad, [2, 2, -12]);
  });

  test('through torch.autograd.backward with grad_tensors', () => {
    const x = leaf([1, 2]);
    torch.autograd.backward(x.mul(3), { grad_tensors: torch.tensor([1, 10]) });
    close(x.grad, [3, 30]);
  });

  test('retain_graph keeps the graph for a second backward; without it the second one throws', () => {
    const x = leaf([0.5, 1.5]);
    const loss = x.exp().sum();
    loss.backward(null, { retain_graph: true });
    loss.backward();
    close(x.grad, [2 * Math.exp(0.5), 2 * Math.exp(1.5)]);
    const err = errorOf(() => loss.backward());
    expect(err).toBeInstanceOf(torch.TorchError);
    expect(err.message.split('\n')[0]).toBe(pytorchMessage('second backward without retain_graph'));
  });

  test('grads accumulate across backward calls until zeroed', () => {
    const x = leaf([1, -1]);
    x.mul(2).sum().backward();
    x.mul(3).sum().backward();
    close(x.grad, [5, 5]);
    x.grad!.zero_();
    x.mul(4).sum().backward();
    close(x.grad, [4, 4]);
    x.grad = null;
    expect(x.grad).toBeNull();
    x.sum().backward();
    close(x.grad, [1, 1]);
  });

  test('non-scalar without a gradient and no-grad outputs throw PyTorch\'s messages', () => {
    const x = leaf([1, 2]);
    expect(errorOf(() => x.mul(2).backward()).message).toBe(pytorchMessage('backward on non-scalar'));
    expect(errorOf(() => torch.ones(2).sum().backward()).message).toBe(pytorchMessage('backward without grad'));
  });

  test('create_graph on backward gives a differentiable .grad', () => {
    const x = leaf([2]);
    x.pow(3).sum().backward(null, { create_graph: true });
    close(x.grad, [12]);
    expect(x.grad!.requires_grad).toBe(true);
  });

  test('inputs restricts which leaves get .grad', () => {
    const a = leaf([1]), b = leaf([1]);
    a.mul(b).sum().backward(null, { inputs: [a] });
    close(a.grad, [1]);
    expect(b.grad).toBeNull();
  });
});

describe('torch.autograd.grad', () => {
  test('second derivative of x**3 with create_graph', () => {
    const x = leaf([1, 2, -3]);
    const y = x.pow(3).sum();
    const [dy] = torch.autograd.grad(y, x, { create_graph: true });
    close(dy, [3, 12, 27]);
    expect(dy!.requires_grad).toBe(true);
    const [d2] = torch.autograd.grad(dy!.sum(), x);
    close(d2, [6, 12, -18]);
    expect(x.grad).toBeNull();  // grad() does not touch .grad
  });

  test('grad_outputs for a non-scalar output', () => {
    const x = leaf([1, 2]);
    const [g] = torch.autograd.grad(x.mul(x), [x], { grad_outputs: [torch.tensor([1, 3])] });
    close(g, [2, 12]);
  });

  test('allow_unused returns null for an unused input; without it PyTorch\'s error', () => {
    const x = leaf([1, 2]), z = leaf([5]);
    const y = x.pow(2).sum();
    const err = errorOf(() => torch.autograd.grad(y, [x, z], { retain_graph: true }));
    expect(err).toBeInstanceOf(torch.TorchError);
    // PyTorch 1.13: torch.autograd.grad(y, [x, z]) with z unused
    expect(err.message).toBe('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
    const [gx, gz] = torch.autograd.grad(y, [x, z], { allow_unused: true });
    close(gx, [2, 4]);
    expect(gz).toBeNull();
  });
});

describe('graph properties', () => {
  test('is_leaf, grad_fn names and requires_grad propagation', () => {
    const x = leaf([1, 2, 3]);
    const plain = torch.ones(3);
    expect(x.is_leaf).toBe(true);
    expect(plain.is_leaf).toBe(true);
    expect(x.grad_fn).toBeNull();
    const y = x.mul(2);
    expect(y.is_leaf).toBe(false);
    expect(y.requires_grad).toBe(true);
    // PyTorch 1.13's node names
    expect(x.mul(x).grad_fn!.name()).toBe('MulBackward0');
    expect(x.add(x).grad_fn!.name()).toBe('AddBackward0');
    expect(x.sum().grad_fn!.name()).toBe('SumBackward0');
    expect(x.exp().grad_fn!.name()).toBe('ExpBackward0');
    expect(x.view(3, 1).grad_fn!.name()).toBe('ViewBackward0');
    expect(x.select(0, 0).grad_fn!.name()).toBe('SelectBackward0');
    expect(x.pow(3).grad_fn!.name()).toBe('PowBackward0');
    expect(x.mean().grad_fn!.name()).toBe('MeanBackward0');
    expect(x.matmul(x).grad_fn!.name()).toBe('DotBackward0');
    expect(plain.mul(2).requires_grad).toBe(false);
    expect(plain.mul(2).grad_fn).toBeNull();
  });

  test('retain_grad keeps .grad of a non-leaf', () => {
    const x = leaf([1, 2]);
    const y = x.mul(3);
    const z = x.mul(4);
    y.retain_grad();
    expect(y.retains_grad).toBe(true);
    expect(z.retains_grad).toBe(false);
    y.add(z).pow(2).sum().backward();
    close(y.grad, [14, 28]);  // 2 * (3x + 4x)
    expect(z.grad).toBeNull();
    close(x.grad, [98, 196]);
  });

  test('requires_grad setter and requires_grad_()', () => {
    const x = torch.tensor([1.5, 2.5]);
    expect(x.requires_grad).toBe(false);
    x.requires_grad = true;
    expect(x.requires_grad).toBe(true);
    expect(x.requires_grad_(false)).toBe(x);
    expect(x.requires_grad).toBe(false);
    x.requires_grad_();
    expect(x.requires_grad).toBe(true);
    const y = x.mul(2);
    // PyTorch 1.13: `y.requires_grad = False` on a non-leaf
    expect(() => { y.requires_grad = false; }).toThrow("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    // PyTorch 1.13: `t.requires_grad = True` on an int tensor
    expect(() => { torch.tensor([1, 2]).requires_grad = true; }).toThrow('only Tensors of floating point and complex dtype can require gradients');
    expect(torch.ones(2, { requires_grad: true }).requires_grad).toBe(true);
  });

  test('detach shares storage and leaves the graph; detach_ works in place', () => {
    const x = leaf([1, 2]);
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requires_grad).toBe(false);
    expect(d.is_leaf).toBe(true);
    expect(d.grad_fn).toBeNull();
    d.fill_(7);
    expect(y.tolist()).toEqual([7, 7]);  // same storage
    const z = x.mul(3);
    expect(z.detach_()).toBe(z);
    expect(z.requires_grad).toBe(false);
    expect(z.grad_fn).toBeNull();
    expect(z.is_leaf).toBe(true);
    expect(x.data.requires_grad).toBe(false);
  });

  test('in-place ops on a leaf requiring grad throw; under no_grad they are allowed', () => {
    const w = leaf([1, 2]);
    expect(errorOf(() => w.add_(1)).message).toBe(pytorchMessage('in-place on leaf requiring grad'));
    torch.no_grad(() => w.sub_(torch.tensor([0.5, 0.5])));
    expect(w.tolist()).toEqual([0.5, 1.5]);
    expect(w.requires_grad).toBe(true);
    expect(w.is_leaf).toBe(true);
  });
});

describe('grad mode', () => {
  afterEach(() => torch.set_grad_enabled(true));

  test('no_grad returns the callback\'s value and disables recording inside only', () => {
    const x = leaf([1, 2]);
    expect(torch.is_grad_enabled()).toBe(true);
    const r = torch.no_grad(() => {
      expect(torch.is_grad_enabled()).toBe(false);
      return { y: x.mul(2), n: 42 };
    });
    expect(r.n).toBe(42);
    expect(r.y.requires_grad).toBe(false);
    expect(torch.is_grad_enabled()).toBe(true);
    expect(x.mul(2).requires_grad).toBe(true);
  });

  test('enable_grad inside no_grad, and nesting restores each level', () => {
    const x = leaf([1]);
    torch.no_grad(() => {
      const y = torch.enable_grad(() => x.mul(2));
      expect(y.requires_grad).toBe(true);
      expect(torch.is_grad_enabled()).toBe(false);
      expect(x.mul(2).requires_grad).toBe(false);
    });
    expect(torch.is_grad_enabled()).toBe(true);
  });

  test('set_grad_enabled globally and with a callback', () => {
    const x = leaf([1]);
    torch.set_grad_enabled(false);
    expect(torch.is_grad_enabled()).toBe(false);
    expect(x.mul(2).requires_grad).toBe(false);
    expect(torch.set_grad_enabled(true, () => x.mul(2).requires_grad)).toBe(true);
    expect(torch.is_grad_enabled()).toBe(false);
    torch.set_grad_enabled(true);
    expect(torch.is_grad_enabled()).toBe(true);
    expect(torch.set_grad_enabled(false, () => torch.is_grad_enabled())).toBe(false);
    expect(torch.is_grad_enabled()).toBe(true);
  });

  test('the mode is restored when the callback throws', () => {
    expect(() => torch.no_grad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(torch.is_grad_enabled()).toBe(true);
  });

  test('an async callback keeps its mode until the promise settles', async () => {
    const p = torch.no_grad(async () => {
      await Promise.resolve();
      return 5;
    });
    expect(torch.is_grad_enabled()).toBe(false);
    await expect(p).resolves.toBe(5);
    expect(torch.is_grad_enabled()).toBe(true);
  });

  test('torch.autograd.no_grad is the same as torch.no_grad', () => {
    expect(torch.autograd.no_grad(() => torch.is_grad_enabled())).toBe(false);
  });
});
