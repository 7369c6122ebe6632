// The inference fast path of MultiheadAttention, TransformerEncoderLayer and TransformerEncoder
// (PyTorch's why_not_fast_path / why_not_sparsity_fast_path blocks): in eval mode, without autograd,
// on batched batch_first input, PyTorch calls one fused ATen kernel per module instead of the
// composite, and TransformerEncoder runs its layers on a nested tensor made from the key padding
// mask (so padded positions come out 0). Each release's conditions are ported in its order; the
// first that holds is the reason (MultiheadAttention names it when it refuses a nested tensor).
import { Tensor } from '../tensor';
import { is_grad_enabled } from '../autograd';
import { is_autocast_enabled } from '../amp/autocast_mode';
import { callAten } from '../ops/dispatch';
import { forRelease } from '../release';
import { mha as mhaBackend } from '../backends_mha';
import { floatRepr } from '../python/repr';
import type { Module } from './module';
import type { MultiheadAttention, TransformerEncoderLayer, TransformerEncoder } from './transformer';

/**
 * PyTorch 2.x's rules (as 2.6 and 2.14 have them): masks made canonical (float) first, attention
 * masks merged into the kernels' 4-d mask, bias=False and forward hooks excluded, the encoder's
 * nested-tensor decision taken at construction, its padded output as large as its input.
 */
export const FASTPATH_2X = forRelease([['1.13', false], ['2.0', true]]);
/** torch.backends.mha.get_fastpath_enabled() is consulted from PyTorch 2.3 on. */
const HAS_SWITCH = forRelease([['1.13', false], ['2.3', true]]);
/** The device types the layer and encoder conditions accept, as PyTorch lists them in its messages. */
const LAYER_DEVICES = forRelease([['1.13', ['cpu', 'cuda']], ['2.0', ['cpu', 'cuda', 'privateuseone']], ['2.14', ['cpu', 'cuda', 'xpu', 'privateuseone']]]);
const pyList = (names: string[]): string => `[${names.map((n) => `'${n}'`).join(', ')}]`;

/** A condition: when `holds`, the fast path is not taken, for `reason`. */
type Check<C> = [holds: (c: C) => boolean, reason: string | ((c: C) => string)];
function firstReason<C>(checks: Check<C>[], c: C): string {
  for (const [holds, reason] of checks) if (holds(c)) return typeof reason === 'string' ? reason : reason(c);
  return '';
}

const switchedOff: Check<unknown>[] = HAS_SWITCH ? [[() => !mhaBackend.get_fastpath_enabled(), 'torch.backends.mha.get_fastpath_enabled() was not True']] : [];
const autocast: Check<unknown> = [() => is_autocast_enabled(), 'autocast is enabled'];
const deviceType = (t: Tensor): string => t.device.type;

/**
 * The checks on the tensors a fused kernel would take: those of `onDevice` on a device type it runs
 * on, and no autograd for any.
 */
function tensorArgsReason(onDevice: (Tensor | null)[], all: (Tensor | null)[], devices: string[], deviceReason: string): string {
  const present = (ts: (Tensor | null)[]) => ts.filter((t): t is Tensor => t !== null);
  if (!present(onDevice).every((t) => devices.includes(deviceType(t)))) return deviceReason;
  if (is_grad_enabled() && present(all).some((t) => t.requires_grad)) {
    return 'grad is enabled and at least one of query or the input/output projection weights or biases requires_grad';
  }
  return '';
}

/** What MultiheadAttention.forward's conditions read. */
export interface MhaCall { m: MultiheadAttention; query: Tensor; key: Tensor; value: Tensor; key_padding_mask: Tensor | null; attn_mask: Tensor | null }

const dtypesDiffer = (what: string, param: (m: MultiheadAttention) => Tensor | null): Check<MhaCall> => [
  (c) => param(c.m) !== null && c.query.dtype !== param(c.m)!.dtype,
  (c) => `dtypes of query (${c.query.dtype}) and self.${what} (${param(c.m)!.dtype}) don't match`];
