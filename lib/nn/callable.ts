// PyTorch classes construct with and without `new` (`nn.Linear(4, 2)`), and modules are callable
// (`model(x)`). These helpers give TS classes both behaviours.

/** The class, also callable without `new`. `instanceof` and `extends` keep working. */
export type CallableClass<C extends abstract new (...args: any) => any> =
  C & ((...args: ConstructorParameters<C>) => InstanceType<C>);

export function callableClass<C extends new (...args: any) => any>(cls: C): CallableClass<C> {
  return new Proxy(cls, {
    apply: (target, _thisArg, args) => new target(...args),
  }) as CallableClass<C>;
}
