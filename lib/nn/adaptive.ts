// AdaptiveLogSoftmaxWithLoss (PyTorch's adaptive.py, Grave et al., "Efficient softmax approximation
// for GPUs"): frequent classes in a head softmax, rare ones in tail clusters of smaller projections.
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { dtype } from '../dtype';
import { DeviceLike } from '../device';
import { pyBind } from '../python/binder';
import { sizeRepr } from '../python/repr';
import { namedTuple } from '../python/named_tuple';
import { forRelease } from '../release';
import { Module } from './module';
import { Linear, FactoryParams, FACTORY_DEFAULTS } from './linear';
import { ModuleList, Sequential } from './container';
import * as F from './functional';

/** Python's text of RuntimeError(message, size): the args tuple, as PyTorch raises these. */
// PyTorch raised these with a (message, size) tuple until 2.14's f-string.
const tupleMessage = (message: string, size: number[]): string =>
  forRelease([['1.13', `('${message}', ${sizeRepr(size)})`], ['2.14', `${message} ${sizeRepr(size)}`]]);

/** Python's `_ASMoutput` named tuple: `[output, loss]`, also readable as `.output` and `.loss`. */
export type ASMoutput = [Tensor, Tensor] & { output: Tensor; loss: Tensor };

const rowsOf = (mask: Tensor): Tensor => mask.nonzero().squeeze(1);

export class AdaptiveLogSoftmaxWithLoss extends Module {
  in_features: number;
  n_classes: number;
  cutoffs: number[];
  div_value: number;
  head_bias: boolean;
  shortlist_size: number;
  n_clusters: number;
  head_size: number;
  head: Linear;
  tail: ModuleList;
  constructor(...args: PyArgs<[['in_features', number], ['n_classes', number], ['cutoffs', number[]], ['div_value', number, '?'], ['head_bias', boolean, '?'], ...FactoryParams]>) {
    super();
    const [in_features, n_classes, cutoffsArg, div_value, head_bias, device, dt] = pyBind<[number, number, number[], number, boolean, DeviceLike | null, dtype | null]>(
      'AdaptiveLogSoftmaxWithLoss.__init__', args, ['in_features', 'n_classes', 'cutoffs', 'div_value', 'head_bias', 'device', 'dtype'],
      { div_value: 4.0, head_bias: false, ...FACTORY_DEFAULTS });
    const cutoffs = [...cutoffsArg];
    if (cutoffs.length === 0) {
      throw new TorchError(forRelease([['1.13', 'min() arg is an empty sequence'], ['2.0', 'cutoffs should be a sequence of length larger than 0']]), 'ValueError');
    }
    const sorted = cutoffs.every((c, i) => i === 0 || cutoffs[i - 1] <= c);
    if (!sorted || Math.min(...cutoffs) <= 0 || Math.max(...cutoffs) > n_classes - 1 || new Set(cutoffs).size !== cutoffs.length || cutoffs.some((c) => !Number.isInteger(c))) {
      throw new TorchError('cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1', 'ValueError');
    }
    this.in_features = in_features;
    this.n_classes = n_classes;
    this.cutoffs = [...cutoffs, n_classes];
    this.div_value = div_value;
    this.head_bias = head_bias;
    this.shortlist_size = this.cutoffs[0];
    this.n_clusters = this.cutoffs.length - 1;
    this.head_size = this.shortlist_size + this.n_clusters;
    const f = { device, dtype: dt };
    this.head = new Linear(in_features, this.head_size, { bias: head_bias, ...f });
    this.tail = new ModuleList();
    for (let i = 0; i < this.n_clusters; i++) {
      const hsz = Math.floor(in_features / div_value ** (i + 1));
      const osz = this.cutoffs[i + 1] - this.cutoffs[i];
      this.tail.append(new Sequential(new Linear(in_features, hsz, { bias: false, ...f }), new Linear(hsz, osz, { bias: false, ...f })));
    }
  }

  reset_parameters(): void {
    this.head.reset_parameters();
    for (const projection of this.tail) for (const linear of projection) linear.reset_parameters();
  }

