/**
 * The SIDES stellar mass function (Béthermin et al. 2017, A&A 607, A89; "converted to Bolshoi
 * cosmology"): a double Schechter per redshift node,
 *   Φ(log M) = ln10 · e^{−x} [Φ1 x^{α1+1} + Φ2 x^{α2+1}],  x = M / M_knee   [Mpc⁻³ dex⁻¹].
 * Values: data/sides/smf_sides2017_double_schechter.csv (from PRONTOLab/BayesMM.jl
 * SMF_SIDES_2017.txt, MIT); test/model/smf.test.ts checks this table against that file.
 * Between nodes the parameters are interpolated linearly in z (design memo §2.1); beyond the last
 * node they are held constant.
 */

/** Rows: z, log10 M_knee, Φ1, Φ2, α1, α2. */
export const SIDES_SMF: readonly (readonly [number, number, number, number, number, number])[] = [
  [0.03, 10.6676, 0.00380054, 0.000672823, -0.43, -1.5],
  [0.35, 10.8562, 0.00214516, 8.94249e-5, -0.95, -1.82],
  [0.65, 10.7851, 0.0020118, 0.000529158, -0.57, -1.49],
  [0.95, 10.7043, 0.0024841, 0.00053109, -0.33, -1.49],
  [1.3, 10.6835, 0.00122032, 0.000532687, 0.19, -1.49],
  [1.75, 10.6726, 0.000896899, 0.000470804, -0.19235, -1.45],
  [2.25, 10.5139, 0.00032704, 0.000443296, 0.823115, -1.45],
  [3, 10.5138, 0.000173208, 0.000269373, 0.707436, -1.65343],
  [4, 10.7414, 0, 0.000107058, 0, -1.63],
  [5, 10.5611, 0, 6.16516e-5, 0, -1.65],
  [6, 10.2709, 0, 6.45891e-5, 0, -1.55],
  [7, 10.4708, 0, 5.3742e-6, 0, -1.88],
];

/** SMF parameters at redshift z (linear interpolation between nodes). */
export function smfParamsAt(z: number): [number, number, number, number, number, number] {
  const t = SIDES_SMF;
  if (z <= t[0][0]) return [...t[0]];
  const last = t[t.length - 1];
  if (z >= last[0]) return [...last];
  let i = 0;
  while (t[i + 1][0] < z) i++;
  const f = (z - t[i][0]) / (t[i + 1][0] - t[i][0]);
  const out = [0, 0, 0, 0, 0, 0] as [number, number, number, number, number, number];
  for (let k = 0; k < 6; k++) out[k] = t[i][k] + f * (t[i + 1][k] - t[i][k]);
  return out;
}

/** Φ(log10 M*) in Mpc⁻³ dex⁻¹ for SMF parameters `p` (from smfParamsAt). */
export function smfPerDex(p: readonly number[], logM: number): number {
  const x = 10 ** (logM - p[1]);
  return Math.LN10 * Math.exp(-x) * (p[2] * x ** (p[4] + 1) + p[3] * x ** (p[5] + 1));
}
