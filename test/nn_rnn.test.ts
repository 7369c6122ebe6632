// Recurrent layers, cells and nn.utils.rnn against PyTorch (scripts/golden/rnn.py): same seed ->
// same parameters; outputs, final states, input/state/parameter gradients, printing, state_dict keys.
import * as torch from '../lib';
import { GoldenTensor, loadGolden, makeTensor } from './golden';
import { expectTensor } from './helpers';

const nn = torch.nn as any;
const { rnn } = torch.nn.utils;
const golden = loadGolden('rnn');

/** Fixture values to 1e-5 (absolute plus relative): float32 sums may run in another order than in Python. */
const expectClose = (t: torch.Tensor, ref: GoldenTensor): void => expectTensor(t, ref, 'tensor', 1e-5);

/** The output tensors of a call in the generator's order: output (a PackedSequence's data), then the states. */
function tensorsOf(result: unknown): torch.Tensor[] {
  if (result instanceof torch.Tensor) return [result];
  if (result instanceof torch.nn.utils.PackedSequence) return [result.data];
  return (result as unknown[]).flatMap(tensorsOf);
}

const construct = (c: any) => (Object.keys(c.kwargs).length ? nn[c.ctor](...c.args, c.kwargs) : nn[c.ctor](...c.args));

describe.each(golden.layers.map((c: any) => [c.name, c]) as [string, any][])('%s', (_name: string, c: any) => {
  test('forward, states, gradients, printing and state_dict keys equal PyTorch', () => {
    torch.manual_seed(c.seed);
    const m = construct(c);
    m.train(c.mode === 'train');
    expect(Object.keys(m.state_dict())).toEqual(c.state_dict_keys);
    for (const [n, ref] of Object.entries(c.params)) expectClose(m.get_parameter(n), ref as GoldenTensor);
    // the inputs are the next draws, as in the script; dropout draws after them
    for (const r of c.inputs) torch.randn(r.shape);
    const [x, ...states] = c.inputs.map((r: GoldenTensor) => makeTensor(r).requires_grad_());
    const p = c.packing;
    const input = p ? rnn.pack_padded_sequence(x, torch.tensor(p.lengths), { batch_first: p.batch_first, enforce_sorted: p.enforce_sorted }) : x;
    const hx = states.length === 0 ? null : states.length === 1 ? states[0] : states;
    const outs = tensorsOf(m(input, hx));
    expect(outs.length).toBe(c.outputs.length);
    outs.forEach((t, i) => expectClose(t, c.outputs[i]));
    outs.map((t) => t.mul(torch.linspace(-1, 1, t.numel()).reshape(t.shape)).sum()).reduce((a, b) => a.add(b)).backward();
    [x, ...states].forEach((t: torch.Tensor, i: number) => expectClose(t.grad!, c.input_grads[i]));
    for (const [n, ref] of Object.entries(c.param_grads)) expectClose(m.get_parameter(n).grad, ref as GoldenTensor);
    expect(String(m)).toBe(c.repr);
  });
});

describe('nn.utils.rnn', () => {
  const u = golden.utils;
  const seqs = () => u.sequences.map(makeTensor);
  test('pad_sequence pads to the longest, time-major or batch_first', () => {
    expectClose(rnn.pad_sequence(seqs()), u.pad_sequence);
    expectClose(rnn.pad_sequence(seqs(), { batch_first: true, padding_value: -1.0 }), u.pad_sequence_batch_first);
  });
  test('pack_sequence and pad_packed_sequence round-trip, sorted or not', () => {
    const packed = rnn.pack_sequence(seqs(), { enforce_sorted: false });
    for (const k of ['data', 'batch_sizes', 'sorted_indices', 'unsorted_indices'] as const) expectClose(packed[k], u.packed[k]);
    const [data, batch_sizes] = packed;
    expect(data).toBe(packed.data);
    expect(batch_sizes).toBe(packed.batch_sizes);
    const [padded, lengths] = rnn.pad_packed_sequence(packed, true, 9.0, 7);
    expectClose(padded, u.pad_packed);
    expectClose(lengths, u.pad_packed_lengths);
    const sorted = rnn.pack_sequence(seqs().sort((a: torch.Tensor, b: torch.Tensor) => b.size(0) - a.size(0)));
    expectClose(sorted.data, u.packed_sorted.data);
    expectClose(sorted.batch_sizes, u.packed_sorted.batch_sizes);
    expect(sorted.sorted_indices).toBeNull();
    expect(sorted.unsorted_indices).toBeNull();
    const [paddedSorted, lengthsSorted] = rnn.pad_packed_sequence(sorted);
    expectClose(paddedSorted, u.pad_packed_sorted);
    expectClose(lengthsSorted, u.pad_packed_sorted_lengths);
    const rebuilt = rnn.PackedSequence(packed.data, packed.batch_sizes, { sorted_indices: packed.sorted_indices });
    expect(rebuilt).toBeInstanceOf(torch.nn.utils.PackedSequence);
    expectClose(rebuilt.unsorted_indices, u.packed.unsorted_indices);
    const back = rnn.unpack_sequence(packed);
    back.forEach((t, i) => expectClose(t, u.sequences[i]));
  });
  test("errors are PyTorch's", () => {
    const packed = rnn.pack_sequence(seqs(), { enforce_sorted: false });
    expect(() => rnn.pad_packed_sequence(packed, { total_length: 2 })).toThrow(u.error_total_length.message);
    expect(() => rnn.pack_sequence(seqs())).toThrow(u.error_unsorted.message);
  });
});

