/**
 * The k-way Bayes factor for positions with full 2×2 Gaussian covariances on the tangent plane
 * (Budavári & Szalay 2008, ApJ 679, 301, §2–3, generalised to anisotropic errors as in
 * Pineau et al. 2017, A&A 597, A89, §2.2). The equations are in docs/association.md
 * ("Elliptical errors").
 *
 * For k positions x_i with covariances Σ_i and precisions W_i = Σ_i⁻¹, W = Σ W_i:
 *
 *   BF = (4π)^(k−1) ∫ Π_i N(x_i | m, Σ_i) dm
 *   ln BF = (k−1) ln 2 + ½ Σ ln|W_i| − ½ ln|W| − ½ Q,
 *   Q = Σ_i (x_i − m̂)ᵀ W_i (x_i − m̂),   m̂ = W⁻¹ Σ W_i x_i,
 *
 * with W_i in sr⁻¹ (the (4π)^(k−1) is the uniform full-sky density of the "unrelated" hypothesis,
 * as in B&S08 eq. 18). With Σ_i = σ_i² I this is exactly B&S08's circular formula:
 * ½ ln|W_i| = ln w_i and Q = Σ_{i<j} w_i w_j ψ_ij² / W.
 *
 * Covariances are in arcsec² (east, north); offsets in arcsec. The arcsec → radian conversion
 * enters only through the determinants, as 2 ln(206264.8…) per extra catalogue.
 */

/** Arcseconds per radian (180·3600/π). */
export const ARCSEC_PER_RAD = (180 * 3600) / Math.PI;
const LN_ARCSEC_PER_RAD = Math.log(ARCSEC_PER_RAD);
const LN2 = Math.LN2;
const LN10 = Math.LN10;

/** One position error as a tangent-plane covariance, arcsec² (east = +RA direction, north = +Dec). */
export interface Covariance2 {
  varEastArcsec2: number;
  varNorthArcsec2: number;
  covEastNorthArcsec2: number;
}

/**
 * Natural-log k-way Bayes factor, allocation-free, for the engine's hot loop.
 * Member m has offset (east[m], north[m]) in arcsec from any common origin and covariance
 * (varE[m], varN[m], covEN[m]) in arcsec². Returns NaN when a covariance is not positive
 * definite (validated at the boundary, see error-model.ts), 0 when k = 1.
 *
 * @example
 *   // two sources 3″ apart east–west, 1″ circular errors each
 *   lnBayesFactorGaussianFlat(2, [0, 3], [0, 0], [1, 1], [1, 1], [0, 0]);
 */
export function lnBayesFactorGaussianFlat(
  k: number,
  east: ArrayLike<number>,
  north: ArrayLike<number>,
  varE: ArrayLike<number>,
  varN: ArrayLike<number>,
  covEN: ArrayLike<number>,
): number {
  if (k <= 1) return 0;
  // Accumulate W = Σ W_i and b = Σ W_i x_i, and Σ ln|W_i|, with offsets taken relative to member 0
  // so that Q does not lose digits to a large common origin.
  const e0 = east[0];
  const n0 = north[0];
  let wEE = 0;
  let wNN = 0;
  let wEN = 0;
  let bE = 0;
  let bN = 0;
  // Π |Σ_i| instead of Σ ln|Σ_i|: one logarithm per call (|Σ_i| in arcsec⁴ stays far from under/overflow).
  let prodDetSigma = 1;
  for (let m = 0; m < k; m++) {
    const det = varE[m] * varN[m] - covEN[m] * covEN[m];
    if (!(det > 0) || !(varE[m] > 0)) return Number.NaN;
    const inv = 1 / det;
    const pEE = varN[m] * inv;
    const pNN = varE[m] * inv;
    const pEN = -covEN[m] * inv;
    const dx = east[m] - e0;
    const dy = north[m] - n0;
    wEE += pEE;
    wNN += pNN;
    wEN += pEN;
    bE += pEE * dx + pEN * dy;
    bN += pEN * dx + pNN * dy;
    prodDetSigma *= det;
  }
  const detW = wEE * wNN - wEN * wEN;
  const mE = (wNN * bE - wEN * bN) / detW;
  const mN = (wEE * bN - wEN * bE) / detW;
  let q = 0;
  for (let m = 0; m < k; m++) {
    const det = varE[m] * varN[m] - covEN[m] * covEN[m];
    const rx = east[m] - e0 - mE;
    const ry = north[m] - n0 - mN;
    q += (varN[m] * rx * rx - 2 * covEN[m] * rx * ry + varE[m] * ry * ry) / det;
  }
  // ½ Σ ln|W_i| − ½ ln|W| in arcsec⁻², then (k−1) factors of ARCSEC_PER_RAD² for sr⁻¹.
  return (k - 1) * (LN2 + 2 * LN_ARCSEC_PER_RAD) - 0.5 * Math.log(prodDetSigma * detW) - 0.5 * q;
}

