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

/**
 * Adds `hook` to `hooks` (first when `prepend`) under a fresh id and returns its handle. Each of
 * `flags` is a set of ids (PyTorch's `extra_dict`: with_kwargs, always_call): the id joins the
 * sets whose flag is true, and removal takes it out of all of them.
 */
export function addHook<H>(hooks: Map<number, H>, hook: H, prepend = false, flags: [Set<number>, boolean][] = []): RemovableHandle {
  const handle = removableHandle(() => {
    hooks.delete(handle.id);
    for (const [ids] of flags) ids.delete(handle.id);
  });
  if (prepend) {
    const entries = [...hooks];
    hooks.clear();
    hooks.set(handle.id, hook);
    for (const [k, v] of entries) hooks.set(k, v);
  } else hooks.set(handle.id, hook);
  for (const [ids, on] of flags) if (on) ids.add(handle.id);
  return handle;
}
