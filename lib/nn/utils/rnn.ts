// torch.nn.utils.rnn (PyTorch's utils/rnn.py): padding and packing of variable-length sequences,
// over ATen's pad_sequence, _pack_padded_sequence and _pad_packed_sequence kernels.
import { Tensor, PyArgs } from '../../tensor';
import { TorchError } from '../../errors';
import { tensor, arange, empty_like } from '../../creation';
import { int64 } from '../../dtype';
import { callAten } from '../../ops/dispatch';
import { none } from '../args';
import { pyBind } from '../../python/binder';
import { callableClass } from '../callable';

/** A permutation's inverse: `out[perm[i]] = i`. */
export function invert_permutation(permutation: Tensor | null): Tensor | null {
  if (permutation === null) return null;
  const output = empty_like(permutation);
  output.scatter_(0, permutation, arange(0, permutation.numel(), { device: permutation.device }));
  return output;
}

/**
 * A batch of variable-length sequences packed time step by time step: `data` holds step 0 of every
 * sequence, then step 1 of those still running, ...; `batch_sizes[t]` is how many sequences run at
 * step t. Destructures like Python's named tuple: `const [data, batch_sizes] = packed`.
 */
class PackedSequenceClass {
  readonly data: Tensor;
  readonly batch_sizes: Tensor;
  /** Typed non-null (like Tensor.grad); null when the batch was packed already sorted. */
  readonly sorted_indices: Tensor;
  /** Typed non-null (like Tensor.grad); null when the batch was packed already sorted. */
  readonly unsorted_indices: Tensor;

  constructor(...args: PyArgs<[['data', Tensor], ['batch_sizes', Tensor | null, '?'], ['sorted_indices', Tensor | null, '?'], ['unsorted_indices', Tensor | null, '?']]>) {
    const [data, batch_sizes, sorted_indices, unsorted_indices] = pyBind<[Tensor, Tensor | null, Tensor | null, Tensor | null]>('PackedSequence.__new__', args,
      ['data', 'batch_sizes', 'sorted_indices', 'unsorted_indices'], { batch_sizes: null, sorted_indices: null, unsorted_indices: null });
    if (batch_sizes === null) throw new TorchError('PackedSequence must be constructed with batch_sizes: use pack_padded_sequence or pack_sequence', 'TypeError');
    this.data = data;
    this.batch_sizes = batch_sizes;
    this.sorted_indices = sorted_indices ?? none();
    this.unsorted_indices = unsorted_indices ?? invert_permutation(sorted_indices) ?? none();
  }

  *[Symbol.iterator](): Generator<Tensor | null> {
    yield this.data; yield this.batch_sizes; yield this.sorted_indices; yield this.unsorted_indices;
  }

  /** The same sequences with `data` moved or cast by Tensor.to (indices follow data's device). */
  to(...args: Parameters<Tensor['to']>): PackedSequenceClass {
    const data = this.data.to(...args);
    if (data === this.data) return this;
    const move = (t: Tensor | null) => (t === null ? null : t.to(data.device));
    return new PackedSequenceClass(data, this.batch_sizes, move(this.sorted_indices), move(this.unsorted_indices));
  }
  cpu(): PackedSequenceClass { return this.to('cpu'); }
  cuda(): PackedSequenceClass { return this.to('cuda'); }
  get is_cuda(): boolean { return this.data.device.type === 'cuda'; }
  toString(): string {
    return `PackedSequence(data=${this.data}, batch_sizes=${this.batch_sizes}, sorted_indices=${this.sorted_indices ?? 'None'}, unsorted_indices=${this.unsorted_indices ?? 'None'})`;
  }
}

/** The class, also callable without `new` (porting rule 3). */
export const PackedSequence = callableClass(PackedSequenceClass);
export type PackedSequence = PackedSequenceClass;

/**
 * Packs a padded batch `(T, B, *)` (or `(B, T, *)` with batch_first) of sequences with the given
 * lengths. With enforce_sorted=true the lengths must be decreasing; otherwise the batch is sorted
 * here and the permutation kept in the result.
 */
