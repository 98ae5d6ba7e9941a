/** NWAY's histogram text format: `# lo hi selected others`, one bin per line (memo nway.md §2.5). */
import { fail } from '../errors.js';
import type { MagHistogram } from './types.js';

/** Parses a histogram file; bin edges are lo[0..m−1] followed by hi[m−1]. */
export function parseHistogramFile(text: string, file: string): MagHistogram {
  const lo: number[] = [];
  const hi: number[] = [];
  const sel: number[] = [];
  const oth: number[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const f = t.split(/\s+/).map(Number);
    if (f.length < 4 || f.slice(0, 4).some((x) => !Number.isFinite(x)))
      fail(file, `line ${i + 1}: expected 4 numbers 'lo hi selected others', got '${t}'`);
    lo.push(f[0]);
    hi.push(f[1]);
    sel.push(f[2]);
    oth.push(f[3]);
  });
  if (lo.length === 0) fail(file, 'no histogram bins (expected lines "lo hi selected others")');
  for (let i = 1; i < lo.length; i++)
    if (!(lo[i] > lo[i - 1])) fail(file, `line with lo=${lo[i]}: bins must be in increasing order`);
  return {
    edges: Float64Array.from([...lo, hi[hi.length - 1]]),
    selected: Float64Array.from(sel),
    others: Float64Array.from(oth),
  };
}

/**
 * Formats a histogram in NWAY's layout but at full precision (shortest round-trip decimals), so a
 * file-mode rerun reproduces the automatic run exactly (NWAY's %10.5f loses small densities).
 */
export function formatHistogramFile(h: MagHistogram): string {
  const out = ['# lo hi selected others'];
  for (let b = 0; b < h.selected.length; b++)
    out.push(`${h.edges[b]} ${h.edges[b + 1]} ${h.selected[b]} ${h.others[b]}`);
  return `${out.join('\n')}\n`;
}
