'use strict';
// Case 13: a Transformer encoder's training step (Fashion-MNIST rows as a sequence).
const { sequenceCase } = require('../lib/sequence');

module.exports = sequenceCase('transformer', 13, 'Training, Transformer encoder',
  'Linear(28, 128), TransformerEncoder(TransformerEncoderLayer(128, nhead=4, dim_feedforward=256, batch_first=True), 2 layers), mean over the 28 rows, Linear(128, 10), Adam(lr=1e-3), CrossEntropyLoss, pre-loaded Fashion-MNIST, batch 32');