const notBatched: Check<MhaCall> = [(c) => c.query.dim() !== 3, (c) => `input not batched; expected query.dim() of 3 but got ${c.query.dim()}`];
const notSelfAttention: Check<MhaCall> = [(c) => c.query !== c.key || c.key !== c.value,
  'non-self attention was used (query, key, and value are not the same Tensor)'];
const mhaShape: Check<MhaCall>[] = [
  [(c) => !c.m.batch_first, 'batch_first was not True'],
  [(c) => c.m.bias_k !== null, 'self.bias_k was not None'],
  [(c) => c.m.bias_v !== null, 'self.bias_v was not None'],
];

const MHA_CHECKS: Check<MhaCall>[] = FASTPATH_2X ? [
  ...switchedOff,
  notBatched,
  notSelfAttention,
  dtypesDiffer('in_proj_bias', (m) => m.in_proj_bias),
  [(c) => c.m.in_proj_weight === null, 'in_proj_weight was None'],
  dtypesDiffer('in_proj_weight', (m) => m.in_proj_weight),
  [(c) => c.m.training, 'training is enabled'],
  [(c) => c.m.num_heads % 2 !== 0, 'self.num_heads is not even'],
  ...mhaShape,
  [(c) => c.m.add_zero_attn, 'add_zero_attn was enabled'],
  [(c) => !c.m._qkv_same_embed_dim, '_qkv_same_embed_dim was not True'],
  [(c) => c.query.is_nested && (c.key_padding_mask !== null || c.attn_mask !== null),
    `supplying both src_key_padding_mask and src_mask at the same time ${' '.repeat(33)}is not supported with NestedTensor input`],
  autocast,
] : [
  notBatched,
  notSelfAttention,
  dtypesDiffer('in_proj_bias', (m) => m.in_proj_bias),
  dtypesDiffer('in_proj_weight', (m) => m.in_proj_weight),
  [(c) => c.m.training, 'training is enabled'],
  ...mhaShape,
  [(c) => c.m.dropout !== 0, (c) => `dropout was ${floatRepr(c.m.dropout)}, required zero`],
  [(c) => c.m.add_zero_attn, 'add_zero_attn was enabled'],
  [(c) => !c.m._qkv_same_embed_dim, '_qkv_same_embed_dim was not True'],
  [(c) => c.attn_mask !== null, 'attn_mask was not None'],
  [(c) => c.query.is_nested && c.key_padding_mask !== null, 'key_padding_mask is not supported with NestedTensor input'],
  [(c) => c.m.num_heads % 2 === 1, 'num_heads is odd'],
  autocast,
];

/**
 * Why MultiheadAttention.forward does not take the fast path ('' when it does). `initial` is
 * PyTorch 2.x's reason set before the checks (floating-point masks), which a later one replaces.
 */
export function whyNotMhaFastPath(c: MhaCall, initial = ''): string {
  const reason = firstReason(MHA_CHECKS, c) || initial;
  if (reason) return reason;
  const { m } = c;
  const tensors = [c.query, c.key, c.value, m.in_proj_weight, m.in_proj_bias, m.out_proj.weight, m.out_proj.bias];
  return tensorArgsReason(tensors, tensors, FASTPATH_2X ? ['cpu', 'cuda', 'privateuseone'] : ['cpu', 'cuda'],
    FASTPATH_2X ? "some Tensor argument's device is neither one of cpu, cuda or privateuseone" : 'some Tensor argument is neither CUDA nor CPU');
}

/** PyTorch 2.x's reason, set before its checks, for masks that are floating point as given. */
export const floatMasksReason = (attn_mask: Tensor | null, key_padding_mask: Tensor | null): string =>
  ((attn_mask !== null && attn_mask.is_floating_point()) || (key_padding_mask !== null && key_padding_mask.is_floating_point())
    ? 'floating-point masks are not supported for fast path.' : '');

