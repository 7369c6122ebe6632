'use strict';
// The training job the service runs in a worker thread: Fashion-MNIST (the first train_size
// images, shuffled each epoch by a generator seeded with seed + epoch, so a resumed run sees the
// same batches), the requested model and optimizer, CrossEntropyLoss; returns the test accuracy.
const torch = require('torchts');
const torchvision = require('torchts/vision');
const { buildModel, buildOptimizer } = require('./model');

/** The first n images as one float tensor in [0, 1] and their labels. */
function loadSplit(root, train, n) {
  const ds = torchvision.datasets.FashionMNIST(root, { train, download: true });
  return { X: ds.data.narrow(0, 0, n).to(torch.float32).div(255), Y: ds.targets.narrow(0, 0, n) };
}

module.exports = function train(ctx, args) {
  torch.manual_seed(args.seed);
  const { X, Y } = loadSplit(args.data_root, true, args.train_size);
  const dataset = torch.utils.data.TensorDataset(X, Y);
  const model = buildModel(torch, args.model);
  const optimizer = buildOptimizer(torch, model.parameters(), args.optimizer);
  const criterion = torch.nn.CrossEntropyLoss();
  const start = ctx.track({ model, optimizer });
  const perEpoch = Math.ceil(args.train_size / args.batch_size);
  const lastStep = Math.min(args.max_steps ?? Infinity, perEpoch * args.epochs);
  model.train();
  for (let epoch = start.epoch; ctx.step_count < lastStep; epoch++) {
    const generator = new torch.Generator().manual_seed(args.seed + epoch);
    const order = torch.tensor(Array.from(torch.utils.data.RandomSampler(dataset, { generator })));
    for (let b = ctx.step_count - epoch * perEpoch; b < perEpoch && ctx.step_count < lastStep; b++) {
      const idx = order.narrow(0, b * args.batch_size, Math.min(args.batch_size, args.train_size - b * args.batch_size));
      const loss = criterion(model(X.index_select(0, idx)), Y.index_select(0, idx));
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
      ctx.step(loss.item(), { epoch });
    }
  }
  model.eval();
  const test = loadSplit(args.data_root, false, args.test_size);
  const correct = torch.no_grad(() => model(test.X).argmax(1).eq(test.Y).sum().item());
  return { steps: ctx.step_count, test_accuracy: correct / args.test_size };
};
