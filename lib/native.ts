// Loads the native addon: a prebuild for this platform and Node ABI, else build/Release.
// When neither loads, the error lists every attempt and the likely fixes.
import * as path from 'path';
import type { Tensor } from './tensor';

/** The raw binding. Internal: the public API wraps every function with PyTorch's names and options. */
export interface NativeBinding {
  TensorBase: { prototype: object };
  setup(torchError: Function, typeError: Function, rangeError: Function): void;
  [fn: string]: any;
}

function loadBinding(): NativeBinding {
  const root = path.join(__dirname, '..');
  const attempts: string[] = [];
  try {
    // node-gyp-build looks in prebuilds/<platform>-<arch>/ and build/Release, build/Debug.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require('node-gyp-build')(root) as NativeBinding;
  } catch (e) {
    attempts.push(`node-gyp-build(${root}): ${(e as Error).message.split('\n')[0]}`);
  }
  const message = attempts.join('\n  ');
  const hints: string[] = [];
  if (/libtorch|libc10|cannot open shared object/.test(message))
    hints.push('LibTorch shared libraries are missing: run `bash scripts/setup` (Debian: apt-get install libtorch-dev libopenblas0-pthread), or add your LibTorch lib/ directory to LD_LIBRARY_PATH.');
  if (/GLIBCXX|CXXABI/.test(message))
    hints.push('The C++ runtime is older than the one the addon was built with: rebuild from source with `npm run build:native`.');
  if (/No native build was found|Cannot find module/.test(message))
    hints.push('No compiled addon for this platform: run `bash scripts/setup` or `npm run build:native`.');
  if (/NODE_MODULE_VERSION/.test(message))
    hints.push('The addon was built for another Node.js version: rebuild with `npm run build:native`.');
  throw new Error(`torchts: could not load the native addon.\n  ${message}\nPossible solutions:\n  - ${hints.join('\n  - ') || 'run `bash scripts/setup`'}`);
}

export const native: NativeBinding = loadBinding();
export type { Tensor };
