// torch.optim: optimizers (one native call per param group per step) and lr_scheduler.
import { callableClass } from '../nn/callable';
import * as sgdModule from './sgd';
import * as adagradModule from './adagrad';
import * as rmspropModule from './rmsprop';
import * as adamModule from './adam';
import * as adamaxModule from './adamax';
import * as nadamModule from './nadam';
import * as radamModule from './radam';

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
import * as lbfgsModule from './lbfgs';
export const LBFGS = callableClass(lbfgsModule.LBFGS); export type LBFGS = lbfgsModule.LBFGS;
export const lbfgs = { LBFGS };
/** PyTorch's module paths, e.g. `torch.optim.adamw.AdamW`. */
export const adamw = { AdamW }, adam = { Adam }, sgd = { SGD }, adagrad = { Adagrad }, rmsprop = { RMSprop },
  adamax = { Adamax }, nadam = { NAdam }, radam = { RAdam };
export * as lr_scheduler from './lr_scheduler';
