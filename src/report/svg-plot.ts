/**
 * A small SVG plotter for log–log (or lin–log) scientific plots: points with error bars, model
 * lines, a legend. Pure: returns the SVG text.
 *
 * @example svgPlot({ title: 't', xLabel: 'S [mJy]', yLabel: 'N', series: [{ label: 'a', x: [1, 10], y: [1, 2] }] })
 */

export interface PlotSeries {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Symmetric (relative, in y units) error bars: absolute lower and upper y values. */
  yLo?: ArrayLike<number>;
  yHi?: ArrayLike<number>;
  /** 'points' (markers) or 'line'. */
  style?: 'points' | 'line';
  color?: string;
  dashed?: boolean;
}

export interface PlotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: PlotSeries[];
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
  xRange?: [number, number];
  yRange?: [number, number];
}

const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function niceTicksLog(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    const v = 10 ** e;
    if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
  }
  return out;
}

function niceTicksLin(lo: number, hi: number): number[] {
  const span = hi - lo;
  const step0 = 10 ** Math.floor(Math.log10(span / 5));
  const step = [1, 2, 5, 10].map((m) => m * step0).find((s) => span / s <= 6) ?? step0 * 10;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function fmtTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return Number(v.toPrecision(6)).toString();
  const e = Math.floor(Math.log10(a));
  const m = v / 10 ** e;
  return Math.abs(m - 1) < 1e-9 ? `1e${e}` : `${Number(m.toPrecision(3))}e${e}`;
}

/** Renders the plot as an SVG document. */
export function svgPlot(spec: PlotSpec): string {
  const W = spec.width ?? 640;
  const H = spec.height ?? 440;
  const m = { l: 78, r: 16, t: 34, b: 52 };
  const logX = spec.logX ?? true;
  const logY = spec.logY ?? true;
  const fx = (v: number) => (logX ? Math.log10(v) : v);
  const fy = (v: number) => (logY ? Math.log10(v) : v);
  const ok = (v: number, log: boolean) => Number.isFinite(v) && (!log || v > 0);
  let [x0, x1] = spec.xRange ?? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  let [y0, y1] = spec.yRange ?? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const s of spec.series)
    for (let i = 0; i < s.x.length; i++) {
      if (!spec.xRange && ok(s.x[i], logX)) {
        x0 = Math.min(x0, s.x[i]);
        x1 = Math.max(x1, s.x[i]);
      }
      if (!spec.yRange)
        for (const v of [s.y[i], s.yLo?.[i] ?? s.y[i], s.yHi?.[i] ?? s.y[i]])
          if (ok(v, logY)) {
            y0 = Math.min(y0, v);
            y1 = Math.max(y1, v);
          }
    }
  if (!(x1 > x0)) [x0, x1] = logX ? [x0 / 2 || 0.1, x0 * 2 || 10] : [x0 - 1, x0 + 1];
  if (!(y1 > y0)) [y0, y1] = logY ? [y0 / 2 || 0.1, y0 * 2 || 10] : [y0 - 1, y0 + 1];
  const X0 = fx(x0);
  const X1 = fx(x1);
  const pad = (fy(y1) - fy(y0)) * 0.04;
  const Y0 = fy(y0) - pad;
  const Y1 = fy(y1) + pad;
  const px = (v: number) => m.l + ((fx(v) - X0) / (X1 - X0)) * (W - m.l - m.r);
  const py = (v: number) => H - m.b - ((fy(v) - Y0) / (Y1 - Y0)) * (H - m.t - m.b);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(spec.title)}</text>`);
  out.push(
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="black"/>`,
  );
  const xt = logX ? niceTicksLog(x0, x1) : niceTicksLin(x0, x1);
  const yt = logY ? niceTicksLog(10 ** Y0, 10 ** Y1) : niceTicksLin(Y0, Y1);
  for (const t of xt) {
    const x = px(t);
    out.push(
      `<line x1="${x}" y1="${H - m.b}" x2="${x}" y2="${H - m.b + 5}" stroke="black"/><text x="${x}" y="${H - m.b + 18}" text-anchor="middle">${fmtTick(t)}</text>`,
    );
  }
  for (const t of yt) {
    const y = py(t);
    out.push(
      `<line x1="${m.l - 5}" y1="${y}" x2="${m.l}" y2="${y}" stroke="black"/><text x="${m.l - 8}" y="${y + 4}" text-anchor="end">${fmtTick(t)}</text>`,
    );
  }
  out.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 12}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(
    `<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`,
  );
  out.push(
    `<clipPath id="plotarea"><rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}"/></clipPath><g clip-path="url(#plotarea)">`,
  );
  spec.series.forEach((s, k) => {
    const c = s.color ?? PALETTE[k % PALETTE.length];
    if ((s.style ?? 'points') === 'line') {
      const pts: string[] = [];
      for (let i = 0; i < s.x.length; i++)
        if (ok(s.x[i], logX) && ok(s.y[i], logY)) pts.push(`${px(s.x[i]).toFixed(1)},${py(s.y[i]).toFixed(1)}`);
      out.push(
        `<polyline fill="none" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.join(' ')}"/>`,
      );
    } else {
      for (let i = 0; i < s.x.length; i++) {
        if (!ok(s.x[i], logX) || !ok(s.y[i], logY)) continue;
        const x = px(s.x[i]);
        const y = py(s.y[i]);
        const lo = s.yLo?.[i];
        const hi = s.yHi?.[i];
        if (lo !== undefined && hi !== undefined) {
          const ylo = ok(lo, logY) ? py(lo) : H - m.b;
          out.push(
            `<line x1="${x.toFixed(1)}" y1="${ylo.toFixed(1)}" x2="${x.toFixed(1)}" y2="${py(hi).toFixed(1)}" stroke="${c}"/>`,
          );
        }
        out.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${c}"/>`);
      }
    }
  });
  out.push('</g>');
  spec.series.forEach((s, k) => {
    const c = s.color ?? PALETTE[k % PALETTE.length];
    const y = m.t + 14 + 16 * k;
    const x = m.l + 10;
    if ((s.style ?? 'points') === 'line')
      out.push(
        `<line x1="${x}" y1="${y - 4}" x2="${x + 18}" y2="${y - 4}" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      );
    else out.push(`<circle cx="${x + 9}" cy="${y - 4}" r="3" fill="${c}"/>`);
    out.push(`<text x="${x + 24}" y="${y}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
