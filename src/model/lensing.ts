/**
 * Gravitational magnification from the SIDES table P(>μ | z) (Béthermin et al. 2017, strong lensing
 * after Hezaveh & Holder 2011 plus a weak-lensing term; data/sides/Psupmu_table_Bethermin17.txt from
 * PRONTOLab/BayesMM.jl). As in SIDES gen_magnification, μ is drawn by inverse transform at the
 * table redshift nearest to the galaxy's; P is linear between μ rows, so μ is uniform within a row
 * interval — the expected-counts kernel uses the same intervals.
 */
import { readFileSync } from 'node:fs';
import { fail } from '../errors.js';

export interface LensingTable {
  /** Redshift nodes (44). */
  z: Float64Array;
  /** μ rows (278), ascending. */
  mu: Float64Array;
  /** P(>μ | z): row-major [zIndex * nMu + muIndex], non-increasing in μ. */
  pGt: Float64Array;
}

export function readLensingTable(
  url = new URL('../../data/sides/Psupmu_table_Bethermin17.txt', import.meta.url),
): LensingTable {
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch {
    fail(url.pathname, 'lensing table missing from the installation (data/sides/); reinstall mmassoc');
  }
  const rows = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split(',').map((s) => Number(s.trim())));
  const z = Float64Array.from(rows[0].slice(1));
  const nz = z.length;
  const nMu = rows.length - 1;
  const mu = new Float64Array(nMu);
  const pGt = new Float64Array(nz * nMu);
  for (let i = 0; i < nMu; i++) {
    const r = rows[i + 1];
    if (r.length !== nz + 1) fail(url.pathname, `row ${i + 2}: expected ${nz + 1} values, found ${r.length}`);
    mu[i] = r[0];
    for (let k = 0; k < nz; k++) pGt[k * nMu + i] = r[k + 1];
  }
  // Enforce monotonicity (rounding in the 5-digit table can leave tiny upticks).
  for (let k = 0; k < nz; k++)
    for (let i = 1; i < nMu; i++) pGt[k * nMu + i] = Math.min(pGt[k * nMu + i], pGt[k * nMu + i - 1]);
  return { z, mu, pGt };
}

/** Index of the table redshift nearest to z (SIDES rounds to the nearest node). */
export function lensingNode(t: LensingTable, z: number): number {
  let best = 0;
  for (let k = 1; k < t.z.length; k++) if (Math.abs(t.z[k] - z) < Math.abs(t.z[best] - z)) best = k;
  return best;
}

/** μ for a uniform deviate u ∈ (0,1) at table node k: the μ where P(>μ) = u (linear in each row interval). */
export function magnificationFromUniform(t: LensingTable, k: number, u: number): number {
  const nMu = t.mu.length;
  const base = k * nMu;
  const p = t.pGt;
  if (u >= p[base]) return t.mu[0];
  const last = p[base + nMu - 1];
  if (u <= last) return t.mu[nMu - 1];
  // Binary search for i with P_i ≥ u > P_{i+1}.
  let lo = 0;
  let hi = nMu - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (p[base + mid] >= u) lo = mid;
    else hi = mid;
  }
  const p0 = p[base + lo];
  const p1 = p[base + hi];
  const f = p0 === p1 ? 0 : (p0 - u) / (p0 - p1);
  return t.mu[lo] + f * (t.mu[hi] - t.mu[lo]);
}

/**
 * The magnification distribution at node k as (log10 μ, probability) pairs, one per row interval with
 * non-zero probability (μ at the interval's log-midpoint). Probability beyond the last row (P at the
 * largest μ) is put on the last row.
 */
export function magnificationPdf(t: LensingTable, k: number): { logMu: Float64Array; prob: Float64Array } {
  const nMu = t.mu.length;
  const base = k * nMu;
  const lm: number[] = [];
  const pr: number[] = [];
  for (let i = 0; i < nMu - 1; i++) {
    const w = t.pGt[base + i] - t.pGt[base + i + 1];
    if (w <= 0) continue;
    const a = Math.max(t.mu[i], 1e-3);
    const b = t.mu[i + 1];
    // Mean of log10 μ for μ uniform on [a, b].
    const meanLog = (b * Math.log(b) - a * Math.log(a)) / (b - a) / Math.LN10 - 1 / Math.LN10;
    lm.push(meanLog);
    pr.push(w);
  }
  const tail = t.pGt[base + nMu - 1];
  if (tail > 0) {
    lm.push(Math.log10(t.mu[nMu - 1]));
    pr.push(tail);
  }
  return { logMu: Float64Array.from(lm), prob: Float64Array.from(pr) };
}
