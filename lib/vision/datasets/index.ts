// torchvision.datasets: MNIST, FashionMNIST, DatasetFolder and ImageFolder, with and without `new`.
import { callableClass } from '../../nn/callable';
import * as mnist from './mnist';
import * as vision from './vision';
import * as folder from './folder';

export type { MNISTOptions } from './mnist';
export { read_image_file, read_label_file, read_sn3_pascalvincent_tensor } from './idx';
export { IMG_EXTENSIONS, has_file_allowed_extension, is_image_file, find_classes, make_dataset, default_loader, pil_loader } from './folder';

export const VisionDataset = callableClass(vision.VisionDataset); export type VisionDataset<T = any> = vision.VisionDataset<T>;
export const MNIST = callableClass(mnist.MNIST); export type MNIST = mnist.MNIST;
export const FashionMNIST = callableClass(mnist.FashionMNIST); export type FashionMNIST = mnist.FashionMNIST;
export const DatasetFolder = callableClass(folder.DatasetFolder); export type DatasetFolder = folder.DatasetFolder;
export const ImageFolder = callableClass(folder.ImageFolder); export type ImageFolder = folder.ImageFolder;