/**
 * PyTorch 2.x's MultiheadAttention.merge_masks: the one mask the fused kernels take and its type
 * (0 attn_mask (L, L), 1 key_padding_mask (N, L), 2 both, expanded to (N, num_heads, L, L) and added).
 */
export function mergeMasks(num_heads: number, attn_mask: Tensor | null, key_padding_mask: Tensor | null, query: Tensor): [Tensor | null, number | null] {
  let mask_type: number | null = null;
  let merged_mask: Tensor | null = null;
  if (key_padding_mask !== null) {
    mask_type = 1;
    merged_mask = key_padding_mask;
  }
  if (attn_mask !== null) {
    const [batch_size, seq_len] = query.shape;
    mask_type = 2;
    const attn_mask_expanded = attn_mask.dim() === 3
      ? attn_mask.view(batch_size, -1, seq_len, seq_len)
      : attn_mask.view(1, 1, seq_len, seq_len).expand(batch_size, num_heads, -1, -1);
    merged_mask = attn_mask_expanded;
    if (key_padding_mask !== null) {
      merged_mask = attn_mask_expanded.add(key_padding_mask.view(batch_size, 1, 1, seq_len).expand(-1, num_heads, -1, -1));
    }
  }
  return [merged_mask, mask_type];
}

/** torch._native_multi_head_attention with the module's weights: [output, weights or null]. */
export function nativeMultiHeadAttention(m: MultiheadAttention, query: Tensor, mask: Tensor | null, mask_type: number | null, need_weights: boolean,
  average_attn_weights: boolean): [Tensor, Tensor | null] {
  return callAten('_native_multi_head_attention', [query, query, query, m.embed_dim, m.num_heads, m.in_proj_weight, m.in_proj_bias,
    m.out_proj.weight, m.out_proj.bias, mask, need_weights, average_attn_weights, mask_type]);
}

/** What TransformerEncoderLayer.forward's conditions read. */
export interface LayerCall { layer: TransformerEncoderLayer; src: Tensor; src_mask: Tensor | null; src_key_padding_mask: Tensor | null }

const notBatchedSrc = <C extends { src: Tensor }>(): Check<C> => [(c) => c.src.dim() !== 3,
  (c) => `input not batched; expected src.dim() of 3 but got ${c.src.dim()}`];
const hooked = (m: Module): boolean => m._forward_hooks.size + m._forward_pre_hooks.size > 0;

const LAYER_CHECKS: Check<LayerCall>[] = FASTPATH_2X ? [
  ...switchedOff,
  notBatchedSrc(),
  [(c) => c.layer.training, 'training is enabled'],
  [(c) => !c.layer.self_attn.batch_first, 'self_attn.batch_first was not True'],
  [(c) => c.layer.self_attn.in_proj_bias === null, 'self_attn was passed bias=False'],
  [(c) => !c.layer.self_attn._qkv_same_embed_dim, 'self_attn._qkv_same_embed_dim was not True'],
  [(c) => !c.layer.activation_relu_or_gelu, 'activation_relu_or_gelu was not True'],
  [(c) => c.layer.norm1.eps !== c.layer.norm2.eps, 'norm1.eps is not equal to norm2.eps'],
  [(c) => c.src.is_nested && (c.src_key_padding_mask !== null || c.src_mask !== null),
    'neither src_key_padding_mask nor src_mask are not supported with NestedTensor input'],
  [(c) => c.layer.self_attn.num_heads % 2 === 1, 'num_head is odd'],
  autocast,
  [(c) => [...c.layer.modules()].some(hooked), 'forward pre-/hooks are attached to the module'],
] : [
  notBatchedSrc(),
  [(c) => c.layer.training, 'training is enabled'],
  [(c) => !c.layer.self_attn.batch_first, 'self_attn.batch_first was not True'],
  [(c) => !c.layer.self_attn._qkv_same_embed_dim, 'self_attn._qkv_same_embed_dim was not True'],
  [(c) => !c.layer.activation_relu_or_gelu, 'activation_relu_or_gelu was not True'],
  [(c) => c.layer.norm1.eps !== c.layer.norm2.eps, 'norm1.eps is not equal to norm2.eps'],
  [(c) => c.src_mask !== null, 'src_mask is not supported for fastpath'],
  [(c) => c.src.is_nested && c.src_key_padding_mask !== null, 'src_key_padding_mask is not supported with NestedTensor input for fastpath'],
  [(c) => c.layer.self_attn.num_heads % 2 === 1, 'num_head is odd'],
  autocast,
];

