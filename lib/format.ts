// Tensor repr, character for character as the running release's torch/_tensor_str.py
// prints it (dense strided tensors, complex ones too; no sparse, quantized or named).
// Functions below are named after their Python counterparts; comments flag
// the places where PyTorch's exact behaviour is easy to get wrong.
import { formatExp, formatFixed } from './python/float_format';
import { tupleRepr } from './python/repr';
import { forRelease } from './release';

/** Whether a forced sci_mode also decides the column width (after 2.6; 1.13 and 2.6 keep the automatic choice's). */
const SCI_MODE_SETS_WIDTH = forRelease([['1.13', false], ['2.14', true]]);

/** What formatTensor needs to know about a tensor. */
export interface FormatInput {
  /** Flat row-major values (int64 may arrive as bigint; bool as 0/1 numbers; complex as [re, im] pairs). */
  data: ArrayLike<number | bigint | boolean>;
  shape: number[];
  /** PyTorch dtype name without 'torch.', e.g. 'float32', 'int64', 'bool'. */
  dtype: string;
  /** 'cpu', 'cuda:0', ... */
  device: string;
  requiresGrad: boolean;
  /** Autograd node class name, e.g. 'AddBackward0'; null for leaves. */
  gradFn: string | null;
  /** Print as torch.nn.Parameter does ('Parameter containing:\n' + repr). */
  isParameter?: boolean;
  /** torch.get_default_dtype() name; 'float32' when absent. */
  defaultDtype?: string;
  /** The repr of the tensor's forward-AD tangent at the current level, if it has one. */
  tangent?: string | null;
}

/** torch._tensor_str.PRINT_OPTS. */
export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  sci_mode: boolean | null;
}

const PRINT_OPTS: PrintOptions = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sci_mode: null,
};

const PROFILES: Record<'default' | 'short' | 'full', Omit<PrintOptions, 'sci_mode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

/**
 * torch.set_printoptions: the profile first, then each given option.
 * Like PyTorch, sci_mode is always assigned, so leaving it out resets it to null.
 */
export function set_printoptions(
  opts: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' },
): void {
  if (opts.profile !== undefined) Object.assign(PRINT_OPTS, PROFILES[opts.profile]);
  if (opts.precision !== undefined) PRINT_OPTS.precision = opts.precision;
  if (opts.threshold !== undefined) PRINT_OPTS.threshold = opts.threshold;
  if (opts.edgeitems !== undefined) PRINT_OPTS.edgeitems = opts.edgeitems;
  if (opts.linewidth !== undefined) PRINT_OPTS.linewidth = opts.linewidth;
  PRINT_OPTS.sci_mode = opts.sci_mode ?? null;
}

/** A copy of the current print options. */
export function get_printoptions(): PrintOptions {
  return { ...PRINT_OPTS };
}

// ---------------------------------------------------------------------------
// Values and dtypes.

type Scalar = number | bigint | boolean;

const FLOAT_DTYPES = new Set(['float16', 'bfloat16', 'float32', 'float64']);
const INT_DTYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8']);
/** Complex dtypes and the float dtype of their parts; their data arrives as [re, im] pairs. */
const COMPLEX_PARTS: Record<string, string> = { complex32: 'float16', complex64: 'float32', complex128: 'float64' };

/**
 * Reads value i as PyTorch's printer sees it: floats as doubles (float16 and
 * bfloat16 are printed after .float(), so all narrow kinds hold float32
 * values), ints as number/bigint, bools as booleans. Lazy, so a summarized
 * print of a huge tensor touches only the values it shows.
 */
function reader(data: ArrayLike<Scalar>, dtype: string): (i: number) => Scalar {
  if (dtype === 'float64') return (i) => Number(data[i]);
  if (FLOAT_DTYPES.has(dtype)) return (i) => Math.fround(Number(data[i]));
  if (dtype === 'bool') return (i) => Boolean(data[i]);
  return (i) => {
    const v = data[i];
    return typeof v === 'boolean' ? Number(v) : v;
  };
}

/** An integer or bool tensor element as PyTorch prints it: 'True'/'False' or the integer. */
function intOrBoolStr(v: Scalar): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

// ---------------------------------------------------------------------------
// _Formatter: one column width and one notation for the whole tensor.

interface Formatter {
  width: number;
  format(v: Scalar): string;
}

