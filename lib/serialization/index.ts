// torch.save / torch.load in PyTorch's file format (porting rule 10).
export { save } from './save';
export type { SaveOptions, WritableLike } from './save';
export { load } from './load';
export type { LoadOptions, FileLike, ReadableLike } from './load';
export type { MapLocation } from './storages';
