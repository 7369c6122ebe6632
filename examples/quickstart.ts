// Fits y = 3x - 2 + noise with autograd and a hand-written SGD step: the tensor API end to end.
// Run: npm run example:quickstart
import * as torch from '../lib';

torch.manual_seed(0);
const X = torch.rand(256, 1).mul(4).sub(2);
const y = X.mul(3).sub(2).add(torch.randn(256, 1).mul(0.1));

const w = torch.zeros(1, 1, { requires_grad: true });
const b = torch.zeros(1, { requires_grad: true });
const lr = 0.1;

for (let epoch = 1; epoch <= 100; epoch++) {
  const pred = X.matmul(w).add(b);
  const loss = pred.sub(y).pow(2).mean();
  loss.backward();
  torch.no_grad(() => {
    w.sub_(w.grad.mul(lr));
    b.sub_(b.grad.mul(lr));
  });
  w.grad = null;
  b.grad = null;
  if (epoch % 20 === 0) console.log(`epoch ${epoch}  loss ${loss.item().toFixed(5)}`);
}
console.log('w =', String(w));
console.log('b =', String(b));
console.log('live tensors:', torch.memory().tensors);
