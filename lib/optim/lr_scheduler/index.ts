// torch.optim.lr_scheduler: PyTorch 1.13's learning-rate schedulers. Every class constructs with
// or without `new`; positional arguments keep PyTorch's order and an options object may name any.
import { callableClass } from '../../nn/callable';
import * as decay from './decay';
import * as cyclic from './cyclic';
import * as plateau from './plateau';
import * as composite from './composite';

export { LRScheduler, LRScheduler as _LRScheduler, EPOCH_DEPRECATION_WARNING } from './scheduler';
export type { LRSchedulerOptions } from './scheduler';
export type {
  LrLambda, LambdaLROptions, MultiplicativeLROptions, StepLROptions, MultiStepLROptions, ConstantLROptions, LinearLROptions,
  ExponentialLROptions, PolynomialLROptions, CosineAnnealingLROptions, CosineAnnealingWarmRestartsOptions,
} from './decay';
export type { CyclicLROptions, OneCycleLROptions } from './cyclic';
export type { ReduceLROnPlateauOptions } from './plateau';
export type { SequentialLROptions } from './composite';

export const LambdaLR = callableClass(decay.LambdaLR); export type LambdaLR = decay.LambdaLR;
export const MultiplicativeLR = callableClass(decay.MultiplicativeLR); export type MultiplicativeLR = decay.MultiplicativeLR;
export const StepLR = callableClass(decay.StepLR); export type StepLR = decay.StepLR;
export const MultiStepLR = callableClass(decay.MultiStepLR); export type MultiStepLR = decay.MultiStepLR;
export const ConstantLR = callableClass(decay.ConstantLR); export type ConstantLR = decay.ConstantLR;
export const LinearLR = callableClass(decay.LinearLR); export type LinearLR = decay.LinearLR;
export const ExponentialLR = callableClass(decay.ExponentialLR); export type ExponentialLR = decay.ExponentialLR;
export const PolynomialLR = callableClass(decay.PolynomialLR); export type PolynomialLR = decay.PolynomialLR;
export const CosineAnnealingLR = callableClass(decay.CosineAnnealingLR); export type CosineAnnealingLR = decay.CosineAnnealingLR;
export const CosineAnnealingWarmRestarts = callableClass(decay.CosineAnnealingWarmRestarts);
export type CosineAnnealingWarmRestarts = decay.CosineAnnealingWarmRestarts;
export const CyclicLR = callableClass(cyclic.CyclicLR); export type CyclicLR = cyclic.CyclicLR;
export const OneCycleLR = callableClass(cyclic.OneCycleLR); export type OneCycleLR = cyclic.OneCycleLR;
export const ReduceLROnPlateau = callableClass(plateau.ReduceLROnPlateau); export type ReduceLROnPlateau = plateau.ReduceLROnPlateau;
export const SequentialLR = callableClass(composite.SequentialLR); export type SequentialLR = composite.SequentialLR;
export const ChainedScheduler = callableClass(composite.ChainedScheduler); export type ChainedScheduler = composite.ChainedScheduler;
