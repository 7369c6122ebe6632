'use strict';
// bench/results.md and bench/results.svg from the medians of the rounds (hand-written SVG).
const { median } = require('./common');

const NAMES = { torchts: 'torchts', python: 'Python PyTorch', cpp: 'C++ LibTorch', 'tfjs-wasm': 'tfjs wasm', 'tfjs-cpu': 'tfjs CPU' };
const SHORT = { torchts: 'torchts', python: 'Python', cpp: 'C++ floor', 'tfjs-wasm': 'tfjs wasm', 'tfjs-cpu': 'tfjs CPU' };
const COLORS = { torchts: '#d9480f', python: '#1c7ed6', cpp: '#495057', 'tfjs-wasm': '#2b8a3e', 'tfjs-cpu': '#8ce99a' };
const COLS = ['torchts', 'python', 'cpp', 'tfjs-wasm', 'tfjs-cpu'];

function fmt(v) {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}
const fmtX = (r) => (Number.isFinite(r) ? `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×` : '–');
const mb = (b) => (b / 2 ** 20).toFixed(0);
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** Median of each (case, row, impl). */
function medians(cases, results) {
  const m = {};
  for (const c of cases) {
    for (const [row, byImpl] of Object.entries(results[c.key] || {})) {
      for (const [impl, xs] of Object.entries(byImpl)) ((m[c.key] ??= {})[row] ??= {})[impl] = median(xs);
    }
  }
  return m;
}

/** torchts' speed relative to impl (>1: torchts faster), from times or rates. */
function speedup(c, vals, impl) {
  const t = vals.torchts, o = vals[impl];
  if (!Number.isFinite(t) || !Number.isFinite(o) || t <= 0 || o <= 0) return NaN;
  return c.better === 'lower' ? o / t : t / o;
}

/** Memory series of one implementation: {steps: [...], rss: [...], tensors: [...]}. */
function series(results, key, impl) {
  const rows = results[key] || {};
  const steps = Object.keys(rows).filter((k) => k.startsWith('rss@') && rows[k][impl]).map((k) => Number(k.slice(4))).sort((a, b) => a - b);
  return {
    steps,
    rss: steps.map((s) => rows[`rss@${s}`][impl][0]),
    tensors: steps.map((s) => (rows[`tensors@${s}`] && rows[`tensors@${s}`][impl] ? rows[`tensors@${s}`][impl][0] : NaN)),
    heap: steps.map((s) => (rows[`heap@${s}`] && rows[`heap@${s}`][impl] ? rows[`heap@${s}`][impl][0] : NaN)),
  };
}

function memorySummary(c, results, impl) {
  const s = series(results, c.key, impl);
  if (s.steps.length === 0) return null;
  const last = s.steps[s.steps.length - 1];
  const from = s.steps.includes(c.fromStep) ? c.fromStep : s.steps[Math.min(2, s.steps.length - 1)];
  const at = (step) => s.rss[s.steps.indexOf(step)];
  const tAt = (step) => s.tensors[s.steps.indexOf(step)];
  return { from, last, rss0: at(0), rssFrom: at(from), rssLast: at(last), rssMax: Math.max(...s.rss), growth: at(last) / at(from) - 1, tFrom: tAt(from), tLast: tAt(last), tMax: Math.max(...s.tensors.filter(Number.isFinite)) };
}