function makeFormatter(values: Scalar[], floating: boolean): Formatter {
  const prec = PRINT_OPTS.precision;
  let intMode = true;
  let sciMode = false;
  let maxWidth = 1;
  const widen = (s: string, extra = 0): void => {
    maxWidth = Math.max(maxWidth, s.length + extra);
  };

  const format = (v: Scalar): string => {
    let ret: string;
    if (!floating) ret = intOrBoolStr(v);
    else {
      const x = v as number;
      if (sciMode) ret = formatExp(x, prec);
      else if (intMode) ret = formatFixed(x, 0) + (Number.isFinite(x) ? '.' : '');
      else ret = formatFixed(x, prec);
    }
    return ret.padStart(maxWidth, ' ');
  };
  const formatter = (): Formatter => ({ width: maxWidth, format });

  if (!floating) {
    for (const v of values) widen(intOrBoolStr(v));
    return formatter();
  }

  const finite = (values as number[]).filter((x) => Number.isFinite(x) && x !== 0);
  // PyTorch returns early here, so PRINT_OPTS.sci_mode is NOT applied.
  if (finite.length === 0) return formatter();

  let min = Infinity;
  let max = 0;
  for (const x of finite) {
    min = Math.min(min, Math.abs(x));
    max = Math.max(max, Math.abs(x));
  }
  intMode = finite.every((x) => x === Math.ceil(x));

  // Integer-valued floats need sci mode only for a wide range; others also for tiny values.
  const automatic = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
  // PyTorch 1.13 measures the width for the automatic choice and keeps it under a forced sci_mode;
  // later releases measure it for the notation they print.
  const forced = PRINT_OPTS.sci_mode;
  sciMode = forced !== null && SCI_MODE_SETS_WIDTH ? forced : automatic;
  if (sciMode) {
    for (const x of finite) widen(formatExp(x, prec));
  } else {
    // Integer-valued floats print as '1.'; the '.' is counted in the width.
    for (const x of finite) widen(formatFixed(x, intMode ? 0 : prec), intMode ? 1 : 0);
  }
  if (forced !== null) sciMode = forced;
  return formatter();
}

// ---------------------------------------------------------------------------
// Layout: nested brackets over a contiguous row-major buffer.

/** A row-major tensor view: sub-tensor at `offset` spanning dims d.. */
class Layout {
  readonly strides: number[];
  constructor(
    readonly at: (i: number) => Scalar,
    readonly shape: number[],
  ) {
    this.strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  }

  /**
   * Edge rows kept along dim d when summarizing, or null to keep every row.
   * A 1-d row takes Python's self[-edge:], which is the whole row for edge 0.
   */
  edges(d: number, summarize: boolean): { head: number[]; tail: number[] } | null {
    const size = this.shape[d];
    const edge = PRINT_OPTS.edgeitems;
    if (!summarize || size <= 2 * edge) return null;
    const vector = d === this.shape.length - 1;
    return { head: range(0, edge), tail: range(vector && edge === 0 ? 0 : size - edge, size) };
  }

  /** get_summarized_data, flattened: the values the formatter measures. */
  summarized(offset: number, d: number, out: Scalar[]): Scalar[] {
    const rank = this.shape.length - d;
    if (rank === 0) {
      out.push(this.at(offset));
      return out;
    }
    const stride = this.strides[d];
    const cut = this.edges(d, true);
    const idx = cut ? [...cut.head, ...cut.tail] : range(0, this.shape[d]);
    for (const i of idx) this.summarized(offset + i * stride, d + 1, out);
    return out;
  }
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}

/** _vector_str: a 1-d row, wrapped by whole elements to fit linewidth. */
function vectorStr(
  lay: Layout,
  offset: number,
  d: number,
  indent: number,
  summarize: boolean,
  fmt: Formatter,
): string {
  const elementLength = fmt.width + 2; // element plus ', '
  const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementLength));
  const stride = lay.strides[d];
  const show = (i: number): string => fmt.format(lay.at(offset + i * stride));

  const cut = lay.edges(d, summarize);
  const data = cut
    ? [...cut.head.map(show), ' ...', ...cut.tail.map(show)]
    : range(0, lay.shape[d]).map(show);

  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return '[' + lines.join(',\n' + ' '.repeat(indent + 1)) + ']';
}

/** _tensor_str_with_formatter: recursion over dims; blank lines between blocks. */
function tensorStrWithFormatter(
  lay: Layout,
  offset: number,
  d: number,
  indent: number,
  summarize: boolean,
  fmt: Formatter,
): string {
  const rank = lay.shape.length - d;
  if (rank === 0) return fmt.format(lay.at(offset));
  if (rank === 1) return vectorStr(lay, offset, d, indent, summarize, fmt);

  const stride = lay.strides[d];
  const sub = (i: number): string =>
    tensorStrWithFormatter(lay, offset + i * stride, d + 1, indent + 1, summarize, fmt);
  const cut = lay.edges(d, summarize);
  const slices = cut
    ? [...cut.head.map(sub), '...', ...cut.tail.map(sub)]
    : range(0, lay.shape[d]).map(sub);
  return '[' + slices.join(',' + '\n'.repeat(rank - 1) + ' '.repeat(indent + 1)) + ']';
}

