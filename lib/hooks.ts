// What every register_*_hook returns (torch.utils.hooks.RemovableHandle): remove() unregisters.
export interface RemovableHandle { remove(): void; readonly id: number }

let nextHookId = 0;
/** A handle with a fresh id that runs `remove` once. */
export function removableHandle(remove: () => void): RemovableHandle {
  let removed = false;
  return {
    id: nextHookId++,
    remove: () => {
      if (removed) return;
      removed = true;
      remove();
    },
  };
}