/** The tensors the fused encoder-layer kernel takes from `layer`, in its order (after src). */
const layerWeights = (l: TransformerEncoderLayer): Tensor[] => [l.self_attn.in_proj_weight, l.self_attn.in_proj_bias, l.self_attn.out_proj.weight,
  l.self_attn.out_proj.bias, l.norm1.weight, l.norm1.bias, l.norm2.weight, l.norm2.bias, l.linear1.weight, l.linear1.bias, l.linear2.weight,
  l.linear2.bias];

/** Why TransformerEncoderLayer.forward does not take the fast path ('' when it does). */
export function whyNotLayerFastPath(c: LayerCall): string {
  const tensors = [c.src, ...layerWeights(c.layer)];
  return firstReason(LAYER_CHECKS, c) || tensorArgsReason(tensors, tensors, LAYER_DEVICES, FASTPATH_2X
    ? `some Tensor argument's device is neither one of ${pyList(LAYER_DEVICES)}` : 'some Tensor argument is neither CUDA nor CPU');
}

/** torch._transformer_encoder_layer_fwd over the layer's weights, with the mask and mask type its release passes. */
export function transformerEncoderLayerFwd({ layer, src, src_mask, src_key_padding_mask }: LayerCall): Tensor {
  const [mask, mask_type] = FASTPATH_2X ? layer.self_attn.merge_masks(src_mask, src_key_padding_mask, src)
    : [src_mask ?? src_key_padding_mask, src_key_padding_mask !== null ? 1 : src_mask !== null ? 0 : null];
  const [in_w, in_b, out_w, out_b, n1_w, n1_b, n2_w, n2_b, l1_w, l1_b, l2_w, l2_b] = layerWeights(layer);
  return callAten('_transformer_encoder_layer_fwd', [src, layer.self_attn.embed_dim, layer.self_attn.num_heads, in_w, in_b, out_w, out_b,
    layer.activation_relu_or_gelu === 2, layer.norm_first, layer.norm1.eps, n1_w, n1_b, n2_w, n2_b, l1_w, l1_b, l2_w, l2_b, mask, mask_type]);
}

/** What TransformerEncoder.forward's conditions read; `first` is layers[0] when it is a TransformerEncoderLayer. */
export interface EncoderCall { encoder: TransformerEncoder; first: TransformerEncoderLayer | null; src: Tensor; mask: Tensor | null;
  src_key_padding_mask: Tensor | null }

const FIRST = 'self.layers[0]';
/** Whether the key padding mask leaves every sequence's steps at its start (torch._nested_tensor_from_mask_left_aligned). */
const leftAligned = (c: EncoderCall): boolean => callAten('_nested_tensor_from_mask_left_aligned', [c.src, c.src_key_padding_mask!.logical_not()]);
const notLeftAligned: Check<EncoderCall> = [(c) => c.encoder.mask_check && !leftAligned(c),
  'mask_check enabled, and src and src_key_padding_mask was not left aligned'];
const noPaddingMask: Check<EncoderCall> = [(c) => c.src_key_padding_mask === null, 'src_key_padding_mask was None'];
const nestedInput: Check<EncoderCall> = [(c) => c.src.is_nested, 'NestedTensor input is not supported'];
const bothMasks: Check<EncoderCall> = [(c) => c.mask !== null, 'src_key_padding_mask and mask were both supplied'];

