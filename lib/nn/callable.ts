// PyTorch classes construct with and without `new` (`nn.Linear(4, 2)`), and modules are callable
// (`model(x)`). These helpers give TS classes both behaviours.

/** The class, also callable without `new`. `instanceof` and `extends` keep working. */
export type CallableClass<C extends abstract new (...args: any) => any> =
  C & ((...args: ConstructorParameters<C>) => InstanceType<C>);

/** The classes torchts exports, as opposed to user subclasses of them. */
const exported = new WeakSet<object>();
export function isExportedClass(cls: object): boolean { return exported.has(cls); }

export function callableClass<C extends new (...args: any) => any>(cls: C): CallableClass<C> {
  exported.add(cls);
  return new Proxy(cls, {
    apply: (target, _thisArg, args) => new target(...args),
  }) as CallableClass<C>;
}
