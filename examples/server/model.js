'use strict';
// The classifier a request describes: Flatten, then Linear layers of the given widths with an
// activation (and optional Dropout) between them, then Linear(..., 10). Used by the training job
// and by /predict, which rebuilds it and loads the job's weights.
const IMAGE = 28 * 28;
const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const ACTIVATIONS = { relu: 'ReLU', tanh: 'Tanh', gelu: 'GELU', elu: 'ELU', leaky_relu: 'LeakyReLU' };

function buildModel(torch, { hidden, activation, dropout }) {
  const nn = torch.nn;
  const layers = [nn.Flatten()];
  let width = IMAGE;
  for (const h of hidden) {
    layers.push(nn.Linear(width, h), nn[ACTIVATIONS[activation]]());
    if (dropout > 0) layers.push(nn.Dropout(dropout));
    width = h;
  }
  layers.push(nn.Linear(width, CLASSES.length));
  return nn.Sequential(...layers);
}

function buildOptimizer(torch, params, { name, lr, momentum, weight_decay }) {
  if (name === 'sgd') return torch.optim.SGD(params, { lr, momentum, weight_decay });
  if (name === 'adamw') return torch.optim.AdamW(params, { lr, weight_decay });
  return torch.optim.Adam(params, { lr, weight_decay });
}

module.exports = { IMAGE, CLASSES, ACTIVATIONS, buildModel, buildOptimizer };
