// What every rank program in test/distributed/ starts from: torchts (from dist/) and this rank's
// place, from the variables spawn.ts sets (RANK, WORLD_SIZE, TIMEOUT_S; INIT_METHOD is read where
// the group is joined).
'use strict';
const path = require('path');
const torch = require(path.join(__dirname, '..', '..', 'dist'));

module.exports = {
  torch,
  dist: torch.distributed,
  nn: torch.nn,
  rank: Number(process.env.RANK),
  world: Number(process.env.WORLD_SIZE),
  timeout: Number(process.env.TIMEOUT_S || '20'),
};
