// Which class's __init__ Python names in a constructor's argument errors: the class that defines
// it, often a private base (`_MaxPoolNd.__init__() missing 1 required positional argument:
// 'kernel_size'`). Listed where it is not the class itself (from `cls.__init__.__qualname__`
// under PyTorch 1.13 and 2.6, which agree on these).
import type { Module } from './module';
import { isExportedClass } from './callable';

const INIT_OWNER: Readonly<Record<string, string>> = {
  AdaptiveAvgPool1d: '_AdaptiveAvgPoolNd', AdaptiveAvgPool2d: '_AdaptiveAvgPoolNd', AdaptiveAvgPool3d: '_AdaptiveAvgPoolNd',
  AdaptiveMaxPool1d: '_AdaptiveMaxPoolNd', AdaptiveMaxPool2d: '_AdaptiveMaxPoolNd', AdaptiveMaxPool3d: '_AdaptiveMaxPoolNd',
  MaxPool1d: '_MaxPoolNd', MaxPool2d: '_MaxPoolNd', MaxPool3d: '_MaxPoolNd',
  LPPool1d: '_LPPoolNd', LPPool2d: '_LPPoolNd', LPPool3d: '_LPPoolNd',
  BatchNorm1d: '_BatchNorm', BatchNorm2d: '_BatchNorm', BatchNorm3d: '_BatchNorm',
  InstanceNorm1d: '_InstanceNorm', InstanceNorm2d: '_InstanceNorm', InstanceNorm3d: '_InstanceNorm',
  LazyBatchNorm1d: '_LazyNormBase', LazyBatchNorm2d: '_LazyNormBase', LazyBatchNorm3d: '_LazyNormBase',
  LazyInstanceNorm1d: '_LazyNormBase', LazyInstanceNorm2d: '_LazyNormBase', LazyInstanceNorm3d: '_LazyNormBase',
  Dropout: '_DropoutNd', Dropout1d: '_DropoutNd', Dropout2d: '_DropoutNd', Dropout3d: '_DropoutNd',
  AlphaDropout: '_DropoutNd', FeatureAlphaDropout: '_DropoutNd',
};

/**
 * `<owner>.__init__` for a module's constructor errors: the owner of the nearest torchts class in
 * its prototype chain (a user subclass without its own constructor runs that class's).
 */
export function initName(module: Module): string {
  for (let proto = Object.getPrototypeOf(module); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const cls = proto.constructor;
    if (isExportedClass(cls)) return `${INIT_OWNER[cls.name] ?? cls.name}.__init__`;
  }
  return `${module._get_name()}.__init__`;
}