/** Every target with its measured ratio: [{caseId, label, target, measured, met}]. */
function evaluateTargets(cases, results, m, quick) {
  const out = [];
  for (const c of cases) {
    for (const t of c.targets || []) {
      if (t.row !== undefined) { // a bound on one row's own figure
        const row = c.rows.find((r) => r.key === t.row);
        const v = ((m[c.key] || {})[t.row] || {}).torchts;
        const bound = t.max !== undefined ? t.max : t.min;
        out.push({
          c, label: t.why ? `${row.label} (${t.why})` : row.label, target: `${t.max !== undefined ? '≤' : '≥'} ${bound}`,
          measured: Number.isFinite(v) ? fmt(v) : '–', met: Number.isFinite(v) ? (t.max !== undefined ? v <= t.max : v >= t.min) : null,
        });
        continue;
      }
      if (t.rssGrowthMax !== undefined) {
        const s = memorySummary({ ...c, fromStep: c.settings(quick).from }, results, 'torchts');
        out.push({
          c, label: 'plain training loop, torchts', target: `RSS growth ≤ ${(t.rssGrowthMax * 100).toFixed(0)}% from step ${s ? s.from.toLocaleString('en-US') : '2,000'} to ${s ? s.last.toLocaleString('en-US') : '20,000'}`,
          measured: s ? pct(s.growth) : '–', met: s ? s.growth <= t.rssGrowthMax : null,
        });
        continue;
      }
      for (const row of c.rows) {
        const vals = (m[c.key] || {})[row.key] || {};
        const tv = vals.torchts, ov = vals[t.vs];
        if (row.notRun && row.notRun[t.vs]) continue; // by design, e.g. tfjs has no DataLoader variant
        // The target's own terms: time ratio (lower is better) or rate ratio (higher is better).
        const ratio = Number.isFinite(tv) && Number.isFinite(ov) ? tv / ov : NaN;
        const bound = t.max !== undefined ? t.max : t.min;
        const what = c.better === 'lower' ? 'time' : c.unit;
        out.push({
          c, label: row.label,
          target: `${what} ${t.max !== undefined ? '≤' : '≥'} ${bound}× ${SHORT[t.vs]}'s`,
          measured: Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : `n/a (no ${SHORT[t.vs]} figure)`,
          met: Number.isFinite(ratio) ? (t.max !== undefined ? ratio <= t.max : ratio >= t.min) : null,
        });
      }
    }
  }
  return out;
}