/** _tensor_str for a non-empty tensor. */
function tensorStr(lay: Layout, numel: number, floating: boolean, indent: number): string {
  const summarize = numel > PRINT_OPTS.threshold;
  const all = (): Scalar[] => range(0, numel).map(lay.at);
  const fmt = makeFormatter(summarize ? lay.summarized(0, 0, []) : all(), floating);
  return tensorStrWithFormatter(lay, 0, 0, indent, summarize, fmt);
}

/**
 * _tensor_str for a complex tensor: one formatter for the real parts, one for the imaginary
 * parts, joined as '1.+2.j' ('3.-1.j' when the imaginary part carries its sign). The layout
 * walks element indices; the joint formatter looks both parts up.
 */
function complexTensorStr(data: ArrayLike<Scalar>, partDtype: string, shape: number[], numel: number, indent: number): string {
  const part = reader(data, partDtype);
  const re = (i: number) => part(2 * i);
  const im = (i: number) => part(2 * i + 1);
  const lay = new Layout((i) => i, shape);
  const summarize = numel > PRINT_OPTS.threshold;
  const shown = (summarize ? lay.summarized(0, 0, []) : range(0, numel)) as number[];
  const real = makeFormatter(shown.map(re), true);
  const imag = makeFormatter(shown.map(im), true);
  const joint: Formatter = {
    // _vector_str's element length: both widths plus the 'j'.
    width: real.width + imag.width + 1,
    format: (i) => {
      const imagStr = (imag.format(im(i as number)) + 'j').trimStart();
      return real.format(re(i as number)) + (imagStr[0] === '+' || imagStr[0] === '-' ? '' : '+') + imagStr;
    },
  };
  return tensorStrWithFormatter(lay, 0, 0, indent, summarize, joint);
}

/** _add_suffixes: ', suffix' or, past linewidth, ',\n' + indent + suffix. */
function addSuffixes(tensorStr: string, suffixes: string[], indent: number): string {
  const parts = [tensorStr];
  // PyTorch's arithmetic, off-by-two included (rfind gives -1 with no newline).
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > PRINT_OPTS.linewidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** The repr PyTorch 1.13 prints for this tensor (Tensor.__repr__ / _str_intern). */
export function formatTensor(t: FormatInput): string {
  const { dtype } = t;
  const floating = FLOAT_DTYPES.has(dtype);
  const complexPart = COMPLEX_PARTS[dtype];
  if (!floating && !complexPart && !INT_DTYPES.has(dtype) && dtype !== 'bool') {
    throw new Error(`formatTensor: unsupported dtype '${dtype}'`);
  }
  const numel = t.shape.reduce((a, b) => a * b, 1);
  if ((complexPart ? 2 : 1) * numel !== t.data.length) {
    throw new Error(`formatTensor: shape [${t.shape}] needs ${numel} values, got ${t.data.length}`);
  }

  const prefix = 'tensor(';
  const indent = prefix.length;
  const defaultDtype = t.defaultDtype ?? 'float32';
  const suffixes: string[] = [];

  // Printed for any device but the default (cpu) one.
  if (t.device !== 'cpu') suffixes.push(`device='${t.device}'`);

  let body: string;
  if (numel === 0) {
    // Shape shown unless it is (0,); dtype shown unless it is the float default
    // (an empty int64/bool tensor shows its dtype: no values to tell it by).
    if (t.shape.length !== 1) suffixes.push('size=' + tupleRepr(t.shape));
    if (dtype !== defaultDtype) suffixes.push(`dtype=torch.${dtype}`);
    body = '[]';
  } else {
    const defaultComplex = defaultDtype === 'float64' ? 'complex128' : 'complex64';
    const hasDefaultDtype = dtype === defaultDtype || dtype === defaultComplex || dtype === 'int64' || dtype === 'bool';
    if (!hasDefaultDtype) suffixes.push(`dtype=torch.${dtype}`);
    body = complexPart
      ? complexTensorStr(t.data, complexPart, t.shape, numel, indent)
      : tensorStr(new Layout(reader(t.data, dtype), t.shape), numel, floating, indent);
  }

  // C++ nodes print without their namespace, as Python prints a CppFunction (`<Error>`).
  if (t.gradFn !== null) suffixes.push(`grad_fn=<${t.gradFn.split('::').pop()}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  if (t.tangent != null) suffixes.push(`tangent=${t.tangent}`);

  const repr = addSuffixes(prefix + body, suffixes, indent);
  return t.isParameter ? 'Parameter containing:\n' + repr : repr;
}
