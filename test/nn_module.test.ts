// nn.Module system: registration by assignment, traversal names, callable instances, hooks,
// containers, state_dict, printing, freezing.
import * as torch from '../lib';

const nn = torch.nn;

class MyNet extends nn.Module {
  fc1 = nn.Linear(4, 3);
  act = nn.ReLU();
  fc2 = new nn.Linear(3, 2);
  forward(x: torch.Tensor): torch.Tensor { return this.fc2(this.act(this.fc1(x))); }
}

describe('Module', () => {
  test('construction with and without new, instanceof, callable', () => {
    const a = nn.Linear(4, 2), b = new nn.Linear(4, 2);
    expect(a instanceof nn.Linear && b instanceof nn.Linear && a instanceof nn.Module).toBe(true);
    expect(a(torch.ones(3, 4)).shape).toEqual([3, 2]);
  });

  test('parameters register by assignment, with dotted names in order', () => {
    const net = new MyNet();
    expect([...net.named_parameters()].map(([n]) => n)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    expect([...net.named_children()].map(([n]) => n)).toEqual(['fc1', 'act', 'fc2']);
    expect([...net.named_modules()].map(([n]) => n)).toEqual(['', 'fc1', 'act', 'fc2']);
    expect([...net.parameters()].every((p) => p instanceof nn.Parameter && p.requires_grad)).toBe(true);
    expect(Object.keys(net.state_dict())).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
  });

  test('forward and backward reach every parameter', () => {
    const net = new MyNet();
    net(torch.ones(5, 4)).sum().backward();
    for (const p of net.parameters()) expect(p.grad).not.toBeNull();
    net.zero_grad(false);
    for (const p of net.parameters()) expect(p.grad.abs().sum().item()).toBe(0);
    net.zero_grad(true);
    for (const p of net.parameters()) expect(p.grad).toBeNull();
    net(torch.ones(5, 4)).sum().backward();
    net.zero_grad();  // PyTorch's default set_to_none: False before 2.0, True since
    const major = Number(torch.__libtorch_version__.split('.')[0]);
    for (const p of net.parameters()) {
      if (major >= 2) expect(p.grad).toBeNull(); else expect(p.grad.abs().sum().item()).toBe(0);
    }
  });

  test('printing matches PyTorch', () => {
    const model = nn.Sequential(nn.Linear(50, 50), nn.ReLU(), nn.Linear(40, 1));
    expect(String(model)).toBe('Sequential(\n  (0): Linear(in_features=50, out_features=50, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=40, out_features=1, bias=True)\n)');
    expect(String(new MyNet())).toBe('MyNet(\n  (fc1): Linear(in_features=4, out_features=3, bias=True)\n  (act): ReLU()\n  (fc2): Linear(in_features=3, out_features=2, bias=True)\n)');
    expect(String(nn.LeakyReLU(0.2))).toBe('LeakyReLU(negative_slope=0.2)');
    expect(String(nn.Flatten())).toBe('Flatten(start_dim=1, end_dim=-1)');
    expect(String(nn.Linear(2, 2).bias)).toMatch(/^Parameter containing:\ntensor\(\[/);
  });

  test('Linear init and output equal PyTorch for the same seed', () => {
    // torch.manual_seed(0); l = nn.Linear(3, 2); l.weight, l.bias, l(torch.arange(6.).view(2, 3))
    torch.manual_seed(0);
    const l = nn.Linear(3, 2);
    const expectClose = (t: torch.Tensor, ref: number[][] | number[]) =>
      (t.tolist() as number[] | number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo((ref.flat() as number[])[i], 4));
    expectClose(l.weight, [[-0.0043, 0.3097, -0.4752], [-0.4249, -0.2224, 0.1548]]);
    expectClose(l.bias!, [-0.0114, 0.4578]);
    expectClose(l(torch.arange(6, { dtype: torch.float32 }).view(2, 3)), [[-0.6521, 0.5450], [-1.1615, -0.9323]]);
  });

  test('hooks run around forward and can be removed', () => {
    const lin = nn.Linear(2, 2);
    const seen: string[] = [];
    const h1 = lin.register_forward_pre_hook(() => { seen.push('pre'); });
    const h2 = lin.register_forward_hook((_m, _i, out) => { seen.push('post'); return (out as torch.Tensor).mul(0); });
    expect(lin(torch.ones(1, 2)).abs().sum().item()).toBe(0);
    h1.remove(); h2.remove();
    lin(torch.ones(1, 2));
    expect(seen).toEqual(['pre', 'post']);
  });

  test('apply, train/eval, requires_grad_ freezing', () => {
    const model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1));
    const names: string[] = [];
    model.apply((m) => { names.push(m._get_name()); });
    expect(names).toEqual(['Linear', 'ReLU', 'Linear', 'Sequential']);
    model.eval();
    expect([...model.modules()].every((m) => !m.training)).toBe(true);
    model.train();
    expect(model[1].training).toBe(true);
    model[0].requires_grad_(false);
    model(torch.ones(1, 2)).sum().backward();
    expect((model[0] as torch.nn.Linear).weight.grad).toBeNull();
    expect((model[2] as torch.nn.Linear).weight.grad).not.toBeNull();
  });

  test('Sequential indexing, slicing, iteration, append/insert', () => {
    const model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1));
    expect(model.length).toBe(3);
    expect(model.at(-1) instanceof nn.Linear).toBe(true);
    const head = model.slice(0, -1);
    expect(head.length).toBe(2);
    expect(head[0]).toBe(model[0]);
    expect([...model].map((m) => m._get_name())).toEqual(['Linear', 'ReLU', 'Linear']);
    model.append(nn.Sigmoid());
    model.insert(0, nn.Identity());
    expect([...model.named_children()].map(([n, m]) => `${n}:${m._get_name()}`)).toEqual(['0:Identity', '1:Linear', '2:ReLU', '3:Linear', '4:Sigmoid']);
    expect(model(torch.ones(4, 2)).shape).toEqual([4, 1]);
  });

  test('ModuleList and ModuleDict register their members', () => {
    class Net extends nn.Module {
      layers = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2)]);
      heads = nn.ModuleDict({ a: nn.Linear(2, 1) });
    }
    expect(Object.keys(new Net().state_dict())).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'heads.a.weight', 'heads.a.bias']);
  });

  test('buffers, state_dict round trip and strict loading errors', () => {
    class WithBuffer extends nn.Module {
      fc = nn.Linear(2, 2);
      constructor() { super(); this.register_buffer('steps', torch.zeros(1)); this.register_buffer('scratch', torch.zeros(1), { persistent: false }); }
    }
    const a = new WithBuffer(), b = new WithBuffer();
    expect([...a.named_buffers()].map(([n]) => n)).toEqual(['steps', 'scratch']);
    expect(Object.keys(a.state_dict())).toEqual(['steps', 'fc.weight', 'fc.bias']);  // own members first, as PyTorch
    b.load_state_dict(a.state_dict());
    expect(b.fc.weight.equal(a.fc.weight)).toBe(true);
    const sd = a.state_dict();
    delete sd['fc.bias'];
    sd['extra'] = torch.ones(1);
    expect(() => b.load_state_dict(sd)).toThrow('Error(s) in loading state_dict for WithBuffer:\n\tMissing key(s) in state_dict: "fc.bias". \n\tUnexpected key(s) in state_dict: "extra". ');
    const keys = b.load_state_dict(sd, { strict: false });
    expect([...keys]).toEqual([['fc.bias'], ['extra']]);
    expect([keys.missing_keys, keys.unexpected_keys]).toEqual([['fc.bias'], ['extra']]);
  });

  test('to(dtype) keeps Parameter objects', () => {
    const l = nn.Linear(2, 2);
    const w = l.weight;
    l.double();
    expect(l.weight).toBe(w);
    expect(l.weight.dtype).toBe(torch.float64);
  });

  test('bad arguments raise clear errors', () => {
    expect(() => nn.Linear(-1, 2)).toThrow(RangeError);
    expect(() => nn.Linear(2.5 as number, 2)).toThrow(TypeError);
    expect(() => nn.Linear(3, 2)(torch.ones(2, 4))).toThrow(torch.TorchError);
    expect(() => new nn.Module()(torch.ones(1))).toThrow('missing the required "forward" function');
  });
});

