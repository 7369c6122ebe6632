// Dropout modules (PyTorch's dropout.py): zero elements with probability p while training.
import { Tensor, PyArgs } from '../tensor';
import { TorchError } from '../errors';
import { Module } from './module';
import { initName } from './init_owner';
import * as F from './functional';
import { pyBind } from '../python/binder';
import { numberRepr } from './repr';

/** Shared by every dropout module: p and inplace, checked as PyTorch checks them. */
export abstract class DropoutNd extends Module {
  p: number;
  inplace: boolean;
  constructor(...args: PyArgs<[['p', number, '?'], ['inplace', boolean, '?']]>) {
    super();
    const [prob, inplace] = pyBind<[number, boolean]>(initName(this), args, ['p', 'inplace'], { p: 0.5, inplace: false });
    if (typeof prob !== 'number' || prob < 0 || prob > 1) throw new TorchError(`dropout probability has to be between 0 and 1, but got ${prob}`, 'ValueError');
    this.p = prob;
    this.inplace = inplace;
  }
  extra_repr(): string { return `p=${numberRepr(this, 'p')}, inplace=${this.inplace ? 'True' : 'False'}`; }
}

/** Zeroes each element with probability p and scales the rest by 1/(1-p) while training. */
export class Dropout extends DropoutNd {
  forward(input: Tensor): Tensor { return F.dropout(input, this.p, this.training, this.inplace); }
}
/** Zeroes whole channels of (N, C, L) input. */
export class Dropout1d extends DropoutNd {
  forward(input: Tensor): Tensor { return F.dropout1d(input, this.p, this.training, this.inplace); }
}
/** Zeroes whole channels of (N, C, H, W) input. */
export class Dropout2d extends DropoutNd {
  forward(input: Tensor): Tensor { return F.dropout2d(input, this.p, this.training, this.inplace); }
}
/** Dropout that keeps SELU's self-normalising mean and variance. */
export class AlphaDropout extends DropoutNd {
  forward(input: Tensor): Tensor { return F.alpha_dropout(input, this.p, this.training); }
}
/** Zeroes whole channels of (N, C, D, H, W) input. */
export class Dropout3d extends DropoutNd {
  forward(input: Tensor): Tensor { return F.dropout3d(input, this.p, this.training, this.inplace); }
}
/** Alpha dropout of whole channels. */
export class FeatureAlphaDropout extends DropoutNd {
  forward(input: Tensor): Tensor { return F.feature_alpha_dropout(input, this.p, this.training); }
}
