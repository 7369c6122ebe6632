// torchvision.datasets: MNIST and FashionMNIST, with and without `new`.
import { callableClass } from '../../nn/callable';
import * as mnist from './mnist';
import * as vision from './vision';

export type { MNISTOptions } from './mnist';
export { read_image_file, read_label_file, read_sn3_pascalvincent_tensor } from './idx';

export const VisionDataset = callableClass(vision.VisionDataset); export type VisionDataset<T = unknown> = vision.VisionDataset<T>;
export const MNIST = callableClass(mnist.MNIST); export type MNIST = mnist.MNIST;
export const FashionMNIST = callableClass(mnist.FashionMNIST); export type FashionMNIST = mnist.FashionMNIST;