  /** The log-probability of each target and the mean negative log-likelihood, as `[output, loss]`. */
  forward(input_: Tensor, target_: Tensor): ASMoutput {
    const targDim = target_.dim();
    if (targDim === 1) {
      if (input_.size(0) !== target_.size(0)) throw new TorchError('Input and target should have the same size in the batch dimension.');
      if (input_.dim() !== 2) throw new TorchError(tupleMessage('1D target tensor expects 2D input tensors, but found inputs with size', input_.shape));
    } else if (targDim === 0) {
      if (input_.dim() !== 1) throw new TorchError(tupleMessage('0D target tensor expects 1D input tensors, but found inputs with size', input_.shape));
    } else {
      throw new TorchError('0D or 1D target tensor expected, multi-target not supported');
    }
    const batched = targDim > 0;
    const input = batched ? input_ : input_.unsqueeze(0);
    const target = batched ? target_ : target_.unsqueeze(0);
    let usedRows = 0;
    const batchSize = target.size(0);
    let output = input.new_zeros([batchSize]);
    const gatherInds = target.new_empty([batchSize]);
    const cutoffValues = [0, ...this.cutoffs];
    for (let i = 0; i < cutoffValues.length - 1; i++) {
      const low = cutoffValues[i], high = cutoffValues[i + 1];
      const mask = target.ge(low).logical_and(target.lt(high));
      const rows = rowsOf(mask);
      if (rows.numel() === 0) continue;
      if (i === 0) {
        gatherInds.index_copy_(0, rows, target.masked_select(mask));
      } else {
        const relative = target.masked_select(mask).sub(low);
        const clusterOutput: Tensor = this.tail.at(i - 1)(input.index_select(0, rows));
        gatherInds.index_fill_(0, rows, this.shortlist_size + i - 1);
        const local = F.log_softmax(clusterOutput, 1).gather(1, relative.unsqueeze(1));
        output = output.index_copy(0, rows, local.squeeze(1));
      }
      usedRows += rows.numel();
    }
    if (usedRows !== batchSize) {
      throw new TorchError(`Target values should be in [0, ${this.n_classes - 1}], but values in range [${target.min().item()}, ${target.max().item()}] were found. `);
    }
    const headLogprob = F.log_softmax(this.head(input), 1);
    output = output.add(headLogprob.gather(1, gatherInds.unsqueeze(1)).squeeze());
    const loss = output.neg().mean();
    if (!batched) output = output.squeeze(0);
    return namedTuple([output, loss], ['output', 'loss']) as ASMoutput;
  }

  private fullLogProb(input: Tensor, headOutput: Tensor): Tensor {
    const out = input.new_empty([headOutput.size(0), this.n_classes]);
    const headLogprob = F.log_softmax(headOutput, 1);
    out.narrow(1, 0, this.shortlist_size).copy_(headLogprob.narrow(1, 0, this.shortlist_size));
    for (let i = 0; i + 1 < this.cutoffs.length; i++) {
      const start = this.cutoffs[i], stop = this.cutoffs[i + 1];
      const clusterLogprob = F.log_softmax(this.tail.at(i)(input), 1);
      out.narrow(1, start, stop - start).copy_(clusterLogprob.add(headLogprob.select(1, this.shortlist_size + i).unsqueeze(1)));
    }
    return out;
  }

  /** Log-probabilities of every class, (N, n_classes). */
  log_prob(input: Tensor): Tensor { return this.fullLogProb(input, this.head(input)); }

  /** The most likely class of each row, computing the tail clusters only where the head points there. */
  predict(input: Tensor): Tensor {
    const headOutput = this.head(input);
    const output = headOutput.argmax(1);
    const notInShortlist = output.ge(this.shortlist_size);
    if (!notInShortlist.any().item()) return output;
    if (notInShortlist.all().item()) return this.fullLogProb(input, headOutput).argmax(1);
    const rows = rowsOf(notInShortlist);
    const logProb = this.fullLogProb(input.index_select(0, rows), headOutput.index_select(0, rows));
    return output.index_copy_(0, rows, logProb.argmax(1));
  }
}
