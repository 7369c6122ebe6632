// torchvision.transforms: `transforms.v2` (the current API), and the v1 names whose behaviour on
// tensors is the same as v2's (Compose, ToTensor, PILToTensor, Normalize, Lambda, flips, Resize).
export * as v2 from './v2';
export { InterpolationMode } from './v2/functional';
export { Compose, ToTensor, PILToTensor, Normalize, Lambda, RandomHorizontalFlip, RandomVerticalFlip, Resize } from './v2';
