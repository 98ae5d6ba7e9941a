/**
 * Analytic dust SED (Casey 2012, MNRAS 425, 3094, eq. 3): a modified black body plus a mid-IR power
 * law that takes over blueward of λ_c. Optically thin form (λ0 = 0):
 *   s_ν(λ) = ν^{3+β} / (e^{hν/kT} − 1)  +  N_pl λ^{α_MIR} e^{−(λ/λ_c)²};
 * general-opacity form (λ0 > 0, the wavelength where τ = 1; Casey 2012 eq. 3 with λ0 = 200 µm):
 *   s_ν(λ) = (1 − e^{−(λ0/λ)^β}) ν³ / (e^{hν/kT} − 1)  +  N_pl λ^{α_MIR} e^{−(λ/λ_c)²},
 * which equals the thin form times λ0^β (a constant) where τ ≪ 1,
 *   λ_c = 0.75 [(26.68 + 6.246 α)^{−2} + (1.905e−4 + 7.243e−5 α) T]^{−1} µm   (Casey 2012 Table 1 note; used for both forms),
 * with N_pl fixed by continuity of the two terms at λ_c (N_pl λ_c^α equals the MBB there).
 * Shapes are normalised so that ∫_{8 µm}^{1000 µm} L_ν dν = L_IR (design memo §4.2).
 */

const H_OVER_K_K_PER_GHZ = 0.04799243073; // h/k in K GHz⁻¹
const C_UM_GHZ = 299792.458;

export interface DustSedShape {
  tempK: number;
  beta: number;
  alphaMir: number;
  /** Wavelength (µm) where the dust optical depth is 1; 0 = optically thin. */
  lambda0Um: number;
  lambdaCUm: number;
  nPl: number;
  /** ∫_{8–1000 µm} s_ν dν in (shape units) × GHz. */
  norm: number;
}

function mbb(nuGHz: number, tempK: number, beta: number, lambda0Um: number): number {
  const x = (H_OVER_K_K_PER_GHZ * nuGHz) / tempK;
  if (x > 700) return 0;
  if (lambda0Um > 0) return (-Math.expm1(-(((lambda0Um * nuGHz) / C_UM_GHZ) ** beta)) * nuGHz ** 3) / Math.expm1(x);
  return nuGHz ** (3 + beta) / Math.expm1(x);
}

/** Unnormalised s_ν at frequency ν (GHz). */
export function dustShapeRaw(shape: Omit<DustSedShape, 'norm'>, nuGHz: number): number {
  const lambdaUm = C_UM_GHZ / nuGHz;
  const r = lambdaUm / shape.lambdaCUm;
  return (
    mbb(nuGHz, shape.tempK, shape.beta, shape.lambda0Um) + shape.nPl * lambdaUm ** shape.alphaMir * Math.exp(-r * r)
  );
}

/**
 * The SED shape for temperature T (K), emissivity β, mid-IR slope α and τ = 1 wavelength λ0 (µm;
 * 0 = optically thin). NaN fields for T ≤ 0.
 */
export function dustSedShape(tempK: number, beta: number, alphaMir: number, lambda0Um = 0): DustSedShape {
  const lambdaCUm = 0.75 / ((26.68 + 6.246 * alphaMir) ** -2 + (1.905e-4 + 7.243e-5 * alphaMir) * tempK);
  const nPl = mbb(C_UM_GHZ / lambdaCUm, tempK, beta, lambda0Um) / lambdaCUm ** alphaMir;
  const partial = { tempK, beta, alphaMir, lambda0Um, lambdaCUm, nPl };
  // ∫ s_ν dν over 8–1000 µm = ∫ ν s_ν dln ν (Simpson in ln ν, 800 steps).
  const lo = Math.log(C_UM_GHZ / 1000);
  const hi = Math.log(C_UM_GHZ / 8);
  const n = 800;
  const h = (hi - lo) / n;
  let acc = 0;
  for (let i = 0; i <= n; i++) {
    const nu = Math.exp(lo + i * h);
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    acc += w * nu * dustShapeRaw(partial, nu);
  }
  return { ...partial, norm: (acc * h) / 3 };
}

/** L_ν / L_IR in Hz⁻¹ at rest frequency ν (GHz) for a normalised shape. */
export function dustLnuPerLir(shape: DustSedShape, nuGHz: number): number {
  return dustShapeRaw(shape, nuGHz) / (shape.norm * 1e9);
}
