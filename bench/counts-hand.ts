/**
 * Hand-written value and gradient of the Poisson expected-counts log likelihood of the traced model
 * (src/model/traced/counts-model.ts, src/infer/counts-likelihood.ts), on plain Float64Arrays: the
 * reference the compiled value+gradient is timed against (docs/benchmarks.md, "Count fit").
 * The gradient is derived by hand, step by step backwards through the same chain:
 *   L = Σ_k n_k log(λ_k + 1e-300) − λ_k − log n_k!,   λ_k = Ω (A[hi_k] − A[lo_k] + fixed_k)
 *   A[e] = Σ_q w_q C_q(edges[e] − s_{c(q)}),           w_q = wConst_q + wSb_q f   (C linear on its uniform grid)
 *   s_c = (log K(T_c, β, α) − log K_ref,c) / ln 10 + log10(L_IR/SFR ratio)
 *   log K = log Σ_band w s_ν − log Σ_norm w s_ν,         s_ν = MBB + power law (sed.ts, Casey 2012 eq. 3)
 *   MBB = ν^{3+β}/expm1(hν/kT) (optically thin), or (1 − e^{−τ}) ν³/expm1(hν/kT) with τ = (λ0 ν/c)^β
 *   (general opacity, when the reference has dust_lambda0_um > 0)
 *   T_c = 10^{(log⟨U⟩_c − log 5)/(4+β) + log T0}        (forward-model.md §4.2)
 * Parameter order: TRACED_PARAMS (dust_T0, dust_beta, mir_alpha, u_ms_slope, u_sb, u_scatter_dex,
 * sb_frac, lir_per_sfr, dust_lambda0_um). Poisson terms only (the benchmark's skies).
 */
type DataValue = Float64Array | { values: Float64Array; shape: number[] };

const H_K = 0.04799243073; // h/k in K per GHz, as sed.ts
const C_UM = 299792.458; // c in µm GHz
const LOG10_5 = Math.log10(5);
const FINE_STEP = 0.02; // grid step of the cumulative tables (expected-counts.ts)
const N_GRID = 601; // grid points per table row: N_S + 1 (expected-counts.ts)

export interface HandCounts {
  /** Log likelihood at θ (TRACED_PARAMS order); writes ∂L/∂θ into `grad`. */
  valueAndGrad(theta: Float64Array, grad: Float64Array): number;
}

