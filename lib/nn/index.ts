// torch.nn: every class works with and without `new` (porting rule 3); `nn.Linear` is both the
// callable class and the instance type.
import { callableClass } from './callable';
import * as linear from './linear';
import * as activation from './activation';
import * as container from './container';
import * as dropout from './dropout';
import * as normalization from './normalization';
import * as loss from './loss';
import * as conv from './conv';
import * as pooling from './pooling';
import * as sparse from './embedding';
import * as padding from './padding';
import * as rnn from './rnn';
import * as transformer from './transformer';
import { Module as ModuleClass } from './module';

export { Parameter } from './parameter';
export type { RemovableHandle, ForwardHook, ForwardPreHook, StateDict } from './module';
export * as functional from './functional';
export * as init from './init';
export * as utils from './utils';
export * as parallel from './parallel';

export const Module = callableClass(ModuleClass);
export type Module = ModuleClass;

export const Identity = callableClass(linear.Identity); export type Identity = linear.Identity;
export const Linear = callableClass(linear.Linear); export type Linear = linear.Linear;
export const Bilinear = callableClass(linear.Bilinear); export type Bilinear = linear.Bilinear;
export const Flatten = callableClass(linear.Flatten); export type Flatten = linear.Flatten;
export const Unflatten = callableClass(linear.Unflatten); export type Unflatten = linear.Unflatten;

export const ReLU = callableClass(activation.ReLU); export type ReLU = activation.ReLU;
export const ReLU6 = callableClass(activation.ReLU6); export type ReLU6 = activation.ReLU6;
export const LeakyReLU = callableClass(activation.LeakyReLU); export type LeakyReLU = activation.LeakyReLU;
export const RReLU = callableClass(activation.RReLU); export type RReLU = activation.RReLU;
export const PReLU = callableClass(activation.PReLU); export type PReLU = activation.PReLU;
export const ELU = callableClass(activation.ELU); export type ELU = activation.ELU;
export const SELU = callableClass(activation.SELU); export type SELU = activation.SELU;
export const CELU = callableClass(activation.CELU); export type CELU = activation.CELU;
export const GELU = callableClass(activation.GELU); export type GELU = activation.GELU;
export const SiLU = callableClass(activation.SiLU); export type SiLU = activation.SiLU;
export const Mish = callableClass(activation.Mish); export type Mish = activation.Mish;
export const Softplus = callableClass(activation.Softplus); export type Softplus = activation.Softplus;
export const Hardtanh = callableClass(activation.Hardtanh); export type Hardtanh = activation.Hardtanh;
export const Hardswish = callableClass(activation.Hardswish); export type Hardswish = activation.Hardswish;
export const Hardsigmoid = callableClass(activation.Hardsigmoid); export type Hardsigmoid = activation.Hardsigmoid;
export const Sigmoid = callableClass(activation.Sigmoid); export type Sigmoid = activation.Sigmoid;
export const Tanh = callableClass(activation.Tanh); export type Tanh = activation.Tanh;
export const Softmax = callableClass(activation.Softmax); export type Softmax = activation.Softmax;
export const LogSoftmax = callableClass(activation.LogSoftmax); export type LogSoftmax = activation.LogSoftmax;
export const Threshold = callableClass(activation.Threshold); export type Threshold = activation.Threshold;
export const Hardshrink = callableClass(activation.Hardshrink); export type Hardshrink = activation.Hardshrink;
export const Softshrink = callableClass(activation.Softshrink); export type Softshrink = activation.Softshrink;
export const Tanhshrink = callableClass(activation.Tanhshrink); export type Tanhshrink = activation.Tanhshrink;
export const Softsign = callableClass(activation.Softsign); export type Softsign = activation.Softsign;
export const LogSigmoid = callableClass(activation.LogSigmoid); export type LogSigmoid = activation.LogSigmoid;
export const Softmin = callableClass(activation.Softmin); export type Softmin = activation.Softmin;
export const Softmax2d = callableClass(activation.Softmax2d); export type Softmax2d = activation.Softmax2d;
export const GLU = callableClass(activation.GLU); export type GLU = activation.GLU;
/** Not in PyTorch: relu(x)². */
export const ReLUSquared = callableClass(activation.ReLUSquared); export type ReLUSquared = activation.ReLUSquared;
/** Not in PyTorch: silu(a) * b over the two halves of the last dim. */
export const SwiGLU = callableClass(activation.SwiGLU); export type SwiGLU = activation.SwiGLU;

