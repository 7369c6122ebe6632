#!/usr/bin/env bash
# Instructions per `x.add(x)` on a 10-element tensor (valgrind --tool=callgrind), which unlike
# wall time is repeatable on a shared machine. Each program runs twice (N1 and N2 iterations);
# the difference over N2-N1 removes start-up. Needs valgrind and bench/out/op_floor (node bench/ops.js builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
N1=20000 N2=120000
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | awk '/Collected/ {print $4}'; }
per_op() { local a b; a=$(count "$@" $N1); b=$(count "$@" $N2); echo $(( (b - a) / (N2 - N1) )); }
cat > bench/out/add10.js <<'JS'
const torch = require('../../dist'); torch.set_num_threads(1);
const x = torch.ones(10); let y; for (let i = 0, n = +process.argv[2]; i < n; i++) y = x.add(x);
JS
cat > bench/out/add10.py <<'PY'
import sys, torch
torch.set_num_threads(1)
x = torch.ones(10)
for i in range(int(sys.argv[1])): y = x.add(x)
PY
ts=$(per_op node bench/out/add10.js)
py=$(per_op /usr/bin/python3 bench/out/add10.py)
# op_floor runs n/10 warm-up iterations too.
cpp=$(( $(per_op bench/out/op_floor add10) * 10 / 11 ))
echo "| add10 instructions/op | torchts $ts | Python $py | C++ $cpp | torchts/Python $(echo "scale=2; $ts/$py" | bc) | torchts/C++ $(echo "scale=2; $ts/$cpp" | bc) |"