function markdown(cases, results, env, run) {
  const m = medians(cases, results);
  const L = [];
  const mode = run.quick ? 'quick run (`--quick`: shorter loops, not the reference figures)' : 'full run';
  L.push('# torchts benchmarks', '');
  L.push(`Written by \`npm run bench\` (bench/run.js) on ${env.date}: ${mode}, ${run.rounds} interleaved round${run.rounds > 1 ? 's' : ''}` +
    `${run.cases ? `, cases ${cases.map((c) => c.id).join(', ')} only` : ''}, ${Math.round(run.elapsedS / 60)} min in all.`, '');
  L.push(`- **Machine**: ${env.cores} cores (${env.cpu}), ${env.memGiB} GiB, Linux ${env.kernel}; shared with other work, so absolute times are noisy and the ratios within one run are what counts.`);
  L.push(`- **LibTorch** ${env.libtorch}${env.libtorchPkg ? ` (Debian ${env.libtorchPkg})` : ''}, CPU; **BLAS**: ${env.blas} (\`${env.blasLib}\`).`);
  L.push(`- **torchts** on Node ${env.node}; **Python** ${env.python} with PyTorch ${env.pythonTorch} (Debian's python3-torch: the same LibTorch build); **C++**: g++ -O2 against the same LibTorch (${env.gxx}); **tfjs** ${env.tfjs || 'not installed'}: \`@tensorflow/tfjs\` CPU backend (pure JS) and \`@tensorflow/tfjs-backend-wasm\` (SIMD; Node offers it no threads).`);
  L.push('- **Threads**: one intra-op thread everywhere: `torch.set_num_threads(1)` in torchts, Python and C++ (`at::set_num_threads(1)`), and `OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=1` for every process; the tfjs CPU backend is single-threaded JS and the wasm backend runs single-threaded.');
  L.push('- **Method**: every figure is the median over the rounds; each round runs each implementation of each case in a fresh process, one after another, in an order rotated every round. Ratios compare medians of the same run. "× speed" columns are torchts\' speed over the other\'s (>1: torchts is faster).');
  L.push('');

  const targets = evaluateTargets(cases, results, m, run.quick);
  if (targets.length) {
    const met = targets.filter((t) => t.met === true).length;
    const notMet = targets.filter((t) => t.met === false).length;
    L.push('## Targets', '', `${met} met, ${notMet} not met${targets.length - met - notMet ? `, ${targets.length - met - notMet} not measured` : ''}.`, '');
    L.push('| case | row | target | measured | status |', '|---|---|---|---|---|');
    for (const t of targets) L.push(`| ${t.c.id}. ${t.c.title} | ${t.label} | ${t.target} | ${t.measured} | ${t.met === null ? 'n/a' : t.met ? '**met**' : '**not met**'} |`);
    L.push('');
  }

  L.push('## Results', '');
  for (const c of cases) {
    if (c.series) continue;
    const impls = COLS.filter((i) => c.rows.some((r) => Number.isFinite(((m[c.key] || {})[r.key] || {})[i])));
    const others = impls.filter((i) => i !== 'torchts');
    L.push(`### ${c.id}. ${c.title} (${c.unit}, ${c.better} is better)`, '', `${c.what}.`, '');
    L.push(`| | ${impls.map((i) => NAMES[i]).join(' | ')} | ${others.map((i) => `× speed vs ${SHORT[i]}`).join(' | ')} |`);
    L.push(`|---|${impls.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`);
    for (const r of c.rows) {
      const vals = (m[c.key] || {})[r.key] || {};
      if (!impls.some((i) => Number.isFinite(vals[i]))) continue;
      L.push(`| ${r.label} | ${impls.map((i) => (i === 'torchts' ? `**${fmt(vals[i])}**` : fmt(vals[i]))).join(' | ')} | ${others.map((i) => fmtX(speedup(c, vals, i))).join(' | ')} |`);
    }
    const notes = c.notes ? c.notes(c.settings(run.quick)) : [];
    if (notes.length) L.push('', ...notes.map((n) => `- ${n}`));
    L.push('');
  }
  for (const c of cases) {
    if (!c.series) continue;
    const s = c.settings(run.quick);
    L.push(`### ${c.id}. ${c.title}`, '', `${c.what}.`, '');
    L.push(`| | RSS step 0 (MiB) | step ${s.from.toLocaleString('en-US')} | step ${s.steps.toLocaleString('en-US')} | max | growth ${s.from / 1000}k→${s.steps / 1000}k | live tensors step ${s.from / 1000}k | step ${s.steps / 1000}k | max |`);
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const impl of ['torchts', 'python', 'cpp']) {
      const x = memorySummary({ ...c, fromStep: s.from }, results, impl);
      if (!x) continue;
      const tens = (v) => (Number.isFinite(v) ? String(v) : '–');
      L.push(`| ${NAMES[impl]} | ${mb(x.rss0)} | ${mb(x.rssFrom)} | ${mb(x.rssLast)} | ${mb(x.rssMax)} | ${impl === 'torchts' ? `**${pct(x.growth)}**` : pct(x.growth)} | ${tens(x.tFrom)} | ${tens(x.tLast)} | ${impl === 'torchts' ? tens(x.tMax) : '–'} |`);
    }
    const ts = series(results, c.key, 'torchts');
    if (ts.steps.length) {
      const heap = (i) => (Number.isFinite(ts.heap[i]) ? `/${(ts.heap[i] / 2 ** 20).toFixed(1)}` : '');
      L.push('', `torchts series (step: RSS MiB / live tensors${Number.isFinite(ts.heap[0]) ? ' / V8 heap used MiB' : ''}): ${ts.steps.map((st, i) => `${st / 1000}k: ${mb(ts.rss[i])}/${ts.tensors[i]}${heap(i)}`).join(', ')}.`);
    }
    L.push('');
  }

  L.push('## Every round', '', '<details><summary>Per-round values (the medians above come from these)</summary>', '');
  for (const c of cases) {
    if (c.series) continue;
    for (const r of c.rows) {
      const byImpl = (results[c.key] || {})[r.key];
      if (!byImpl) continue;
      L.push(`- ${c.id}. ${r.label} (${c.unit}): ${COLS.filter((i) => byImpl[i]).map((i) => `${SHORT[i]} ${byImpl[i].map(fmt).join(', ')}`).join('; ')}`);
    }
  }
  L.push('', '</details>', '');
  if (run.notes.length || run.errors.length) {
    L.push('## Problems in this run', '');
    for (const n of run.notes) L.push(`- ${n}`);
    for (const e of run.errors) L.push(`- ${e.split('\n')[0]}`);
    L.push('');
  }
  L.push('![chart](results.svg)', '');
  return L.join('\n');
}