const ENCODER_CHECKS: Check<EncoderCall>[] = FASTPATH_2X ? [
  ...switchedOff,
  [(c) => !c.encoder.use_nested_tensor, 'self.use_nested_tensor (set in init) was not True'],
  [(c) => c.first!.training, `${FIRST} was in training mode`],
  notBatchedSrc(),
  noPaddingMask, notLeftAligned, nestedInput, bothMasks,
  autocast,
] : [
  [(c) => c.first === null, `${FIRST} was not TransformerEncoderLayer`],
  [(c) => c.first!.norm_first, `${FIRST}.norm_first was True`],
  [(c) => c.first!.training, `${FIRST} was in training mode`],
  [(c) => !c.first!.self_attn.batch_first, ` ${FIRST}.self_attn.batch_first was not True`],
  [(c) => !c.first!.self_attn._qkv_same_embed_dim, `${FIRST}.self_attn._qkv_same_embed_dim was not True`],
  [(c) => !c.first!.activation_relu_or_gelu, ` ${FIRST}.activation_relu_or_gelu was not True`],
  [(c) => c.first!.norm1.eps !== c.first!.norm2.eps, `${FIRST}.norm1.eps was not equal to ${FIRST}.norm2.eps`],
  notBatchedSrc(),
  [(c) => !c.encoder.enable_nested_tensor, 'enable_nested_tensor was not True'],
  noPaddingMask, notLeftAligned, nestedInput, bothMasks,
  [(c) => c.first!.self_attn.num_heads % 2 === 1, 'num_head is odd'],
  autocast,
];

/** Why TransformerEncoder.forward does not run its layers on a nested tensor ('' when it does). */
export function whyNotNestedEncoder(c: EncoderCall): string {
  return firstReason(ENCODER_CHECKS, c) || tensorArgsReason([c.src], [c.src, ...layerWeights(c.first!)], LAYER_DEVICES,
    FASTPATH_2X ? `src device is neither one of ${pyList(LAYER_DEVICES)}` : 'src is neither CUDA nor CPU');
}

/** src as the nested tensor of its unpadded steps (key padding mask true = padding). */
export const nestedFromMask = (src: Tensor, src_key_padding_mask: Tensor): Tensor =>
  callAten('_nested_tensor_from_mask', [src, src_key_padding_mask.logical_not(), false]);

/** A nested output back as a padded tensor (0 at padded positions): PyTorch 2.x pads to src's size, 1.13 to the longest sequence. */
export const toPadded = (output: Tensor, src: Tensor): Tensor =>
  callAten('to_padded_tensor', FASTPATH_2X ? [output, 0.0, src.shape] : [output, 0.0]);

const INIT = 'encoder_layer';
/** PyTorch 2.x's TransformerEncoder.__init__ conditions: why its layers can never take the nested path ('' when they can). */
export function whyNotNestedAtInit(layer: TransformerEncoderLayer | null): string {
  return firstReason<TransformerEncoderLayer | null>([
    [(l) => l === null, `${INIT} was not TransformerEncoderLayer`],
    [(l) => l!.norm_first, `${INIT}.norm_first was True`],
    [(l) => !l!.self_attn.batch_first, `${INIT}.self_attn.batch_first was not True(use batch_first for better inference performance)`],
    [(l) => !l!.self_attn._qkv_same_embed_dim, `${INIT}.self_attn._qkv_same_embed_dim was not True`],
    [(l) => l!.self_attn.in_proj_bias === null, `${INIT}.self_attn was passed bias=False`],
    [(l) => !l!.activation_relu_or_gelu, `${INIT}.activation_relu_or_gelu was not True`],
    [(l) => l!.norm1.eps !== l!.norm2.eps, `${INIT}.norm1.eps was not equal to ${INIT}.norm2.eps`],
    [(l) => l!.self_attn.num_heads % 2 === 1, `${INIT}.self_attn.num_heads is odd`],
  ], layer);
}
