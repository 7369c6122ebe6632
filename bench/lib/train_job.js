'use strict';
// The training loop of the server case, as a torchts/jobs module: the notebook's model A on task
// A pre-loaded as one float tensor (batches of 32 are narrow() views, as in case 3's second row),
// SGD(lr=0.01), CrossEntropyLoss; `warmup` steps, then `steps` timed steps. The same function runs
// on the main thread with a do-nothing ctx, for the comparison.
const torch = require('../..');
const M = require('./models');

module.exports = function trainModelA(ctx, { steps, warmup }) {
  torch.manual_seed(0);
  const { X, Y } = M.preloadTaskA(torch, M.taskAData(torch));
  const model = M.modelA(torch);
  model.train();
  const optimizer = torch.optim.SGD(model.parameters(), { lr: 0.01 });
  const criterion = torch.nn.CrossEntropyLoss();
  ctx.track({ model, optimizer });
  let t0 = 0;
  let done = 0;
  for (const [inputs, y_batch] of M.preloaded(X, Y, 32, warmup + steps)) {
    if (done === warmup) t0 = performance.now();
    const loss = criterion(model(inputs), y_batch);
    loss.backward();
    const l = loss.item();
    optimizer.step();
    optimizer.zero_grad();
    done++;
    ctx.step(l);
  }
  return { steps_per_s: steps / ((performance.now() - t0) / 1000) };
};

/** Stands in for a job's ctx when the loop runs on the main thread. */
module.exports.mainThreadContext = { track: () => ({ step: 0, epoch: 0 }), step: () => {} };