// ------------------------------------------------------------------------------------ SVG
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function svg(cases, results, env, run) {
  const m = medians(cases, results);
  const W = 1000;
  const parts = [];
  let y = 0;
  const text = (x, yy, s, o = {}) => parts.push(`<text x="${x.toFixed(1)}" y="${yy.toFixed(1)}"${o.anchor ? ` text-anchor="${o.anchor}"` : ''}${o.size ? ` font-size="${o.size}"` : ''}${o.weight ? ` font-weight="${o.weight}"` : ''}${o.fill ? ` fill="${o.fill}"` : ''}>${esc(s)}</text>`);
  const line = (x1, y1, x2, y2, stroke, o = {}) => parts.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${stroke}"${o.width ? ` stroke-width="${o.width}"` : ''}${o.dash ? ` stroke-dasharray="${o.dash}"` : ''}/>`);

  // Panel 1: each implementation's speed relative to Python PyTorch (= 1), log scale.
  const bars = [];
  for (const c of cases) {
    if (c.series) continue;
    for (const r of c.rows) {
      const vals = (m[c.key] || {})[r.key] || {};
      if (!Number.isFinite(vals.python)) continue;
      const impls = COLS.filter((i) => i !== 'python' && Number.isFinite(vals[i]));
      if (!impls.length) continue;
      bars.push({ label: `${c.id}. ${r.label}`, sub: `${c.title}, Python = ${fmt(vals.python)} ${c.unit}`, items: impls.map((i) => ({ impl: i, rel: c.better === 'lower' ? vals.python / vals[i] : vals[i] / vals.python, v: vals[i] })) });
    }
  }
  y = 28;
  text(16, y, 'Speed relative to Python PyTorch on the same LibTorch (log scale; right of the dashed line = faster)', { size: 15, weight: 'bold' });
  y += 18;
  text(16, y, `${env.cores} cores (${env.cpu}), 1 intra-op thread, LibTorch ${env.libtorch}, ${env.blas}; median of ${run.rounds} interleaved rounds; ${env.date.slice(0, 10)}${run.quick ? ' (quick run)' : ''}`, { size: 11, fill: '#555' });
  y += 14;
  // Legend
  let lx = 16;
  for (const i of COLS) {
    if (i === 'python') {
      line(lx, y + 4, lx + 14, y + 4, COLORS.python, { width: 2, dash: '4,2' });
    } else parts.push(`<rect x="${lx}" y="${y}" width="14" height="9" fill="${COLORS[i]}"/>`);
    text(lx + 18, y + 9, i === 'python' ? 'Python PyTorch = 1' : NAMES[i], { size: 11 });
    lx += i === 'python' ? 130 : 110;
  }
  y += 22;
  if (bars.length) {
    const rels = bars.flatMap((b) => b.items.map((it) => it.rel));
    const lo = Math.floor(Math.log10(Math.min(0.5, ...rels))), hi = Math.ceil(Math.log10(Math.max(2, ...rels)));
    const x0 = 350, x1 = W - 60;
    const X = (v) => x0 + ((Math.log10(v) - lo) / (hi - lo)) * (x1 - x0);
    const barH = 9, gap = 2, groupGap = 12;
    const top = y;
    const height = bars.reduce((h, b) => h + b.items.length * (barH + gap) + groupGap, 0);
    for (let d = lo; d <= hi; d++) {
      const v = 10 ** d;
      line(X(v), top - 4, X(v), top + height, d === 0 ? COLORS.python : '#dee2e6', d === 0 ? { width: 2, dash: '4,2' } : {});
      text(X(v), top + height + 14, d >= 0 ? `${v}×` : `${v.toFixed(-d)}×`, { anchor: 'middle', size: 10, fill: '#555' });
      if (d < hi) for (const k of [2, 5]) line(X(k * v), top, X(k * v), top + height, '#f1f3f5');
    }
    for (const b of bars) {
      const h = b.items.length * (barH + gap);
      text(x0 - 8, y + h / 2, b.label, { anchor: 'end', size: 11.5 });
      text(x0 - 8, y + h / 2 + 12, b.sub, { anchor: 'end', size: 9, fill: '#868e96' });
      for (const it of b.items) {
        const xa = X(Math.min(1, it.rel)), xb = X(Math.max(1, it.rel));
        parts.push(`<rect x="${xa.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, xb - xa).toFixed(1)}" height="${barH}" fill="${COLORS[it.impl]}"><title>${esc(`${NAMES[it.impl]}: ${fmt(it.v)} (${fmtX(it.rel)} Python's speed)`)}</title></rect>`);
        text(it.rel >= 1 ? xb + 3 : xa - 3, y + barH - 1, fmtX(it.rel), { anchor: it.rel >= 1 ? 'start' : 'end', size: 9, fill: '#343a40' });
        y += barH + gap;
      }
      y += groupGap;
    }
    y += 50;
  }

  // Panel 2: RSS over the memory case's training steps.
  const memCase = cases.find((c) => c.series);
  if (memCase) {
    const lines = ['torchts', 'python', 'cpp'].map((i) => ({ impl: i, s: series(results, memCase.key, i) })).filter((l) => l.s.steps.length);
    if (lines.length) {
      text(16, y, `RSS during ${memCase.settings(run.quick).steps.toLocaleString('en-US')} plain training steps of model A with the DataLoader (MiB)`, { size: 15, weight: 'bold' });
      y += 16;
      const x0 = 80, x1 = W - 150, top = y + 10, h = 200;
      const maxStep = Math.max(...lines.flatMap((l) => l.s.steps));
      const maxRss = Math.max(...lines.flatMap((l) => l.s.rss)) / 2 ** 20;
      const step = maxRss > 1000 ? 200 : maxRss > 400 ? 100 : 50;
      const yMax = Math.ceil(maxRss / step) * step;
      const X = (s) => x0 + (s / maxStep) * (x1 - x0);
      const Y = (mib) => top + h - (mib / yMax) * h;
      for (let v = 0; v <= yMax; v += step) { line(x0, Y(v), x1, Y(v), '#e9ecef'); text(x0 - 6, Y(v) + 4, String(v), { anchor: 'end', size: 10, fill: '#555' }); }
      for (let s = 0; s <= maxStep; s += maxStep / 10) text(X(s), top + h + 14, `${s / 1000}k`, { anchor: 'middle', size: 10, fill: '#555' });
      text((x0 + x1) / 2, top + h + 30, 'training step', { anchor: 'middle', size: 11, fill: '#555' });
      for (const l of lines) {
        const pts = l.s.steps.map((s, i) => `${X(s).toFixed(1)},${Y(l.s.rss[i] / 2 ** 20).toFixed(1)}`).join(' ');
        parts.push(`<polyline fill="none" stroke="${COLORS[l.impl]}" stroke-width="2" points="${pts}"/>`);
        const last = l.s.rss[l.s.rss.length - 1] / 2 ** 20;
        text(x1 + 6, Y(last) + 4, `${NAMES[l.impl]} ${last.toFixed(0)}`, { size: 11, fill: COLORS[l.impl] === COLORS['tfjs-cpu'] ? '#333' : COLORS[l.impl] });
      }
      y = top + h + 50;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${Math.ceil(y)}" viewBox="0 0 ${W} ${Math.ceil(y)}" font-family="Helvetica, Arial, sans-serif">\n` +
    `<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}

module.exports = { markdown, svg, medians, evaluateTargets };
