// torch.optim: optimizers (one native call per param group per step) and lr_scheduler.
import { callableClass } from '../nn/callable';
import * as sgdModule from './sgd';
import * as adagradModule from './adagrad';
import * as rmspropModule from './rmsprop';
import * as adamModule from './adam';
import * as adamaxModule from './adamax';
import * as nadamModule from './nadam';
import * as radamModule from './radam';
import * as asgdModule from './asgd';
import * as adadeltaModule from './adadelta';
import * as rpropModule from './rprop';
import * as sparseAdamModule from './sparse_adam';

export { Optimizer } from './optimizer';
export type { ParamGroup, ParamGroupInput, ParamsInput, ParamState, OptimizerStateDict } from './optimizer';
export const SGD = callableClass(sgdModule.SGD); export type SGD = sgdModule.SGD;
export const Adagrad = callableClass(adagradModule.Adagrad); export type Adagrad = adagradModule.Adagrad;
export const RMSprop = callableClass(rmspropModule.RMSprop); export type RMSprop = rmspropModule.RMSprop;
export const Adam = callableClass(adamModule.Adam); export type Adam = adamModule.Adam;
export const AdamW = callableClass(adamModule.AdamW); export type AdamW = adamModule.AdamW;
export const Adamax = callableClass(adamaxModule.Adamax); export type Adamax = adamaxModule.Adamax;
export const NAdam = callableClass(nadamModule.NAdam); export type NAdam = nadamModule.NAdam;
export const RAdam = callableClass(radamModule.RAdam); export type RAdam = radamModule.RAdam;
export const ASGD = callableClass(asgdModule.ASGD); export type ASGD = asgdModule.ASGD;
export const Adadelta = callableClass(adadeltaModule.Adadelta); export type Adadelta = adadeltaModule.Adadelta;
export const Rprop = callableClass(rpropModule.Rprop); export type Rprop = rpropModule.Rprop;
export const SparseAdam = callableClass(sparseAdamModule.SparseAdam); export type SparseAdam = sparseAdamModule.SparseAdam;
import * as lbfgsModule from './lbfgs';
export const LBFGS = callableClass(lbfgsModule.LBFGS); export type LBFGS = lbfgsModule.LBFGS;
export const lbfgs = { LBFGS };
/** PyTorch's module paths, e.g. `torch.optim.adamw.AdamW`. */
export const adamw = { AdamW }, adam = { Adam }, sgd = { SGD }, adagrad = { Adagrad }, rmsprop = { RMSprop },
  adamax = { Adamax }, nadam = { NAdam }, radam = { RAdam };
export const asgd = { ASGD }, adadelta = { Adadelta }, rprop = { Rprop }, sparse_adam = { SparseAdam };
export * as lr_scheduler from './lr_scheduler';
