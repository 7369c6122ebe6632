// A script torchts-run starts in test/launcher.test.ts; argv[2] picks what each rank does.
'use strict';
const path = require('path');

const rank = Number(process.env.RANK);
const scenario = process.argv[2];
const hold = () => setTimeout(() => {}, 60000);

if (scenario === 'env') {
  const keys = ['RANK', 'LOCAL_RANK', 'WORLD_SIZE', 'LOCAL_WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT', 'GROUP_RANK'];
  process.stdout.write(`RESULT ${JSON.stringify({ env: Object.fromEntries(keys.map((k) => [k, process.env[k]])), args: process.argv.slice(3) })}\n`);
} else if (scenario === 'fail') {
  // Rank 1 fails; rank 0 would run for a minute unless stopped.
  if (rank === 1) setTimeout(() => process.exit(3), 200);
  else hold();
} else if (scenario === 'signal') {
  process.on('SIGTERM', () => {
    process.stdout.write(`GOT SIGTERM ${rank}\n`);
    process.exit(0);
  });
  process.stdout.write(`READY ${rank}\n`);
  hold();
} else if (scenario === 'all_reduce') {
  // env:// rendezvous from the launcher's variables.
  const torch = require(path.join(__dirname, '..', '..', 'dist'));
  torch.distributed.init_process_group('gloo', { timeout: 20 });
  const t = torch.tensor([rank + 1], { dtype: torch.float32 });
  torch.distributed.all_reduce(t);
  process.stdout.write(`RESULT ${JSON.stringify({ rank, sum: t.item(), world: torch.distributed.get_world_size() })}\n`);
  torch.distributed.destroy_process_group();
}