/**
 * log10 of the k-way Bayes factor (NWAY's `dist_bayesfactor` convention) for members given as
 * offsets (arcsec) and covariances (arcsec²).
 *
 * @example
 *   logBayesFactorGaussian([{ eastArcsec: 0, northArcsec: 0, cov: ellipseToCovariance(2, 1, 30) },
 *                           { eastArcsec: 1.5, northArcsec: 0.5, cov: circularCovariance(0.3) }]);
 */
export function logBayesFactorGaussian(
  members: readonly { eastArcsec: number; northArcsec: number; cov: Covariance2 }[],
): number {
  return lnBayesFactorGaussian(members) / LN10;
}

/** Natural-log version of {@link logBayesFactorGaussian}. */
export function lnBayesFactorGaussian(
  members: readonly { eastArcsec: number; northArcsec: number; cov: Covariance2 }[],
): number {
  const k = members.length;
  const e = new Float64Array(k);
  const n = new Float64Array(k);
  const ve = new Float64Array(k);
  const vn = new Float64Array(k);
  const c = new Float64Array(k);
  for (let m = 0; m < k; m++) {
    e[m] = members[m].eastArcsec;
    n[m] = members[m].northArcsec;
    ve[m] = members[m].cov.varEastArcsec2;
    vn[m] = members[m].cov.varNorthArcsec2;
    c[m] = members[m].cov.covEastNorthArcsec2;
  }
  return lnBayesFactorGaussianFlat(k, e, n, ve, vn, c);
}

/** A circular error of σ arcsec per axis as a covariance. */
export function circularCovariance(sigmaArcsec: number): Covariance2 {
  const v = sigmaArcsec * sigmaArcsec;
  return { varEastArcsec2: v, varNorthArcsec2: v, covEastNorthArcsec2: 0 };
}

/**
 * A 1-σ error ellipse (semi-major a, semi-minor b in arcsec, position angle of the major axis in
 * degrees east of north) as a covariance: Σ = a² u uᵀ + b² v vᵀ with u = (sin PA, cos PA) the major
 * axis in (east, north) and v ⟂ u.
 */
export function ellipseToCovariance(aArcsec: number, bArcsec: number, paDeg: number): Covariance2 {
  const t = (paDeg * Math.PI) / 180;
  const s = Math.sin(t);
  const c = Math.cos(t);
  const a2 = aArcsec * aArcsec;
  const b2 = bArcsec * bArcsec;
  return {
    varEastArcsec2: a2 * s * s + b2 * c * c,
    varNorthArcsec2: a2 * c * c + b2 * s * s,
    covEastNorthArcsec2: (a2 - b2) * s * c,
  };
}

/** The inverse of {@link ellipseToCovariance}: a ≥ b, PA in [0, 180) degrees east of north. */
export function covarianceToEllipse(cov: Covariance2): { aArcsec: number; bArcsec: number; paDeg: number } {
  const { varEastArcsec2: vE, varNorthArcsec2: vN, covEastNorthArcsec2: cEN } = cov;
  const half = 0.5 * (vE + vN);
  const r = Math.hypot(0.5 * (vN - vE), cEN);
  // Major axis direction (east, north) ∝ eigenvector of the larger eigenvalue; PA = atan2(east, north).
  let pa = (0.5 * Math.atan2(2 * cEN, vN - vE) * 180) / Math.PI;
  if (pa < 0) pa += 180;
  return { aArcsec: Math.sqrt(half + r), bArcsec: Math.sqrt(Math.max(0, half - r)), paDeg: pa };
}

/**
 * Offset of (ra, dec) from (ra0, dec0) on the azimuthal-equidistant tangent plane at (ra0, dec0):
 * east and north components in arcsec, whose length is exactly the great-circle separation
 * (Vincenty's formula) and whose direction is the position angle east of north.
 */
export function tangentOffsetArcsec(
  ra0Deg: number,
  dec0Deg: number,
  raDeg: number,
  decDeg: number,
): { eastArcsec: number; northArcsec: number } {
  const d2r = Math.PI / 180;
  const dRa = (raDeg - ra0Deg) * d2r;
  const d0 = dec0Deg * d2r;
  const d1 = decDeg * d2r;
  const sd0 = Math.sin(d0);
  const cd0 = Math.cos(d0);
  const sd1 = Math.sin(d1);
  const cd1 = Math.cos(d1);
  const x = cd1 * Math.sin(dRa);
  const y = cd0 * sd1 - sd0 * cd1 * Math.cos(dRa);
  const z = sd0 * sd1 + cd0 * cd1 * Math.cos(dRa);
  const sepRad = Math.atan2(Math.hypot(x, y), z);
  const norm = Math.hypot(x, y);
  if (norm === 0) return { eastArcsec: 0, northArcsec: 0 };
  const scale = (sepRad * ARCSEC_PER_RAD) / norm;
  return { eastArcsec: x * scale, northArcsec: y * scale };
}