export const Dropout = callableClass(dropout.Dropout); export type Dropout = dropout.Dropout;
export const Dropout1d = callableClass(dropout.Dropout1d); export type Dropout1d = dropout.Dropout1d;
export const Dropout2d = callableClass(dropout.Dropout2d); export type Dropout2d = dropout.Dropout2d;
export const Dropout3d = callableClass(dropout.Dropout3d); export type Dropout3d = dropout.Dropout3d;
export const AlphaDropout = callableClass(dropout.AlphaDropout); export type AlphaDropout = dropout.AlphaDropout;
export const FeatureAlphaDropout = callableClass(dropout.FeatureAlphaDropout); export type FeatureAlphaDropout = dropout.FeatureAlphaDropout;

export const BatchNorm1d = callableClass(normalization.BatchNorm1d); export type BatchNorm1d = normalization.BatchNorm1d;
export const BatchNorm2d = callableClass(normalization.BatchNorm2d); export type BatchNorm2d = normalization.BatchNorm2d;
export const BatchNorm3d = callableClass(normalization.BatchNorm3d); export type BatchNorm3d = normalization.BatchNorm3d;
export const LayerNorm = callableClass(normalization.LayerNorm); export type LayerNorm = normalization.LayerNorm;
export const GroupNorm = callableClass(normalization.GroupNorm); export type GroupNorm = normalization.GroupNorm;
export const InstanceNorm1d = callableClass(normalization.InstanceNorm1d); export type InstanceNorm1d = normalization.InstanceNorm1d;
export const InstanceNorm2d = callableClass(normalization.InstanceNorm2d); export type InstanceNorm2d = normalization.InstanceNorm2d;

export const Conv1d = callableClass(conv.Conv1d); export type Conv1d = conv.Conv1d;
export const Conv2d = callableClass(conv.Conv2d); export type Conv2d = conv.Conv2d;
export const Conv3d = callableClass(conv.Conv3d); export type Conv3d = conv.Conv3d;
export const ConvTranspose1d = callableClass(conv.ConvTranspose1d); export type ConvTranspose1d = conv.ConvTranspose1d;
export const ConvTranspose2d = callableClass(conv.ConvTranspose2d); export type ConvTranspose2d = conv.ConvTranspose2d;
export const MaxPool1d = callableClass(pooling.MaxPool1d); export type MaxPool1d = pooling.MaxPool1d;
export const MaxPool2d = callableClass(pooling.MaxPool2d); export type MaxPool2d = pooling.MaxPool2d;
export const AvgPool2d = callableClass(pooling.AvgPool2d); export type AvgPool2d = pooling.AvgPool2d;
export const AdaptiveAvgPool2d = callableClass(pooling.AdaptiveAvgPool2d); export type AdaptiveAvgPool2d = pooling.AdaptiveAvgPool2d;
export const AvgPool1d = callableClass(pooling.AvgPool1d); export type AvgPool1d = pooling.AvgPool1d;
export const AdaptiveAvgPool1d = callableClass(pooling.AdaptiveAvgPool1d); export type AdaptiveAvgPool1d = pooling.AdaptiveAvgPool1d;
export const AdaptiveMaxPool1d = callableClass(pooling.AdaptiveMaxPool1d); export type AdaptiveMaxPool1d = pooling.AdaptiveMaxPool1d;
export const AdaptiveMaxPool2d = callableClass(pooling.AdaptiveMaxPool2d); export type AdaptiveMaxPool2d = pooling.AdaptiveMaxPool2d;
export const ZeroPad2d = callableClass(padding.ZeroPad2d); export type ZeroPad2d = padding.ZeroPad2d;
export const ConstantPad1d = callableClass(padding.ConstantPad1d); export type ConstantPad1d = padding.ConstantPad1d;
export const ConstantPad2d = callableClass(padding.ConstantPad2d); export type ConstantPad2d = padding.ConstantPad2d;
export const ReflectionPad1d = callableClass(padding.ReflectionPad1d); export type ReflectionPad1d = padding.ReflectionPad1d;
export const ReflectionPad2d = callableClass(padding.ReflectionPad2d); export type ReflectionPad2d = padding.ReflectionPad2d;
export const ReplicationPad1d = callableClass(padding.ReplicationPad1d); export type ReplicationPad1d = padding.ReplicationPad1d;
export const ReplicationPad2d = callableClass(padding.ReplicationPad2d); export type ReplicationPad2d = padding.ReplicationPad2d;
export const Upsample = callableClass(padding.Upsample); export type Upsample = padding.Upsample;
export const PixelShuffle = callableClass(padding.PixelShuffle); export type PixelShuffle = padding.PixelShuffle;
export const PixelUnshuffle = callableClass(padding.PixelUnshuffle); export type PixelUnshuffle = padding.PixelUnshuffle;
export const CosineSimilarity = callableClass(padding.CosineSimilarity); export type CosineSimilarity = padding.CosineSimilarity;
export const PairwiseDistance = callableClass(padding.PairwiseDistance); export type PairwiseDistance = padding.PairwiseDistance;
export const Embedding = callableClass(sparse.Embedding); export type Embedding = sparse.Embedding;

