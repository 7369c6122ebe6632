'use strict';
// GPU training throughput, torchts side (bench/gpu/train.py is the same work in Python PyTorch);
// scripts/gpu-check runs both, interleaved, on one GPU.
//
//   node bench/gpu/train.js <case> <steps> <warmup> <device>     prints "<case> <steps per second>"
//
// Cases (data: random images pre-loaded on the device, batches are narrow() views in order):
//   model_a   the notebook's model A (Flatten, 784-100-100-100-8 ReLU), batch 32, SGD(lr=0.01)
//   conv      a conv net (two 3x3 conv + ReLU + max-pool blocks, 32 and 64 channels, then
//             3136-128-8), batch 128, SGD(lr=0.01, momentum=0.9)
//   conv_amp  the conv net under torch.autocast('cuda', float16) with a GradScaler
// Each step: forward, CrossEntropyLoss, backward, loss.item(), step, zero_grad (the notebook's loop).
const path = require('path');
const torch = require(path.join(__dirname, '..', '..', 'dist'));
const nn = torch.nn;

const [which, stepsArg, warmupArg, device = 'cuda'] = process.argv.slice(2);
const steps = Number(stepsArg), warmup = Number(warmupArg);

const models = {
  model_a: () => nn.Sequential(nn.Flatten(), nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 8)),
  conv: () => nn.Sequential(
    nn.Conv2d(1, 32, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, { padding: 1 }), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 8)),
};
models.conv_amp = models.conv;
if (!(which in models)) throw new Error(`unknown case ${which} (${Object.keys(models).join(', ')})`);

torch.manual_seed(0);
const batch = which === 'model_a' ? 32 : 128;
const nBatches = 64;
const X = torch.randn(nBatches * batch, 1, 28, 28, { device });
const Y = torch.randint(0, 8, [nBatches * batch], { device });
const model = models[which]().to(device);
model.train();
const optimizer = which === 'model_a' ? torch.optim.SGD(model.parameters(), { lr: 0.01 }) : torch.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const criterion = nn.CrossEntropyLoss();
const amp = which === 'conv_amp';
// float16 on CUDA; a CPU dry run uses bfloat16, the CPU autocast dtype of every release.
const ampDtype = device.startsWith('cuda') ? torch.float16 : torch.bfloat16;
const scaler = torch.amp.GradScaler(device, { enabled: amp });
let total = 0;

function run(k) {
  for (let i = 0; i < k; i++) {
    const s = (i % nBatches) * batch;
    const x = X.narrow(0, s, batch), y = Y.narrow(0, s, batch);
    const loss = torch.autocast(device, { dtype: ampDtype, enabled: amp }, () => criterion(model(x), y));
    scaler.scale(loss).backward();
    total += loss.item();
    scaler.step(optimizer);
    scaler.update();
    optimizer.zero_grad();
  }
  if (device.startsWith('cuda')) torch.cuda.synchronize();
}

run(warmup);
const t0 = process.hrtime.bigint();
run(steps);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (!Number.isFinite(total)) throw new Error('loss is not finite');
console.log(`${which} ${(steps / seconds).toFixed(2)}`);
