/**
 * Posterior-predictive counts plot (SVG): per counts file, the observed counts per bin (points with
 * √n error bars, or the published dN/dS ± σ) and the model's posterior median and 95% band of the
 * expected value, on log–log axes of flux versus counts.
 */
import { decadeLabel, decadeTicks, esc, scale } from './svg-basics.js';

export interface PpcPanel {
  readonly title: string;
  readonly sMJy: Float64Array;
  readonly observed: Float64Array;
  readonly observedErr: Float64Array;
  readonly lo: Float64Array;
  readonly median: Float64Array;
  readonly hi: Float64Array;
  readonly yLabel: string;
}

const W = 420;
const H = 300;

export function ppcSvg(panels: readonly PpcPanel[]): string {
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H * panels.length}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  panels.forEach((p, k) => {
    const y0 = k * H;
    const keep = (i: number) => p.observed[i] > 0 || p.median[i] > 0.01;
    const idx = [...p.sMJy.keys()].filter(keep);
    if (!idx.length) return;
    const lx = idx.map((i) => Math.log10(p.sMJy[i]));
    const ys = idx
      .flatMap((i) => [p.observed[i], p.hi[i], p.median[i]])
      .filter((v) => v > 0)
      .map(Math.log10);
    const sx = scale(Math.min(...lx), Math.max(...lx), 60, W - 20);
    const sy = scale(Math.min(...ys) - 0.2, Math.max(...ys) + 0.2, y0 + H - 40, y0 + 25);
    const ly = (v: number) => sy(Math.log10(Math.max(v, 10 ** (Math.min(...ys) - 0.2))));
    const xLo = Math.min(...lx);
    const xHi = Math.max(...lx);
    const yLo = Math.min(...ys) - 0.2;
    const yHi = Math.max(...ys) + 0.2;
    parts.push(
      `<text x="${W / 2}" y="${y0 + 15}" text-anchor="middle">${esc(p.title)}</text>`,
      `<rect x="60" y="${y0 + 25}" width="${W - 80}" height="${H - 65}" fill="none" stroke="#999"/>`,
      `<text x="${W / 2}" y="${y0 + H - 8}" text-anchor="middle">S (mJy)</text>`,
      `<text transform="translate(15,${y0 + H / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`,
    );
    for (const e of decadeTicks(xLo, xHi)) {
      const x = sx(e).toFixed(1);
      parts.push(
        `<line x1="${x}" x2="${x}" y1="${y0 + H - 40}" y2="${y0 + H - 35}" stroke="#333"/>`,
        `<text x="${x}" y="${y0 + H - 24}" text-anchor="middle">${decadeLabel(e)}</text>`,
      );
    }
    for (const e of decadeTicks(yLo, yHi)) {
      const y = sy(e).toFixed(1);
      parts.push(
        `<line x1="55" x2="60" y1="${y}" y2="${y}" stroke="#333"/>`,
        `<text x="53" y="${(Number(y) + 4).toFixed(1)}" text-anchor="end">${decadeLabel(e)}</text>`,
      );
    }
    const band = idx.map((i) => `${sx(Math.log10(p.sMJy[i])).toFixed(1)},${ly(p.hi[i]).toFixed(1)}`);
    const back = [...idx].reverse().map((i) => `${sx(Math.log10(p.sMJy[i])).toFixed(1)},${ly(p.lo[i]).toFixed(1)}`);
    parts.push(`<polygon points="${[...band, ...back].join(' ')}" fill="#4477aa" fill-opacity="0.3"/>`);
    parts.push(
      `<polyline points="${idx.map((i) => `${sx(Math.log10(p.sMJy[i])).toFixed(1)},${ly(p.median[i]).toFixed(1)}`).join(' ')}" fill="none" stroke="#4477aa"/>`,
    );
    for (const i of idx) {
      if (!(p.observed[i] > 0)) continue;
      const x = sx(Math.log10(p.sMJy[i])).toFixed(1);
      parts.push(
        `<line x1="${x}" x2="${x}" y1="${ly(p.observed[i] + p.observedErr[i]).toFixed(1)}" y2="${ly(p.observed[i] - p.observedErr[i]).toFixed(1)}" stroke="#222"/>`,
        `<circle cx="${x}" cy="${ly(p.observed[i]).toFixed(1)}" r="2" fill="#222"/>`,
      );
    }
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
