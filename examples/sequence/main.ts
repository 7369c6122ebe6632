// Fashion-MNIST read as sequences: each 28x28 image is 28 time steps of 28 pixels, classified by an
// LSTM (last hidden state -> Linear) and by a small Transformer encoder (mean over steps -> Linear).
//
//   npm run example:sequence                         both models, 3 epochs each
//   npm run example:sequence -- --model lstm --epochs 5
//
// Options: --model lstm|transformer|both, --epochs N (default 3), --batch-size N (default 32),
// --train-limit N / --test-limit N (data slices), --device cpu|cuda, --root DIR (datasets), --plain.
import * as torch from '../../lib';
import * as torchvision from '../../lib/vision';
import { ProgressBar } from '../notebook/progress';

const nn = torch.nn;
const F = torch.nn.functional;

/** LSTM over the 28 rows; the last step's hidden state classifies. */
class RowLSTM extends nn.Module {
  lstm = nn.LSTM(28, 128, { batch_first: true });
  fc = nn.Linear(128, 10);
  forward(x: torch.Tensor): torch.Tensor {
    const [out] = this.lstm(x);
    return this.fc(out.select(1, -1));
  }
}

/** Rows embedded to d_model, plus a learned position embedding, through a Transformer encoder; mean over steps classifies. */
class RowTransformer extends nn.Module {
  embed = nn.Linear(28, 64);
  pos = nn.Parameter(torch.zeros(1, 28, 64));
  encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(64, 4, 128, 0.1, { batch_first: true }), 2);
  fc = nn.Linear(64, 10);
  forward(x: torch.Tensor): torch.Tensor {
    return this.fc(this.encoder(this.embed(x).add(this.pos)).mean(1));
  }
}

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument '${argv[i]}' (see the header of examples/sequence/main.ts)`);
    if (m[2] !== undefined) out[m[1]] = m[2];
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[m[1]] = argv[++i];
    else out[m[1]] = true;
  }
  return out;
}

/** The whole split as one float tensor (N, 28, 28) in [0, 1] and its labels; batches are index_select'ed from it. */
function split(root: string, train: boolean, limit: number | undefined, device: string) {
  const ds = torchvision.datasets.FashionMNIST(root, { train, download: true });
  const n = Math.min(limit ?? ds.data.size(0), ds.data.size(0));
  return { x: ds.data.narrow(0, 0, n).to(device, torch.float32).div(255), y: ds.targets.narrow(0, 0, n).to(device) };
}

function train(name: string, model: torch.nn.Module, data: ReturnType<typeof split>, epochs: number, batch_size: number, plain: boolean): void {
  const optimizer = torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  const n = data.x.size(0), batches = Math.ceil(n / batch_size);
  const bar = new ProgressBar(name, epochs, batches, { plain });
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    bar.startEpoch();
    const order = torch.randperm(n, { device: data.x.device });
    let total = 0;
    for (let b = 0; b < batches; b++) {
      const idx = order.narrow(0, b * batch_size, Math.min(batch_size, n - b * batch_size));
      optimizer.zero_grad();
      const loss = F.cross_entropy(model(data.x.index_select(0, idx)), data.y.index_select(0, idx));
      loss.backward();
      optimizer.step();
      total += loss.item() as number;
      bar.update(epoch, b + 1, total / (b + 1));
    }
    bar.endEpoch(epoch, total / batches);
  }
}

function accuracy(model: torch.nn.Module, data: ReturnType<typeof split>, batch_size = 500): number {
  model.eval();
  let correct = 0;
  torch.no_grad(() => {
    for (let i = 0; i < data.x.size(0); i += batch_size) {
      const len = Math.min(batch_size, data.x.size(0) - i);
      correct += model(data.x.narrow(0, i, len)).argmax(1).eq(data.y.narrow(0, i, len)).sum().item() as number;
    }
  });
  return correct / data.x.size(0);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const which = String(args.model ?? 'both');
  if (!['lstm', 'transformer', 'both'].includes(which)) throw new Error(`--model must be lstm, transformer or both, not '${which}'`);
  const epochs = Number(args.epochs ?? 3), batch_size = Number(args['batch-size'] ?? 32);
  const device = String(args.device ?? 'cpu'), root = String(args.root ?? 'datasets'), plain = args.plain === true;
  const limit = (k: string) => (args[k] === undefined ? undefined : Number(args[k]));
  torch.manual_seed(42);
  const trainData = split(root, true, limit('train-limit'), device);
  const testData = split(root, false, limit('test-limit'), device);
  const models: [string, () => torch.nn.Module][] = [['LSTM', () => new RowLSTM()], ['Transformer', () => new RowTransformer()]];
  for (const [name, make] of models) {
    if (which !== 'both' && which !== name.toLowerCase()) continue;
    const model = make().to(device);
    const params = [...model.parameters()].reduce((s, p) => s + p.numel(), 0);
    console.log(`${name}: ${params} parameters`);
    train(name, model, trainData, epochs, batch_size, plain);
    console.log(`${name} test accuracy: ${(100 * accuracy(model, testData)).toFixed(2)}%`);
  }
}

main();
