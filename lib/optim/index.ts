// torch.optim: optimizers (one native call per param group per step) and lr_scheduler.
import { callableClass } from '../nn/callable';
import * as sgd from './sgd';
import * as adagrad from './adagrad';
import * as rmsprop from './rmsprop';
import * as adam from './adam';
import * as adamax from './adamax';
import * as nadam from './nadam';
import * as radam from './radam';

export { Optimizer } from './optimizer';
export type { ParamGroup, ParamGroupInput, ParamsInput, ParamState, OptimizerStateDict } from './optimizer';
export const SGD = callableClass(sgd.SGD); export type SGD = sgd.SGD;
export const Adagrad = callableClass(adagrad.Adagrad); export type Adagrad = adagrad.Adagrad;
export const RMSprop = callableClass(rmsprop.RMSprop); export type RMSprop = rmsprop.RMSprop;
export const Adam = callableClass(adam.Adam); export type Adam = adam.Adam;
export const AdamW = callableClass(adam.AdamW); export type AdamW = adam.AdamW;
export const Adamax = callableClass(adamax.Adamax); export type Adamax = adamax.Adamax;
export const NAdam = callableClass(nadam.NAdam); export type NAdam = nadam.NAdam;
export const RAdam = callableClass(radam.RAdam); export type RAdam = radam.RAdam;
/** `torch.optim.adamw.AdamW` and friends: PyTorch's module paths. */
export { adam as adamw };
export * as lr_scheduler from './lr_scheduler';
