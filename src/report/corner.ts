/**
 * Corner plot of posterior draws as a hand-written SVG: marginal histograms on the diagonal,
 * pairwise scatter of (thinned) draws below it, optional truth lines.
 */
import { esc, fmt, range, scale } from './svg-basics.js';

const CELL = 150;
const PAD = 50;

/** `draws` is row-major draws × names.length (all chains concatenated). */
export function cornerSvg(names: readonly string[], draws: Float64Array, truth?: readonly number[]): string {
  const d = names.length;
  const n = draws.length / d;
  const size = PAD + d * CELL + 10;
  const col = (j: number) => Float64Array.from({ length: n }, (_, i) => draws[i * d + j]);
  const cols = names.map((_, j) => col(j));
  const ranges = cols.map((c) => range(c));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" font-family="sans-serif" font-size="10">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  const step = Math.max(1, Math.floor(n / 1500));
  for (let r = 0; r < d; r++)
    for (let c = 0; c <= r; c++) {
      const x0 = PAD + c * CELL;
      const y0 = 10 + r * CELL;
      parts.push(`<rect x="${x0}" y="${y0}" width="${CELL - 8}" height="${CELL - 8}" fill="none" stroke="#999"/>`);
      const sx = scale(ranges[c][0], ranges[c][1], x0 + 4, x0 + CELL - 12);
      if (r === c) {
        const bins = 30;
        const h = new Float64Array(bins);
        for (const v of cols[c])
          h[Math.min(bins - 1, Math.floor(((v - ranges[c][0]) / (ranges[c][1] - ranges[c][0])) * bins))]++;
        const hMax = Math.max(...h);
        const w = (CELL - 16) / bins;
        h.forEach((v, k) => {
          const hh = ((CELL - 16) * v) / hMax;
          parts.push(
            `<rect x="${(x0 + 4 + k * w).toFixed(1)}" y="${(y0 + CELL - 12 - hh).toFixed(1)}" width="${w.toFixed(1)}" height="${hh.toFixed(1)}" fill="#4477aa"/>`,
          );
        });
        if (truth)
          parts.push(
            `<line x1="${sx(truth[c]).toFixed(1)}" x2="${sx(truth[c]).toFixed(1)}" y1="${y0}" y2="${y0 + CELL - 8}" stroke="#cc3311"/>`,
          );
      } else {
        const sy = scale(ranges[r][0], ranges[r][1], y0 + CELL - 12, y0 + 4);
        for (let i = 0; i < n; i += step)
          parts.push(
            `<circle cx="${sx(cols[c][i]).toFixed(1)}" cy="${sy(cols[r][i]).toFixed(1)}" r="0.8" fill="#4477aa" fill-opacity="0.4"/>`,
          );
        if (truth)
          parts.push(`<circle cx="${sx(truth[c]).toFixed(1)}" cy="${sy(truth[r]).toFixed(1)}" r="3" fill="#cc3311"/>`);
      }
      if (r === d - 1)
        parts.push(
          `<text x="${x0 + CELL / 2 - 4}" y="${size - 28}" text-anchor="middle">${esc(names[c])}</text>`,
          `<text x="${x0 + 4}" y="${size - 16}">${fmt(ranges[c][0])}</text>`,
          `<text x="${x0 + CELL - 12}" y="${size - 16}" text-anchor="end">${fmt(ranges[c][1])}</text>`,
        );
      if (c === 0 && r > 0)
        parts.push(
          `<text transform="translate(${PAD - 30},${y0 + CELL / 2}) rotate(-90)" text-anchor="middle">${esc(names[r])}</text>`,
        );
    }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
