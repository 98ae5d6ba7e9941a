/**
 * Band fluxes of galaxy states from the model's response tables (the hot loop of the forward model:
 * band-interleaved tables, one pass over the rows, 10^x by table).
 */
import { type Band, isRadioBand } from './bands.js';
import { pow10 } from './fast-draws.js';
import { type GalaxyModel, LOG_T_MIN, LOG_T_STEP, N_T } from './galaxy-model.js';
import type { GalaxyState } from './galaxy-state.js';
import { KIND } from './population.js';

/** Band-interleaved copies of the response tables ([shell][T][band] and [shell][band]), per band list. */
const interleavedCache = new WeakMap<GalaxyModel, Map<string, { dust: Float64Array; radio: Float64Array }>>();

function interleaved(model: GalaxyModel, dust: readonly Band[], radio: readonly Band[]) {
  let m = interleavedCache.get(model);
  if (!m) {
    m = new Map();
    interleavedCache.set(model, m);
  }
  const key = `${dust.join(',')}|${radio.join(',')}`;
  let e = m.get(key);
  if (!e) {
    const nS = model.nShells;
    const nd = dust.length;
    const nr = radio.length;
    const d = new Float64Array(nS * N_T * nd);
    for (let b = 0; b < nd; b++) {
      const t = model.dustResp[dust[b]] as Float64Array;
      for (let q = 0; q < nS * N_T; q++) d[q * nd + b] = t[q];
    }
    const r = new Float64Array(nS * nr);
    for (let b = 0; b < nr; b++) {
      const t = model.radioResp[radio[b]] as Float64Array;
      for (let q = 0; q < nS; q++) r[q * nr + b] = t[q];
    }
    e = { dust: d, radio: r };
    m.set(key, e);
  }
  return e;
}

/**
 * Observed-frame band fluxes (mJy, lensed) of galaxy states: dust bands from the (shell z, log T)
 * response tables — cubic Lagrange in log T, linear in z between shell redshifts (extrapolated half
 * a shell at the two ends); relative error < 2e-4 against direct integration of the SED through
 * the bandpass (test/model/flux-kernel.test.ts) — and radio bands from the per-shell star-forming
 * radio responses. Quiescent galaxies get 0. `out` may supply the output arrays (length ≥ st.n)
 * so that repeated calls reuse memory.
 */
export function galaxyFluxes(
  model: GalaxyModel,
  st: GalaxyState,
  bands: readonly Band[],
  out?: Partial<Record<Band, Float64Array>>,
): Partial<Record<Band, Float64Array>> {
  const n = st.n;
  const res: Partial<Record<Band, Float64Array>> = {};
  const dustBands: Band[] = [];
  const radioBands: Band[] = [];
  const dustO: Float64Array[] = [];
  const radioO: Float64Array[] = [];
  for (const b of bands) {
    const given = out?.[b];
    const o = given && given.length >= n ? given : new Float64Array(n);
    res[b] = o;
    if (isRadioBand(b)) {
      radioBands.push(b);
      radioO.push(o);
    } else {
      dustBands.push(b);
      dustO.push(o);
    }
  }
  const { dust: T, radio: R } = interleaved(model, dustBands, radioBands);
  const nd = dustBands.length;
  const nr = radioBands.length;
  const row = N_T * nd;
  const nd2 = 2 * nd;
  const nd3 = 3 * nd;
  const logLir = Math.log10(model.params.lir_per_sfr);
  const nLast = model.nShells - 2;
  const zRep = model.zRep;
  const dcz = model.dist.comovingMpc;
  const invDz = 1 / model.dist.dz;
  const nDc = dcz.length - 2;
  const kind = st.kind;
  const shell = st.shell;
  const zs = st.z;
  const mu = st.mu;
  const logT = st.logT;
  const logSfr = st.logSfr;
  const logLRadio = st.logLRadio;
  const quiescent = KIND.quiescent;
  // One pass over the rows, every band of a row from the same table cell; the outputs are written
  // in place (a row's band values land in nd + nr arrays, each written sequentially).
  for (let i = 0; i < n; i++) {
    if (kind[i] === quiescent) {
      for (let b = 0; b < nd; b++) dustO[b][i] = 0;
      for (let b = 0; b < nr; b++) radioO[b][i] = 0;
      continue;
    }
    const s = shell[i];
    const z = zs[i];
    // Bracketing shells a, a + 1 (z below the shell's zRep: the shell before). +(bool) rather than a
    // branch, which would be mispredicted for half the rows.
    let a = s - +(z < zRep[s]);
    if (a < 0) a = 0;
    else if (a > nLast) a = nLast;
    const fz = (z - zRep[a]) / (zRep[a + 1] - zRep[a]);
    const gz = 1 - fz;
    const xz = z * invDz;
    const iz = Math.min(Math.floor(xz), nDc);
    const dl = (1 + z) * (dcz[iz] + (xz - iz) * (dcz[iz + 1] - dcz[iz]));
    const pre = mu[i] / (dl * dl);
    if (nd > 0) {
      let x = (logT[i] - LOG_T_MIN) / LOG_T_STEP;
      x = Math.max(0, Math.min(N_T - 1, x));
      let j = Math.floor(x) - 1;
      j = Math.max(0, Math.min(N_T - 4, j));
      const u = x - j - 1;
      // Lagrange weights on nodes j…j+3 at offsets −1, 0, 1, 2 from u's origin.
      const um1 = u - 1;
      const um2 = u - 2;
      const up1 = u + 1;
      const w0 = (-u * um1 * um2) / 6;
      const w1 = (up1 * um1 * um2) / 2;
      const w2 = (-up1 * u * um2) / 2;
      const w3 = (up1 * u * um1) / 6;
      const xd = logSfr[i] + logLir;
      const c = (a * N_T + j) * nd;
      const c2 = c + row;
      // Two bands per iteration (≈ 13% faster in V8: more independent work per loop test).
      let b = 0;
      for (; b + 1 < nd; b += 2) {
        const q = c + b;
        const q2 = c2 + b;
        const lo = w0 * T[q] + w1 * T[q + nd] + w2 * T[q + nd2] + w3 * T[q + nd3];
        const hi = w0 * T[q2] + w1 * T[q2 + nd] + w2 * T[q2 + nd2] + w3 * T[q2 + nd3];
        const loB = w0 * T[q + 1] + w1 * T[q + 1 + nd] + w2 * T[q + 1 + nd2] + w3 * T[q + 1 + nd3];
        const hiB = w0 * T[q2 + 1] + w1 * T[q2 + 1 + nd] + w2 * T[q2 + 1 + nd2] + w3 * T[q2 + 1 + nd3];
        dustO[b][i] = pre * pow10(xd + gz * lo + fz * hi);
        dustO[b + 1][i] = pre * pow10(xd + gz * loB + fz * hiB);
      }
      if (b < nd) {
        const q = c + b;
        const q2 = c2 + b;
        const lo = w0 * T[q] + w1 * T[q + nd] + w2 * T[q + nd2] + w3 * T[q + nd3];
        const hi = w0 * T[q2] + w1 * T[q2 + nd] + w2 * T[q2 + nd2] + w3 * T[q2 + nd3];
        dustO[b][i] = pre * pow10(xd + gz * lo + fz * hi);
      }
    }
    const xr = logLRadio[i];
    const cr = a * nr;
    for (let b = 0; b < nr; b++) radioO[b][i] = pre * pow10(xr + gz * R[cr + b] + fz * R[cr + nr + b]);
  }
  return res;
}