/** Base classes, for `instanceof` and `extends`. */
export const RNNBase = rnn.RNNBase; export type RNNBase = rnn.RNNBase;
export const RNN = callableClass(rnn.RNN); export type RNN = rnn.RNN;
export const LSTM = callableClass(rnn.LSTM); export type LSTM = rnn.LSTM;
export const GRU = callableClass(rnn.GRU); export type GRU = rnn.GRU;
export const RNNCellBase = rnn.RNNCellBase; export type RNNCellBase = rnn.RNNCellBase;
export const RNNCell = callableClass(rnn.RNNCell); export type RNNCell = rnn.RNNCell;
export const LSTMCell = callableClass(rnn.LSTMCell); export type LSTMCell = rnn.LSTMCell;
export const GRUCell = callableClass(rnn.GRUCell); export type GRUCell = rnn.GRUCell;

export const MultiheadAttention = callableClass(transformer.MultiheadAttention); export type MultiheadAttention = transformer.MultiheadAttention;
export const TransformerEncoderLayer = callableClass(transformer.TransformerEncoderLayer); export type TransformerEncoderLayer = transformer.TransformerEncoderLayer;
export const TransformerDecoderLayer = callableClass(transformer.TransformerDecoderLayer); export type TransformerDecoderLayer = transformer.TransformerDecoderLayer;
export const TransformerEncoder = callableClass(transformer.TransformerEncoder); export type TransformerEncoder = transformer.TransformerEncoder;
export const TransformerDecoder = callableClass(transformer.TransformerDecoder); export type TransformerDecoder = transformer.TransformerDecoder;
export const Transformer = callableClass(transformer.Transformer); export type Transformer = transformer.Transformer;

export const CrossEntropyLoss = callableClass(loss.CrossEntropyLoss); export type CrossEntropyLoss = loss.CrossEntropyLoss;
export const NLLLoss = callableClass(loss.NLLLoss); export type NLLLoss = loss.NLLLoss;
export const BCELoss = callableClass(loss.BCELoss); export type BCELoss = loss.BCELoss;
export const BCEWithLogitsLoss = callableClass(loss.BCEWithLogitsLoss); export type BCEWithLogitsLoss = loss.BCEWithLogitsLoss;
export const MSELoss = callableClass(loss.MSELoss); export type MSELoss = loss.MSELoss;
export const L1Loss = callableClass(loss.L1Loss); export type L1Loss = loss.L1Loss;
export const HuberLoss = callableClass(loss.HuberLoss); export type HuberLoss = loss.HuberLoss;
export const SmoothL1Loss = callableClass(loss.SmoothL1Loss); export type SmoothL1Loss = loss.SmoothL1Loss;
export const KLDivLoss = callableClass(loss.KLDivLoss); export type KLDivLoss = loss.KLDivLoss;
export const MarginRankingLoss = callableClass(loss.MarginRankingLoss); export type MarginRankingLoss = loss.MarginRankingLoss;
export const HingeEmbeddingLoss = callableClass(loss.HingeEmbeddingLoss); export type HingeEmbeddingLoss = loss.HingeEmbeddingLoss;
export const CosineEmbeddingLoss = callableClass(loss.CosineEmbeddingLoss); export type CosineEmbeddingLoss = loss.CosineEmbeddingLoss;
export const SoftMarginLoss = callableClass(loss.SoftMarginLoss); export type SoftMarginLoss = loss.SoftMarginLoss;
export const MultiLabelMarginLoss = callableClass(loss.MultiLabelMarginLoss); export type MultiLabelMarginLoss = loss.MultiLabelMarginLoss;
export const TripletMarginLoss = callableClass(loss.TripletMarginLoss); export type TripletMarginLoss = loss.TripletMarginLoss;
export const PoissonNLLLoss = callableClass(loss.PoissonNLLLoss); export type PoissonNLLLoss = loss.PoissonNLLLoss;
export const GaussianNLLLoss = callableClass(loss.GaussianNLLLoss); export type GaussianNLLLoss = loss.GaussianNLLLoss;
export const MultiLabelSoftMarginLoss = callableClass(loss.MultiLabelSoftMarginLoss); export type MultiLabelSoftMarginLoss = loss.MultiLabelSoftMarginLoss;
export const MultiMarginLoss = callableClass(loss.MultiMarginLoss); export type MultiMarginLoss = loss.MultiMarginLoss;

export const Sequential = callableClass(container.Sequential); export type Sequential = container.Sequential;
export const ModuleList = callableClass(container.ModuleList); export type ModuleList = container.ModuleList;
export const ModuleDict = callableClass(container.ModuleDict); export type ModuleDict = container.ModuleDict;