/** `data`: the traced model's data plus likelihoodData(counts); `areaDeg2[i]`: sky area of term i. */
export function handCounts(data: Record<string, DataValue>, areaDeg2: readonly number[]): HandCounts {
  const arr = (k: string): Float64Array => {
    const v = data[k];
    if (!v) throw new Error(`hand counts: no data array '${k}'`);
    return ArrayBuffer.isView(v) ? v : v.values;
  };
  const nBands = areaDeg2.length;
  const zc = arr('zc');
  const isSb = arr('isSb');
  const xu = arr('xu');
  const tRef = arr('tempRef');
  const nC = zc.length;
  const normNu = arr('normNu');
  const normW = arr('normW');
  const thick = arr('opacityThick')[0] !== 0;
  const lambda0Ref = arr('lambda0Um')[0];
  const betaRef = arr('betaRef')[0];
  const alphaRef = arr('alphaRef')[0];
  const lirRef = arr('lirRef')[0];
  const logS0 = arr('logS0')[0];
  const table = arr('table');
  const classOfQ = arr('classOfQ');
  const wConst = arr('wConst');
  const wSb = arr('wSb');
  const nQ = classOfQ.length;
  const band = Array.from({ length: nBands }, (_, i) => ({
    rest: arr(`restNu${i}`),
    w: arr(`bandW${i}`),
    edges: arr(`edges${i}`),
    rowBase: arr(`rowBase${i}`),
    loI: arr(`loIdx${i}`),
    hiI: arr(`hiIdx${i}`),
    fixed: arr(`fixed${i}`),
    n: arr(`nObs${i}`),
    lnf: arr(`logNFact${i}`),
    sr: areaDeg2[i] * (Math.PI / 180) ** 2,
    refLogK: new Float64Array(nC),
  }));
  const maxE = Math.max(...band.map((b) => b.edges.length));
  // Scratch: per class T, shift and ∂(log K/ln 10)/∂(T, β, α) (reused per band); per (q, e) C and its slope.
  const temp = new Float64Array(nC);
  const lu = new Float64Array(nC);
  const toSb = new Uint8Array(nC);
  const lkT = new Float64Array(nC);
  const gS = new Float64Array(nC);
  const shift = new Float64Array(nC);
  const dT = new Float64Array(nC);
  const dB = new Float64Array(nC);
  const dA = new Float64Array(nC);
  const dL0 = new Float64Array(nC);
  const slope = new Float64Array(nQ * maxE);
  const cum = new Float64Array(nQ * maxE);
  const atEdges = new Float64Array(maxE);
  const edgeCells = new Float64Array(maxE);
  const gA = new Float64Array(maxE);
  // Data-only node quantities, computed once (as the jit hoists them): ln ν, λ = c/ν, ln λ.
  const nodes = (nu: Float64Array) => ({
    nu,
    lnNu: nu.map(Math.log),
    lam: nu.map((f) => C_UM / f),
    lnLam: nu.map((f) => Math.log(C_UM / f)),
    nu3: nu.map((f) => f * f * f),
  });
  const normNodes = nodes(normNu);
  // Per call, the λ0- and β-dependent part of the MBB at the normalisation nodes (the same for every class).
  const normPow = new Float64Array(normNu.length);
  const normMB = new Float64Array(normNu.length);
  const normML0 = new Float64Array(normNu.length);
  const bandNodes = band.map((bd) => nodes(bd.rest));
  // Per class, per call: the SED's λ_c(T, α), N_pl and their partials; Σ_norm w s_ν and its partials.
  const cls = { lc: 0, dlcT: 0, dlcA: 0, lnLc: 0, nPl: 0, nplT: 0, nplLc: 0, nplB: 0, nplL0: 0 };
  const sum = { v: 0, vT: 0, vB: 0, vA: 0, vL0: 0 };
  const normV = new Float64Array(nC);
  const normT = new Float64Array(nC);
  const normB = new Float64Array(nC);
  const normA = new Float64Array(nC);
  const normL0 = new Float64Array(nC);

  /**
   * The MBB's numerator at ln ν for emissivity b and λ0 (`mbbNum`): ν^{3+b} (thin) or (1 − e^{−τ}) ν³,
   * τ = (λ0 ν/c)^b; with ∂ log/∂β, ∂ log/∂λ0 and d log/d ln ν − 3.
   */
  const num = { v: 0, dB: 0, dL0: 0, dLnNu: 0 };
  let lnL0OverC = 0; // ln(λ0/c), set with λ0 (once per call, as the jit hoists ln ν/c and computes ln λ0 once)
  function mbbNum(lnNu: number, nu3: number, b: number, lambda0: number) {
    if (!thick) {
      num.v = Math.exp(lnNu * (b + 3));
      num.dB = lnNu;
      num.dL0 = 0;
      num.dLnNu = b;
      return;
    }
    const l = lnNu + lnL0OverC;
    const tau = Math.exp(l * b);
    const o = -Math.expm1(-tau);
    const h = (tau * (1 - o)) / o; // d log(1 − e^{−τ}) / d log τ, with e^{−τ} = 1 − o
    num.v = o * nu3;
    num.dB = h * l;
    num.dL0 = (h * b) / lambda0;
    num.dLnNu = h * b;
  }

  /** s_ν = MBB + N_pl λ^α e^{−(λ/λ_c)²}, N_pl = MBB(ν_c)/λ_c^α: the class part. */
  function prepareClass(T: number, b: number, a: number, lambda0: number) {
    const a0 = 26.68 + 6.246 * a;
    const p1 = 1.905e-4 + 7.243e-5 * a;
    const P = a0 ** -2 + p1 * T;
    const lc = 0.75 / P;
    cls.lc = lc;
    // dλ_c/dX = −λ_c/P dP/dX
    cls.dlcT = (-lc / P) * p1;
    cls.dlcA = (-lc / P) * (-2 * 6.246 * a0 ** -3 + 7.243e-5 * T);
    const nuC = C_UM / lc;
    const xc = (nuC * H_K) / T;
    const emc = Math.expm1(xc);
    cls.lnLc = Math.log(lc);
    mbbNum(Math.log(nuC), nuC * nuC * nuC, b, lambda0);
    cls.nPl = num.v / emc / Math.exp(cls.lnLc * a);
    const bose = (xc * (emc + 1)) / emc; // −d log expm1(x)/d log x
    // ∂ log N_pl at fixed λ_c (in T, β, λ0), and its derivative in λ_c (through ν_c = c/λ_c and λ_c^α).
    cls.nplT = bose / T;
    cls.nplB = num.dB;
    cls.nplL0 = num.dL0;
    cls.nplLc = (-(3 + num.dLnNu) + bose - a) / cls.lc;
  }

  /**
   * Σ_k w_k s_ν(ν_k) over nodes [off, off + len) and (when `deriv`) its partials in T, β, α, λ0, into
   * `sum`. `pre`: the MBB numerator and its log-derivatives in β and λ0 per node, when precomputed.
   */
  function sumShape(
    nd: ReturnType<typeof nodes>,
    wt: Float64Array,
    off: number,
    T: number,
    b: number,
    a: number,
    lambda0: number,
    deriv: boolean,
    pre?: { v: Float64Array; dB: Float64Array; dL0: Float64Array },
  ) {
    const { lc, dlcT, dlcA, lnLc, nPl, nplT, nplLc, nplB, nplL0 } = cls;
    let v = 0;
    let vT = 0;
    let vB = 0;
    let vA = 0;
    let vL0 = 0;
    for (let k = 0; k < wt.length; k++) {
      const lnNu = nd.lnNu[off + k];
      const lam = nd.lam[off + k];
      const lnLam = nd.lnLam[off + k];
      const x = (nd.nu[off + k] * H_K) / T;
      const em = Math.expm1(x);
      let numV: number;
      let numB: number;
      let numL0: number;
      if (pre) {
        numV = pre.v[k];
        numB = pre.dB[k];
        numL0 = pre.dL0[k];
      } else {
        mbbNum(lnNu, nd.nu3[off + k], b, lambda0);
        numV = num.v;
        numB = num.dB;
        numL0 = num.dL0;
      }
      const mbb = numV / em;
      const r = lam / lc;
      const pl = nPl * Math.exp(lnLam * a - r * r); // λ^α e^{−r²} in one exp, as the jit fuses it
      v += wt[k] * (mbb + pl);
      if (!deriv) continue;
      const dLc = nplLc + (2 * r * r) / lc; // ∂ log(power law)/∂λ_c
      vT += wt[k] * ((mbb * x * (em + 1)) / em / T + pl * (nplT + dLc * dlcT));
      vB += wt[k] * (mbb * numB + pl * nplB);
      vA += wt[k] * pl * (lnLam - lnLc + dLc * dlcA);
      vL0 += wt[k] * (mbb * numL0 + pl * nplL0);
    }
    sum.v = v;
    sum.vT = vT;
    sum.vB = vB;
    sum.vA = vA;
    sum.vL0 = vL0;
  }

  // log K at the reference point: data only, once.
  lnL0OverC = Math.log(lambda0Ref) - Math.log(C_UM);
  for (let c = 0; c < nC; c++) {
    prepareClass(tRef[c], betaRef, alphaRef, lambda0Ref);
    sumShape(normNodes, normW, 0, tRef[c], betaRef, alphaRef, lambda0Ref, false);
    const norm = sum.v;
    band.forEach((bd, i) => {
      sumShape(bandNodes[i], bd.w, c * bd.w.length, tRef[c], betaRef, alphaRef, lambda0Ref, false);
      bd.refLogK[c] = Math.log(sum.v) - Math.log(norm);
    });
  }

  function valueAndGrad(th: Float64Array, grad: Float64Array): number {
    const [T0, beta, alpha, uSlope, uSb, sigU, sbFrac, lir, lambda0Param] = th;
    const lambda0 = thick ? lambda0Param : lambda0Ref;
    lnL0OverC = Math.log(lambda0) - Math.log(C_UM);
    let gT0 = 0;
    let gBeta = 0;
    let gAlpha = 0;
    let gSlope = 0;
    let gUSb = 0;
    let gSig = 0;
    let gF = 0;
    let gLir = 0;
    let gL0 = 0;
    const logUsb = Math.log10(uSb);
    // The MBB numerator of the normalisation nodes is the same for every class: once per call
    for (let k = 0; k < normPow.length; k++) {
      mbbNum(normNodes.lnNu[k], normNodes.nu3[k], beta, lambda0);
      normPow[k] = num.v;
      normMB[k] = num.dB;
      normML0[k] = num.dL0;
    }
    const normPre = { v: normPow, dB: normMB, dL0: normML0 };
    for (let c = 0; c < nC; c++) {
      const ms = uSlope * zc[c] + LOG10_5;
      toSb[c] = isSb[c] && !(ms >= logUsb) ? 1 : 0; // max(ms, log uSb): gradient to ms on ties, as the jit
      lu[c] = (toSb[c] ? logUsb : ms) + xu[c] * sigU;
      temp[c] = Math.exp(((lu[c] - LOG10_5) / (beta + 4) + Math.log10(T0)) * Math.LN10);
      lkT[c] = 0;
    }
    const lirShift = Math.log(lir / lirRef) / Math.LN10;
    let total = 0;
    for (const bd of band) {
      const { edges, rowBase, loI, hiI, fixed, n, lnf, sr } = bd;
      const nE = edges.length;
      // Forward: shifts, then the interpolated cumulative counts at every edge.
      atEdges.fill(0, 0, nE);
      for (let e = 0; e < nE; e++) edgeCells[e] = (edges[e] - logS0) / FINE_STEP;
      const bn = bandNodes[band.indexOf(bd)];
      for (let c = 0; c < nC; c++) {
        const T = temp[c];
        prepareClass(T, beta, alpha, lambda0);
        if (bd === band[0]) {
          sumShape(normNodes, normW, 0, T, beta, alpha, lambda0, true, normPre);
          normV[c] = sum.v;
          normT[c] = sum.vT / sum.v;
          normB[c] = sum.vB / sum.v;
          normA[c] = sum.vA / sum.v;
          normL0[c] = sum.vL0 / sum.v;
        }
        sumShape(bn, bd.w, c * bd.w.length, T, beta, alpha, lambda0, true);
        // s_c = (log band − log norm − log K_ref)/ln 10 + log10(L_IR/SFR ratio)
        shift[c] = (Math.log(sum.v) - Math.log(normV[c]) - bd.refLogK[c]) / Math.LN10 + lirShift;
        dT[c] = (sum.vT / sum.v - normT[c]) / Math.LN10;
        dB[c] = (sum.vB / sum.v - normB[c]) / Math.LN10;
        dA[c] = (sum.vA / sum.v - normA[c]) / Math.LN10;
        dL0[c] = (sum.vL0 / sum.v - normL0[c]) / Math.LN10;
      }
      for (let q = 0; q < nQ; q++) {
        const w = wConst[q] + wSb[q] * sbFrac;
        const s = shift[classOfQ[q]] / FINE_STEP;
        const base = rowBase[q];
        for (let e = 0; e < nE; e++) {
          // the grid is uniform: the cell is floor of the position in cells, clamped to the table
          const x = edgeCells[e] - s;
          const j = Math.min(N_GRID - 2, Math.max(0, Math.floor(x)));
          const y0 = table[base + j];
          const dy = table[base + j + 1] - y0;
          const v = x - j;
          const t = Math.min(1, Math.max(0, v));
          const cv = y0 + t * dy;
          cum[q * maxE + e] = cv;
          // d clamp/dv is 1 on [0, 1] (max then min, gradients to the argument on ties, as the jit)
          slope[q * maxE + e] = v >= 0 && v <= 1 ? dy / FINE_STEP : 0;
          atEdges[e] += w * cv;
        }
      }
      // Poisson terms and ∂L/∂A at each edge.
      gA.fill(0, 0, nE);
      for (let k = 0; k < loI.length; k++) {
        const lam = (atEdges[hiI[k]] - atEdges[loI[k]] + fixed[k]) * sr;
        total += n[k] * Math.log(lam + 1e-300) - lam - lnf[k];
        const g = (n[k] / (lam + 1e-300) - 1) * sr;
        gA[hiI[k]] += g;
        gA[loI[k]] -= g;
      }
      // Backward through the interpolation: ∂L/∂s_c (x = edge − s) and ∂L/∂f.
      gS.fill(0);
      for (let q = 0; q < nQ; q++) {
        const w = wConst[q] + wSb[q] * sbFrac;
        let gs = 0;
        let gf = 0;
        for (let e = 0; e < nE; e++) {
          gs -= gA[e] * slope[q * maxE + e];
          gf += gA[e] * cum[q * maxE + e];
        }
        gS[classOfQ[q]] += w * gs;
        gF += wSb[q] * gf;
      }
      // Backward through s_c = log K/ln 10 + …: into T_c, β, α and the L_IR/SFR ratio.
      for (let c = 0; c < nC; c++) {
        lkT[c] += gS[c] * dT[c];
        gBeta += gS[c] * dB[c];
        gAlpha += gS[c] * dA[c];
        gL0 += gS[c] * dL0[c];
        gLir += gS[c] / (lir * Math.LN10);
      }
    }
    // Backward through T_c = 10^{(lu − log 5)/(4+β) + log T0}.
    for (let c = 0; c < nC; c++) {
      const gLogT = lkT[c] * temp[c] * Math.LN10;
      gT0 += gLogT / (T0 * Math.LN10);
      gBeta -= (gLogT * (lu[c] - LOG10_5)) / (beta + 4) ** 2;
      const gLu = gLogT / (beta + 4);
      gSig += gLu * xu[c];
      if (toSb[c]) gUSb += gLu / (uSb * Math.LN10);
      else gSlope += gLu * zc[c];
    }
    grad[0] = gT0;
    grad[1] = gBeta;
    grad[2] = gAlpha;
    grad[3] = gSlope;
    grad[4] = gUSb;
    grad[5] = gSig;
    grad[6] = gF;
    grad[7] = gLir;
    grad[8] = thick ? gL0 : 0;
    return total;
  }
  return { valueAndGrad };
}

/** Largest |a_j − b_j| / max(|b_j|, floor·‖b‖∞) over components. */
export function maxRelativeDifference(a: Float64Array, b: Float64Array, floor = 1e-6): number {
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let j = 0; j < b.length; j++)
    worst = Math.max(worst, Math.abs(a[j] - b[j]) / Math.max(Math.abs(b[j]), floor * scale, 1e-300));
  return worst;
}
