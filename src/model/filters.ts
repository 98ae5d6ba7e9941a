/**
 * Bandpasses shipped in data/filters/ (see bands.ts for each band's convention) and band fluxes of
 * an observed-frame spectrum. The curves are read once per call site and resampled onto at most
 * MAX_NODES frequency nodes (the shipped WISE W4 curve has 2,452), which changes band fluxes of
 * smooth spectra by < 0.1 %.
 */
import { readFileSync } from 'node:fs';
import { fail } from '../errors.js';
import { BANDS, type Band } from './bands.js';

const C_UM_GHZ = 299792.458;
const MAX_NODES = 40;

/** A bandpass as quadrature nodes: S_b = Σ w_i s_ν(ν_i) for an observed-frame spectrum s_ν. */
export interface BandQuadrature {
  band: Band;
  nuGHz: Float64Array;
  weight: Float64Array;
}

export function filterPath(file: string): URL {
  return new URL(`../../data/filters/${file}`, import.meta.url);
}

function readCurve(file: string): { x: Float64Array; r: Float64Array } {
  const url = filterPath(file);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch {
    fail(url.pathname, 'filter curve missing from the installation (data/filters/); reinstall mmassoc');
  }
  const lines = text.trim().split(/\r?\n/).slice(1);
  const x = new Float64Array(lines.length);
  const r = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [a, b] = line.split(',');
    x[i] = Number(a);
    r[i] = Math.max(0, Number(b)); // tiny negative FTS values at band edges are noise (reference README)
  });
  return { x, r };
}

/**
 * Quadrature nodes and weights of a band. For `filter-folded` curves S = ∫ R(λ) s_ν dλ / ∫ R dλ;
 * for `band-average` curves S = ∫ R(ν) s_ν dν / ∫ R dν; monochromatic bands get one node.
 */
export function bandQuadrature(band: Band): BandQuadrature {
  const info = BANDS[band];
  if (!info.filterFile) return { band, nuGHz: Float64Array.of(info.freqGHz), weight: Float64Array.of(1) };
  const { x, r } = readCurve(info.filterFile);
  // Trapezoid weights on the native grid, then merged into ≤ MAX_NODES response-weighted nodes.
  const n = x.length;
  const w = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) {
    const dx = x[i + 1] - x[i];
    w[i] += 0.5 * dx * r[i];
    w[i + 1] += 0.5 * dx * r[i + 1];
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  const group = Math.max(1, Math.ceil(n / MAX_NODES));
  const nodesNu: number[] = [];
  const nodesW: number[] = [];
  for (let s = 0; s < n; s += group) {
    let ws = 0;
    let xs = 0;
    for (let i = s; i < Math.min(n, s + group); i++) {
      ws += w[i];
      xs += w[i] * x[i];
    }
    if (ws <= 0) continue;
    const xm = xs / ws;
    nodesNu.push(info.filterAxis === 'lambda_um' ? C_UM_GHZ / xm : xm);
    nodesW.push(ws / total);
  }
  return { band, nuGHz: Float64Array.from(nodesNu), weight: Float64Array.from(nodesW) };
}

/** Band flux of an observed-frame spectrum `snu(νGHz)`. */
export function bandFlux(q: BandQuadrature, snu: (nuGHz: number) => number): number {
  let s = 0;
  for (let i = 0; i < q.nuGHz.length; i++) s += q.weight[i] * snu(q.nuGHz[i]);
  return s;
}
