// Tensor methods PyTorch has removed but still defines, so that a call raises an error that says
// what replaces it. Their messages changed between releases; each is the running release's.
import { Tensor } from './tensor';
import { TorchError } from './errors';
import { forRelease } from './release';

declare module './tensor' {
  interface Tensor {
    eig(...args: unknown[]): never;
    lstsq(...args: unknown[]): never;
    solve(...args: unknown[]): never;
    reinforce(...args: unknown[]): never;
  }
}

const REMOVED = 'This function was deprecated since version 1.9 and is now removed.';
const use = (fn: string) => `${REMOVED} Please use the \`torch.linalg.${fn}\` function instead.`;
const reinforce = (docs: string) => `reinforce() was removed.
Use torch.distributions instead.
See https://pytorch.org/docs/${docs}/distributions.html

Instead of:

probs = policy_network(state)
action = probs.multinomial()
next_state, reward = env.step(action)
action.reinforce(reward)
action.backward()

Use:

probs = policy_network(state)
# NOTE: categorical is equivalent to what used to be called multinomial
m = torch.distributions.Categorical(probs)
action = m.sample()
next_state, reward = env.step(action)
loss = -m.log_prob(action) * reward
loss.backward()
`;

/** Each removed method's message: 1.13's, then 2.x's (symeig still runs on 1.13). */
const MESSAGES: Record<string, [string | null, string]> = {
  eig: [use('eig'), `${REMOVED} \`torch.linalg.eig\` returns complex tensors of dtype \`cfloat\` or \`cdouble\` rather than real tensors mimicking complex tensors.

L, _ = torch.eig(A) should be replaced with:
L_complex = torch.linalg.eigvals(A)

and

L, V = torch.eig(A, eigenvectors=True) should be replaced with:
L_complex, V_complex = torch.linalg.eig(A)`],
  lstsq: ["('This function was deprecated since version 1.9 and is now removed.', 'Please use the `torch.linalg.lstsq` function instead.')",
    `${REMOVED} \`torch.lstsq\` is deprecated in favor of \`torch.linalg.lstsq\`.
\`torch.linalg.lstsq\` has reversed arguments and does not return the QR decomposition in the returned tuple (although it returns other information about the problem).

To get the QR decomposition consider using \`torch.linalg.qr\`.

The returned solution in \`torch.lstsq\` stored the residuals of the solution in the last m - n columns of the returned value whenever m > n. In torch.linalg.lstsq, the residuals are in the field 'residuals' of the returned named tuple.

The unpacking of the solution, as in
X, _ = torch.lstsq(B, A).solution[:A.size(1)]
should be replaced with:
X = torch.linalg.lstsq(A, B).solution`],
  solve: [use('solve'), `${REMOVED} \`torch.solve\` is deprecated in favor of \`torch.linalg.solve\`. \`torch.linalg.solve\` has its arguments reversed and does not return the LU factorization.

To get the LU factorization see \`torch.lu\`, which can be used with \`torch.lu_solve\` or \`torch.lu_unpack\`.
X = torch.solve(B, A).solution should be replaced with:
X = torch.linalg.solve(A, B)`],
  symeig: [null, `${REMOVED} The default behavior has changed from using the upper triangular portion of the matrix by default to using the lower triangular portion.

L, _ = torch.symeig(A, upper=upper) should be replaced with:
L = torch.linalg.eigvalsh(A, UPLO='U' if upper else 'L')

and

L, V = torch.symeig(A, eigenvectors=True) should be replaced with:
L, V = torch.linalg.eigh(A, UPLO='U' if upper else 'L')`],
  reinforce: [reinforce('master'), reinforce('main')],
};

for (const [name, [old, current]] of Object.entries(MESSAGES)) {
  const message = forRelease([['1.13', old], ['2.0', current]]);
  if (message === null) continue;
  Object.defineProperty(Tensor.prototype, name, {
    value: function () { throw new TorchError(message); }, writable: true, configurable: true, enumerable: false,
  });
}
