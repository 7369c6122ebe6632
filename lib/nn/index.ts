// torch.nn: every class works with and without `new` (porting rule 3).
import { callableClass } from './callable';
import * as linear from './linear';
import * as activation from './activation';
import * as container from './container';
import { Module as ModuleClass } from './module';

export { Parameter } from './parameter';
export type { RemovableHandle, ForwardHook, ForwardPreHook, StateDict } from './module';

export const Module = callableClass(ModuleClass);
export type Module = ModuleClass;

export const Identity = callableClass(linear.Identity);
export type Identity = linear.Identity;
export const Linear = callableClass(linear.Linear);
export type Linear = linear.Linear;
export const Bilinear = callableClass(linear.Bilinear);
export type Bilinear = linear.Bilinear;
export const Flatten = callableClass(linear.Flatten);
export type Flatten = linear.Flatten;
export const Unflatten = callableClass(linear.Unflatten);
export type Unflatten = linear.Unflatten;

export const ReLU = callableClass(activation.ReLU);
export type ReLU = activation.ReLU;
export const ReLU6 = callableClass(activation.ReLU6);
export type ReLU6 = activation.ReLU6;
export const LeakyReLU = callableClass(activation.LeakyReLU);
export type LeakyReLU = activation.LeakyReLU;
export const ELU = callableClass(activation.ELU);
export type ELU = activation.ELU;
export const SELU = callableClass(activation.SELU);
export type SELU = activation.SELU;
export const GELU = callableClass(activation.GELU);
export type GELU = activation.GELU;
export const SiLU = callableClass(activation.SiLU);
export type SiLU = activation.SiLU;
export const Mish = callableClass(activation.Mish);
export type Mish = activation.Mish;
export const Hardswish = callableClass(activation.Hardswish);
export type Hardswish = activation.Hardswish;
export const Hardsigmoid = callableClass(activation.Hardsigmoid);
export type Hardsigmoid = activation.Hardsigmoid;
export const Sigmoid = callableClass(activation.Sigmoid);
export type Sigmoid = activation.Sigmoid;
export const Tanh = callableClass(activation.Tanh);
export type Tanh = activation.Tanh;
export const Softmax = callableClass(activation.Softmax);
export type Softmax = activation.Softmax;
export const LogSoftmax = callableClass(activation.LogSoftmax);
export type LogSoftmax = activation.LogSoftmax;

export const Sequential = callableClass(container.Sequential);
export type Sequential = container.Sequential;
export const ModuleList = callableClass(container.ModuleList);
export type ModuleList = container.ModuleList;
export const ModuleDict = callableClass(container.ModuleDict);
export type ModuleDict = container.ModuleDict;
