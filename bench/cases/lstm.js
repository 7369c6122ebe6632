'use strict';
// Case 12: an LSTM classifier's training step (Fashion-MNIST rows as a sequence).
const { sequenceCase } = require('../lib/sequence');

module.exports = sequenceCase('lstm', 12, 'Training, LSTM',
  'LSTM(28, 128, batch_first=True) over the 28 rows of each image, Linear(128, 10) on the last step, Adam(lr=1e-3), CrossEntropyLoss, pre-loaded Fashion-MNIST, batch 32');
