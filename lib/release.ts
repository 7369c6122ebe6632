// The LibTorch release torchts runs on: where PyTorch changed between releases (defaults, messages,
// printing), torchts does what the running release's PyTorch does (README, "LibTorch versions").
import { native } from './native';

const [releaseMajor, releaseMinor] = String(native.version()).split('.').map(Number);

/**
 * The entry of `table` ([["major.minor", value], ...], oldest first) for the running release: the
 * last one not newer than it.
 */
export function forRelease<T>(table: [string, T][]): T {
  let picked = table[0][1];
  for (const [release, value] of table) {
    const [major, minor] = release.split('.').map(Number);
    if (major < releaseMajor || (major === releaseMajor && minor <= releaseMinor)) picked = value;
  }
  return picked;
}
