// torchvision.io: reading and decoding PNG / JPEG images into uint8 [C, H, W] tensors.
export { ImageReadMode, read_file, read_image, decode_image, decode_png, decode_jpeg } from './image';
export type { ImageReadModeLike } from './image';
