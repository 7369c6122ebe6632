// torchvision.transforms.v2: `import * as torchvision from 'torchts/vision'; const T = torchvision.transforms.v2`.
// Classes work with and without `new` (`T.Compose([T.ToImage(), T.ToDtype(torch.float32, { scale: true })])`).
import { callableClass } from '../../../nn/callable';
import * as t from './transforms';
import { Transform as TransformClass } from './transform';

export * as functional from './functional';
export { InterpolationMode } from './functional';
export type { PaddingMode } from './functional';
export type { RandomCropOptions, ResizeOptions } from './transforms';

export const Transform = callableClass(TransformClass); export type Transform = TransformClass;
export const Compose = callableClass(t.Compose); export type Compose = t.Compose;
export const ToImage = callableClass(t.ToImage); export type ToImage = t.ToImage;
export const ToDtype = callableClass(t.ToDtype); export type ToDtype = t.ToDtype;
export const Normalize = callableClass(t.Normalize); export type Normalize = t.Normalize;
export const Lambda = callableClass(t.Lambda); export type Lambda = t.Lambda;
export const RandomHorizontalFlip = callableClass(t.RandomHorizontalFlip); export type RandomHorizontalFlip = t.RandomHorizontalFlip;
export const RandomVerticalFlip = callableClass(t.RandomVerticalFlip); export type RandomVerticalFlip = t.RandomVerticalFlip;
export const RandomCrop = callableClass(t.RandomCrop); export type RandomCrop = t.RandomCrop;
export const Resize = callableClass(t.Resize); export type Resize = t.Resize;
/** Deprecated in torchvision: use Compose([ToImage(), ToDtype(torch.float32, { scale: true })]). */
export const ToTensor = callableClass(t.ToTensor); export type ToTensor = t.ToTensor;
export const PILToTensor = callableClass(t.PILToTensor); export type PILToTensor = t.PILToTensor;
