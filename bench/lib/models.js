'use strict';
// The seed notebook's models, data and train() loop in torchts and in tfjs, shared by the
// training cases (3, 4) and the memory case (7). Python: bench/python/train.py; C++: bench/cpp/train.cc.
const path = require('path');
const { FMNIST_DIR, FMNIST_FILES, LABEL_MAP, readIdx, fmnistRoot } = require('./common');

// ---------------------------------------------------------------- torchts
function torchts() {
  const torch = require('../..');
  torch.set_num_threads(1);
  return torch;
}

/** model_A of the notebook (In [22]). */
function modelA(torch) {
  const nn = torch.nn;
  return nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 100), nn.ReLU(),
    nn.Linear(100, 100), nn.ReLU(),
    nn.Linear(100, 100), nn.ReLU(),
    nn.Linear(100, 8),
  );
}

/** The notebook's BatchNorm model. */
function modelBN(torch) {
  const nn = torch.nn;
  return nn.Sequential(
    nn.Flatten(),
    nn.BatchNorm1d(1 * 28 * 28),
    nn.Linear(1 * 28 * 28, 300), nn.ReLU(),
    nn.BatchNorm1d(300),
    nn.Linear(300, 100), nn.ReLU(),
    nn.BatchNorm1d(100),
    nn.Linear(100, 10),
  );
}

/**
 * The notebook's data cell (In [21]) in torchts: FashionMNIST (read straight from Debian's IDX
 * files) with ToImage + ToDtype, targets relabelled, the task-A Subset, DataLoader(32, shuffle).
 */
function taskAData(torch) {
  const torchvision = require('../../dist/vision');
  const T = torchvision.transforms.v2;
  const { DataLoader, Subset } = torch.utils.data;
  const toTensor = T.Compose([T.ToImage(), T.ToDtype(torch.float32, { scale: true })]);
  const train_data = torchvision.datasets.FashionMNIST(fmnistRoot(), { train: true, transform: toTensor });
  train_data.targets = torch.tensor(train_data.targets.tolist().map((label) => LABEL_MAP[label] ?? -1));
  const train_idxs = train_data.targets.tolist().flatMap((label, i) => (label !== -1 ? [i] : []));
  const train_loader = DataLoader(Subset(train_data, train_idxs), { batch_size: 32, shuffle: true });
  return { train_data, train_idxs, train_loader };
}

/** Task A pre-loaded as one [48000, 1, 28, 28] float tensor in [0, 1] and its labels (batches are narrow() views). */
function preloadTaskA(torch, { train_data, train_idxs }) {
  const idx = torch.tensor(train_idxs);
  return { X: train_data.data.index_select(0, idx).unsqueeze(1).to(torch.float32).mul(1 / 255), Y: train_data.targets.index_select(0, idx) };
}

/**
 * The notebook's train() body over at most k batches of `batches` (an iterable of [X, y]).
 * Written the plain PyTorch way: no dispose, no tidy. Returns the number of steps run.
 */
function trainSteps(model, optimizer, criterion, batches, k, onStep) {
  let done = 0;
  let total_loss = 0;
  for (const [inputs, y_batch] of batches) {
    if (done === k) break;
    const y_pred = model(inputs);
    const loss = criterion(y_pred, y_batch);
    loss.backward();
    total_loss += loss.item();
    optimizer.step();
    optimizer.zero_grad();
    done++;
    if (onStep) onStep(done);
  }
  trainSteps.lossSum = (trainSteps.lossSum || 0) + total_loss;
  return done;
}

/** k batches of bs rows of pre-loaded X, Y (narrow views, in order, wrapping around). */
function* preloaded(X, Y, bs, k) {
  const n = Math.floor(X.shape[0] / bs);
  for (let i = 0; i < k; i++) {
    const s = (i % n) * bs;
    yield [X.narrow(0, s, bs), Y.narrow(0, s, bs)];
  }
}

// ---------------------------------------------------------------- tfjs
/** Fashion-MNIST training set from the IDX files: {images: Uint8Array (N*784), labels: Uint8Array, n}. */
function readFashionMNIST() {
  const images = readIdx(path.join(FMNIST_DIR, FMNIST_FILES.trainImages));
  const labels = readIdx(path.join(FMNIST_DIR, FMNIST_FILES.trainLabels));
  return { images: images.data, labels: labels.data, n: images.dims[0] };
}

/**
 * Pre-loaded batches for tfjs: `count` batches of bs images ([bs, 1, 28, 28] float32 in 0..1)
 * with one-hot targets, from the samples `indices` in order. Each batch is its own tensor
 * because slicing a big tensor in tfjs-backend-wasm copies the whole tensor (~120 ms per slice).
 */
function tfBatches(tf, data, indices, labelOf, classes, bs, count) {
  const perEpoch = Math.floor(indices.length / bs);
  const xs = [], ys = [];
  for (let b = 0; b < Math.min(count, perEpoch); b++) {
    const x = new Float32Array(bs * 784);
    const y = new Int32Array(bs);
    for (let r = 0; r < bs; r++) {
      const i = indices[b * bs + r];
      for (let p = 0; p < 784; p++) x[r * 784 + p] = data.images[i * 784 + p] / 255;
      y[r] = labelOf(data.labels[i]);
    }
    xs.push(tf.tensor4d(x, [bs, 1, 28, 28]));
    ys.push(tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), classes)));
  }
  return { xs, ys };
}

function tfModelA(tf) {
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [1, 28, 28] }),
      tf.layers.dense({ units: 100, activation: 'relu' }),
      tf.layers.dense({ units: 100, activation: 'relu' }),
      tf.layers.dense({ units: 100, activation: 'relu' }),
      tf.layers.dense({ units: 8 }),
    ],
  });
}

function tfModelBN(tf) {
  return tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [1, 28, 28] }),
      tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
      tf.layers.dense({ units: 300, activation: 'relu' }),
      tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
      tf.layers.dense({ units: 100, activation: 'relu' }),
      tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
      tf.layers.dense({ units: 10 }),
    ],
  });
}

/**
 * One tfjs training step the idiomatic low-level way: optimizer.minimize over a softmax
 * cross-entropy loss, in a tidy scope, reading the loss back like loss.item(). `decay` > 0 adds
 * AdamW's decoupled weight decay (tfjs has no AdamW): w -= lr * wd * w before the Adam update.
 */
function tfStep(tf, model, optimizer, x, y, decay = 0) {
  const loss = tf.tidy(() => {
    if (decay > 0) for (const w of model.trainableWeights) w.val.assign(w.val.mul(1 - decay));
    return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })), true);
  });
  const v = loss.dataSync()[0];
  loss.dispose();
  return v;
}

module.exports = { torchts, modelA, modelBN, taskAData, preloadTaskA, trainSteps, preloaded, readFashionMNIST, tfBatches, tfModelA, tfModelBN, tfStep };