describe('deepcopy', () => {
  test('copies get new storage with the same values, hooks and structure', () => {
    const model = nn.Sequential(nn.Linear(3, 2), nn.ReLU());
    const calls: number[] = [];
    model[0].register_forward_hook(() => { calls.push(1); });
    const copy = torch.deepcopy(model);
    expect(copy).not.toBe(model);
    expect(copy[0] instanceof nn.Linear).toBe(true);
    const w0 = (model[0] as torch.nn.Linear).weight, w1 = (copy[0] as torch.nn.Linear).weight;
    expect(w1 instanceof nn.Parameter && w1.requires_grad).toBe(true);
    expect(w1.equal(w0)).toBe(true);
    expect(w1.data_ptr()).not.toBe(w0.data_ptr());
    torch.no_grad(() => w1.add_(1));
    expect(w1.equal(w0)).toBe(false);
    copy(torch.ones(1, 3));
    expect(calls).toEqual([1]);
    expect(String(copy)).toBe(String(model));
    expect(String(model.clone())).toBe(String(model));
  });
});

describe('fusion and modern activations', () => {
  test('fuse_linear_bn_eval and fuse_conv_bn_eval equal the unfused layers in eval', () => {
    torch.manual_seed(3);
    const lin = nn.Linear(5, 4), bn = nn.BatchNorm1d(4, { momentum: null });
    for (let i = 0; i < 3; i++) bn(lin(torch.randn(16, 5)));
    lin.eval(); bn.eval();
    const fused = nn.utils.fusion.fuse_linear_bn_eval(lin, bn);
    const x = torch.randn(7, 5);
    expect(fused(x).sub(bn(lin(x))).abs().max().item()).toBeLessThan(1e-5);
    const conv = nn.Conv2d(3, 4, 3, { padding: 1, bias: false }), bn2 = nn.BatchNorm2d(4);
    bn2(conv(torch.randn(4, 3, 6, 6)));
    conv.eval(); bn2.eval();
    const fusedConv = nn.utils.fuse_conv_bn_eval(conv, bn2);
    const xi = torch.randn(2, 3, 6, 6);
    expect(fusedConv(xi).sub(bn2(conv(xi))).abs().max().item()).toBeLessThan(1e-5);
    expect(fusedConv.bias).not.toBeNull();
    expect(() => nn.utils.fuse_linear_bn_eval(nn.Linear(2, 2), nn.BatchNorm1d(2))).toThrow('Fusion only for eval!');
  });

  test('ReLUSquared and SwiGLU compute relu(x)^2 and silu(a) * b', () => {
    const x = torch.tensor([[-1, 2, 3, -4]], { dtype: torch.float32 });
    expect(nn.ReLUSquared()(x).tolist()).toEqual([[0, 4, 9, 0]]);
    const y: torch.Tensor = nn.SwiGLU()(x);
    const [a, b] = x.chunk(2, -1);
    expect(y.equal(torch.nn.functional.silu(a).mul(b))).toBe(true);
    expect(y.shape).toEqual([1, 2]);
  });
});
