// Tensors standing for PIL images. torchvision's ImageFolder loads PIL images, which
// transforms.ToTensor() turns into float [C, H, W] in [0, 1]. torchts loads uint8 [C, H, W]
// tensors (what every v2 transform takes) and remembers which ones play a PIL image, so that
// ToTensor scales them without reading them as numpy's H x W x C layout.
import { Tensor } from '../tensor';

const pilImages = new WeakSet<Tensor>();

/** Marks a uint8 [C, H, W] tensor as a loaded (PIL-like) image and returns it. */
export function asPilImage(t: Tensor): Tensor {
  pilImages.add(t);
  return t;
}

/** Whether `t` is an image a loader returned (channels first already). */
export const isPilImage = (t: Tensor): boolean => pilImages.has(t);
