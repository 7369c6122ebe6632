// The example's report: one self-contained HTML file with SVG learning curves and result tables.
import * as fs from 'fs';
import * as path from 'path';

export interface Curve { label: string; values: number[] }
export interface Chart { title: string; xLabel: string; yLabel: string; curves: Curve[] }
export interface Table { title: string; header: string[]; rows: (string | number)[][] }

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const tick = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));

/** A line chart as an SVG string (x = index + 1, e.g. epochs). */
export function lineChartSvg(chart: Chart, width = 760, height = 340): string {
  const m = { l: 56, r: 250, t: 30, b: 40 };
  const all = chart.curves.flatMap((c) => c.values).filter(Number.isFinite);
  const n = Math.max(1, ...chart.curves.map((c) => c.values.length));
  let lo = Math.min(...all), hi = Math.max(...all);
  if (!Number.isFinite(lo)) { lo = 0; hi = 1; }
  if (hi === lo) { hi += 1; lo -= 1; }
  const pad = (hi - lo) * 0.05; lo -= pad; hi += pad;
  const x = (i: number) => m.l + (n === 1 ? 0.5 : i / (n - 1)) * (width - m.l - m.r);
  const y = (v: number) => m.t + (1 - (v - lo) / (hi - lo)) * (height - m.t - m.b);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<text x="${width / 2 - m.r / 2}" y="18" text-anchor="middle" font-size="13">${escape(chart.title)}</text>`);
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(`<line x1="${m.l}" x2="${width - m.r}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end">${tick(v)}</text>`);
  }
  for (let i = 0; i < n; i++) if (n <= 20 || i % Math.ceil(n / 10) === 0) parts.push(`<text x="${x(i)}" y="${height - m.b + 16}" text-anchor="middle">${i + 1}</text>`);
  parts.push(`<text x="${(m.l + width - m.r) / 2}" y="${height - 6}" text-anchor="middle">${escape(chart.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${(m.t + height - m.b) / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`);
  chart.curves.forEach((c, k) => {
    const color = COLORS[k % COLORS.length];
    const pts = c.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts}"/>`);
    c.values.forEach((v, i) => parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${color}"/>`));
    parts.push(`<rect x="${width - m.r + 12}" y="${m.t + k * 18}" width="12" height="3" fill="${color}"/><text x="${width - m.r + 30}" y="${m.t + k * 18 + 5}">${escape(c.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function tableHtml(t: Table): string {
  const head = t.header.map((h) => `<th>${escape(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((v) => `<td>${escape(typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : v)}</td>`).join('')}</tr>`).join('');
  return `<h3>${escape(t.title)}</h3><table><tr>${head}</tr>${rows}</table>`;
}

/** Collects charts and tables, then writes them as one HTML page. */
export class Report {
  private readonly blocks: string[] = [];
  constructor(private readonly title: string) {}
  heading(text: string): void { this.blocks.push(`<h2>${escape(text)}</h2>`); }
  text(text: string): void { this.blocks.push(`<p>${escape(text)}</p>`); }
  chart(chart: Chart): void { this.blocks.push(lineChartSvg(chart)); }
  table(table: Table): void { this.blocks.push(tableHtml(table)); }
  html(): string {
    return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(this.title)}</title>`
      + '<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}</style>'
      + `</head><body><h1>${escape(this.title)}</h1>${this.blocks.join('\n')}</body></html>\n`;
  }
  write(file: string): string {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, this.html());
    return path.resolve(file);
  }
}