export function pack_padded_sequence(...args: PyArgs<[['input', Tensor], ['lengths', Tensor | number[]], ['batch_first', boolean, '?'], ['enforce_sorted', boolean, '?']]>): PackedSequence {
  let [input, lengths, batch_first, enforce_sorted] = pyBind<[Tensor, Tensor | number[], boolean, boolean]>('pack_padded_sequence', args,
    ['input', 'lengths', 'batch_first', 'enforce_sorted'], { batch_first: false, enforce_sorted: true });
  let lens = lengths instanceof Tensor ? lengths.to(int64) : tensor(lengths, { dtype: int64 });
  let sorted_indices: Tensor | null = null;
  if (!enforce_sorted) {
    const [sortedLengths, indices] = lens.sort({ descending: true }) as unknown as [Tensor, Tensor];
    lens = sortedLengths;
    sorted_indices = indices.to(input.device);
    input = input.index_select(batch_first ? 0 : 1, sorted_indices);
  }
  const [data, batch_sizes] = callAten('_pack_padded_sequence', [input, lens, batch_first]) as [Tensor, Tensor];
  return new PackedSequence(data, batch_sizes, sorted_indices, null);
}

/**
 * Inverse of pack_padded_sequence: returns `[padded, lengths]`, the batch back in its original
 * order, padded with padding_value up to total_length (default: the longest sequence).
 */
export function pad_packed_sequence(...args: PyArgs<[['sequence', PackedSequence], ['batch_first', boolean, '?'], ['padding_value', number, '?'], ['total_length', number | null, '?']]>): [Tensor, Tensor] {
  const [sequence, batch_first, padding_value, total_length] = pyBind<[PackedSequence, boolean, number, number | null]>('pad_packed_sequence', args,
    ['sequence', 'batch_first', 'padding_value', 'total_length'], { batch_first: false, padding_value: 0.0, total_length: null });
  let max_seq_length = sequence.batch_sizes.size(0);
  if (total_length !== null) {
    if (total_length < max_seq_length) {
      throw new TorchError(`Expected total_length to be at least the length of the longest sequence in input, but got total_length=${total_length} and max sequence length being ${max_seq_length}`, 'ValueError');
    }
    max_seq_length = total_length;
  }
  const [padded, lengths] = callAten('_pad_packed_sequence', [sequence.data, sequence.batch_sizes, batch_first, padding_value, max_seq_length]) as [Tensor, Tensor];
  const unsorted = sequence.unsorted_indices;
  if (unsorted === null) return [padded, lengths];
  return [padded.index_select(batch_first ? 0 : 1, unsorted), lengths.index_select(0, unsorted.cpu())];
}

/** Stacks sequences of shape `(L_i, *)` into `(max L, B, *)` (or `(B, max L, *)`), padding with padding_value. */
export function pad_sequence(...args: PyArgs<[['sequences', Tensor[]], ['batch_first', boolean, '?'], ['padding_value', number, '?']]>): Tensor {
  const [sequences, batch_first, padding_value] = pyBind<[Tensor[], boolean, number]>('pad_sequence', args,
    ['sequences', 'batch_first', 'padding_value'], { batch_first: false, padding_value: 0.0 });
  return callAten('pad_sequence', [Array.from(sequences), batch_first, padding_value]);
}

/** The sequences of a padded batch, each cut to its length. */
export function unpad_sequence(...args: PyArgs<[['padded_sequences', Tensor], ['lengths', Tensor | number[]], ['batch_first', boolean, '?']]>): Tensor[] {
  const [padded, lengths, batch_first] = pyBind<[Tensor, Tensor | number[], boolean]>('unpad_sequence', args,
    ['padded_sequences', 'lengths', 'batch_first'], { batch_first: false });
  const batch = batch_first ? padded : padded.transpose(0, 1);
  const lens = lengths instanceof Tensor ? (lengths.tolist() as number[]) : lengths;
  return lens.map((n, i) => batch.select(0, i).narrow(0, 0, n));
}

/** Packs a list of sequences of shape `(L_i, *)`; with enforce_sorted=true they must come longest first. */
export function pack_sequence(...args: PyArgs<[['sequences', Tensor[]], ['enforce_sorted', boolean, '?']]>): PackedSequence {
  const [sequences, enforce_sorted] = pyBind<[Tensor[], boolean]>('pack_sequence', args, ['sequences', 'enforce_sorted'], { enforce_sorted: true });
  const lengths = Array.from(sequences, (v) => v.size(0));
  return pack_padded_sequence(pad_sequence(sequences), lengths, { enforce_sorted });
}

/** The list of sequences a PackedSequence holds, in their original order. */
export function unpack_sequence(...args: PyArgs<[['packed_sequences', PackedSequence]]>): Tensor[] {
  const [packed] = pyBind<[PackedSequence]>('unpack_sequence', args, ['packed_sequences']);
  const [padded, lengths] = pad_packed_sequence(packed, { batch_first: true });
  return unpad_sequence(padded, lengths, { batch_first: true });
}
