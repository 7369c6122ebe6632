// The device calls newer PyTorch code makes: torch.backends.mps, torch.accelerator and
// torch.set_default_device / get_default_device (checked with the 'meta' device, which every
// LibTorch build has, so the test does not depend on a GPU).
import * as torch from '../lib';

const nn = torch.nn;

describe('device discovery', () => {
  test('the tutorials\' device pick falls back past mps', () => {
    expect(torch.backends.mps.is_available()).toBe(false);
    expect(torch.backends.mps.is_built()).toBe(false);
    const device = torch.cuda.is_available() ? 'cuda' : torch.backends.mps.is_available() ? 'mps' : 'cpu';
    expect(device).toBe(torch.cuda.is_available() ? 'cuda' : 'cpu');
  });

  test('torch.accelerator agrees with torch.cuda', () => {
    const gpu = torch.cuda.is_available();
    expect(torch.accelerator.is_available()).toBe(gpu);
    expect(torch.accelerator.device_count()).toBe(gpu ? torch.cuda.device_count() : 0);
    const acc = torch.accelerator.current_accelerator();
    if (gpu) expect(String(acc)).toBe('cuda');
    else expect(acc).toBeNull();
    // the usual PyTorch 2.6 idiom
    const device = torch.accelerator.is_available() ? torch.accelerator.current_accelerator()!.type : 'cpu';
    expect(torch.zeros(1, { device }).device.type).toBe(gpu ? 'cuda' : 'cpu');
    expect(() => torch.accelerator.synchronize()).not.toThrow();
  });
});

describe('set_default_device', () => {
  afterEach(() => torch.set_default_device(null));

  test('factories use the default device; *_like and explicit devices do not', () => {
    expect(String(torch.get_default_device())).toBe('cpu');
    torch.set_default_device('meta');
    expect(torch.get_default_device().type).toBe('meta');
    const made: [string, torch.Tensor][] = [
      ['zeros', torch.zeros(2, 3)], ['tensor', torch.tensor([1, 2])], ['arange', torch.arange(4)], ['randn', torch.randn(2)],
      ['full', torch.full([2], 7)], ['eye', torch.eye(3)], ['linspace', torch.linspace(0, 1, 5)], ['randint', torch.randint(0, 5, [3])],
      ['Linear weight', nn.Linear(4, 2).weight],
    ];
    expect(made.map(([name, t]) => [name, t.device.type])).toEqual(made.map(([name]) => [name, 'meta']));
    expect(made[0][1].shape).toEqual([2, 3]);
    const cpu = torch.ones(3, { device: 'cpu' });
    expect(cpu.device.type).toBe('cpu');
    expect(torch.zeros_like(cpu).device.type).toBe('cpu');
    expect(torch.full_like(cpu, 2).tolist()).toEqual([2, 2, 2]);
  });

  test('cpu and null restore the CPU; bad devices are errors', () => {
    torch.set_default_device(torch.device('meta'));
    expect(torch.zeros(1).device.type).toBe('meta');
    torch.set_default_device('cpu');
    expect(torch.zeros(1).device.type).toBe('cpu');
    expect(torch.tensor([1.5]).tolist()).toEqual([1.5]);
    torch.set_default_device('meta');
    torch.set_default_device(null);
    expect(torch.arange(3).tolist()).toEqual([0, 1, 2]);
    expect(() => torch.set_default_device('gpu!')).toThrow("Invalid device string: 'gpu!'");
  });
});