describe('recurrent layer arguments and checks', () => {
  test('arguments bind positionally or by name; classes work with and without new', () => {
    const a = nn.LSTM(28, 128, { batch_first: true, num_layers: 2 });
    const b = new nn.LSTM(28, 128, 2, true, true);
    expect(String(a)).toBe('LSTM(28, 128, num_layers=2, batch_first=True)');
    expect(String(b)).toBe(String(a));
    expect(a).toBeInstanceOf(nn.RNNBase);
    expect(nn.GRUCell(3, 4)).toBeInstanceOf(nn.RNNCellBase);
    expect(a.all_weights.map((ws: torch.Tensor[]) => ws.length)).toEqual([4, 4]);
    expect(String(nn.RNN({ input_size: 3, hidden_size: 4, nonlinearity: 'relu', dropout: 0.25, num_layers: 2 }))).toBe('RNN(3, 4, num_layers=2, dropout=0.25)');
    expect(String(nn.RNNCell(3, 4, { nonlinearity: 'relu' }))).toBe('RNNCell(3, 4, nonlinearity=relu)');
  });
  test("bad arguments and inputs raise PyTorch's errors", () => {
    expect(() => nn.RNN(3, 4, { nonlinearity: 'gelu' })).toThrow("Unknown nonlinearity 'gelu'");
    expect(() => nn.GRU(3, 4, { proj_size: 2 })).toThrow('proj_size argument is only supported for LSTM, not RNN or GRU');
    expect(() => nn.LSTM(3, 4, { proj_size: 4 })).toThrow('proj_size has to be smaller than hidden_size');
    expect(() => nn.LSTM(3, 4, { dropout: 2 })).toThrow('dropout should be a number in range [0, 1]');
    expect(() => nn.LSTM(3, 4, { hidden: 2 })).toThrow("RNNBase.__init__() got an unexpected keyword argument 'hidden'");
    const lstm = nn.LSTM(3, 4);
    expect(() => lstm(torch.ones(2, 2, 5))).toThrow('input.size(-1) must be equal to input_size. Expected 3, got 5');
    expect(() => lstm(torch.ones(2, 2, 3), [torch.zeros(1, 3, 4), torch.zeros(1, 2, 4)])).toThrow('Expected hidden[0] size (1, 2, 4), got [1, 3, 4]');
    expect(() => lstm(torch.ones(2, 2, 3), [torch.zeros(2, 4), torch.zeros(2, 4)])).toThrow('For batched 3-D input, hx and cx should also be 3-D but got (2-D, 2-D) tensors');
    expect(() => nn.GRU(3, 4)(torch.ones(2, 3), torch.zeros(1, 1, 4))).toThrow('For unbatched 2-D input, hx should also be 2-D but got 3-D tensor');
    expect(() => lstm(torch.ones(2, 2, 3), [torch.zeros(1, 2, 4)])).toThrow('Expected hx for LSTM to be a pair [h_0, c_0] of tensors');
    expect(() => nn.GRU(3, 4)(torch.ones(2, 2, 3), [torch.zeros(1, 2, 4)])).toThrow('Expected hx for GRU to be a tensor');
    expect(() => nn.LSTMCell(3, 4)(torch.ones(1, 2, 3))).toThrow('LSTMCell: Expected input to be 1-D or 2-D but received 3-D tensor');
  });
});

test('deep copies, dtype moves and load_state_dict keep a recurrent layer working', () => {
  torch.manual_seed(0);
  const m = nn.LSTM(3, 4, 2, { bidirectional: true });
  const x = torch.randn(5, 2, 3);
  const copy = torch.deepcopy(m);
  expect(copy(x)[0].equal(m(x)[0])).toBe(true);
  copy.weight_hh_l1_reverse.data.zero_();
  expect(copy(x)[0].equal(m(x)[0])).toBe(false);
  const other = nn.LSTM(3, 4, 2, { bidirectional: true });
  other.load_state_dict(m.state_dict());
  expect(other(x)[1][1].equal(m(x)[1][1])).toBe(true);
  m.double();
  expect(m(x.double())[0].dtype).toBe(torch.float64);
  expect(m._flat_weights.every((w: torch.Tensor) => w.dtype === torch.float64)).toBe(true);
});
