#!/usr/bin/env node
'use strict';
// Cost of running backward on a helper thread (the path taken when JS callbacks are alive and the
// engine has device threads) against the inline engine call, on a small graph with a custom
// Function and a tensor hook (two callbacks marshalled per step), and on a graph without JS nodes
// (the helper thread alone). Interleaved rounds in one process. Usage:
// node bench/marshal_overhead.js [rounds] [steps]
const torch = require('../dist');
const { native } = require('../dist/native');

const ROUNDS = Number(process.argv[2] || 5);
const STEPS = Number(process.argv[3] || 2000);
torch.set_num_threads(1);

class Exp extends torch.autograd.Function {
  static forward(ctx, x) { const r = x.exp(); ctx.save_for_backward(r); return r; }
  static backward(ctx, g) { return g.mul(ctx.saved_tensors[0]); }
}
const x = torch.randn([16], { requires_grad: true });
x.register_hook((g) => g);
const plain = torch.randn([16], { requires_grad: true });
const CASES = {
  'custom Function + hook': () => Exp.apply(x).mul(2).sum().backward(),
  'no JS node in the graph': () => plain.exp().mul(2).sum().backward(),
};

function stepsPerSecond(step, marshal) {
  native._setAlwaysMarshal(marshal);
  const start = process.hrtime.bigint();
  for (let i = 0; i < STEPS; i++) torch.tidy(step);
  return STEPS / (Number(process.hrtime.bigint() - start) / 1e9);
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
for (const [name, step] of Object.entries(CASES)) {
  stepsPerSecond(step, false); stepsPerSecond(step, true);  // warm-up
  const ratios = [];
  for (let r = 0; r < ROUNDS; r++) {
    const inline = stepsPerSecond(step, false), marshalled = stepsPerSecond(step, true);
    ratios.push(marshalled / inline);
    console.log(`${name}, round ${r}: inline ${inline.toFixed(0)} steps/s, helper thread ${marshalled.toFixed(0)} steps/s`);
  }
  console.log(`${name}: median ratio (helper thread / inline) ${median(ratios).toFixed(2)}`);
}
native._setAlwaysMarshal(false);
