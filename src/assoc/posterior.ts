/**
 * Group posteriors (Salvato et al. 2018 eqs. 6–9; memo nway.md §2.6–2.7), computed in log10 space
 * with log-sum-exp. Rows of a group are contiguous and its first row is the no-counterpart row.
 */

/** Budavári & Szalay (2008) single-association posterior: 1 / (1 + (1−P)/(BF·P)), from log10 BF and log10 P. */
export function singlePosterior(log10BF: number, log10Prior: number): number {
  const prior = 10 ** log10Prior;
  return 1 / (1 + (1 - prior) * 10 ** (-log10BF - log10Prior));
}

/** log10 Σ 10^v[i] for i in [from, to), with the maximum factored out; −∞ for an empty or all −∞ set. */
export function log10SumExp(v: Float64Array, from: number, to: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) if (v[i] > m) m = v[i];
  if (m === Number.NEGATIVE_INFINITY) return m;
  let s = 0;
  for (let i = from; i < to; i++) s += 10 ** (v[i] - m);
  return m + Math.log10(s);
}

/**
 * Fills pAny, pI and matchFlag for rows [from, to) of one group from the log weights
 * logW = total log10 BF + log10 prior:
 *   p_any = 1 − 10^(v₀ − log10 Σ_all 10^v),  p_i = 10^(v − log10 Σ_{≠first} 10^v), p_i = 0 on the first row;
 *   match_flag = 1 where p_i equals the group's best, 2 where p_i > acceptable·best, else 0.
 * Fix of NWAY's NaN case (every candidate with weight 0 through a bias of 0): p_i = 0, and flag 1 goes to
 * the no-counterpart row, as when a primary has no candidate at all.
 */
export function groupPosteriors(
  logW: Float64Array,
  from: number,
  to: number,
  acceptableProb: number,
  pAny: Float64Array,
  pI: Float64Array,
  matchFlag: Int16Array,
): void {
  const v0 = logW[from];
  const all = log10SumExp(logW, from, to);
  const others = log10SumExp(logW, from + 1, to);
  const any = to - from > 1 && others !== Number.NEGATIVE_INFINITY ? 1 - 10 ** (v0 - all) : 0;
  let best = 0;
  for (let i = from; i < to; i++) {
    pAny[i] = any;
    const p = i === from || others === Number.NEGATIVE_INFINITY ? 0 : 10 ** (logW[i] - others);
    pI[i] = p;
    if (p > best) best = p;
  }
  for (let i = from; i < to; i++) {
    const p = pI[i];
    if (best === 0) matchFlag[i] = i === from ? 1 : 0;
    else matchFlag[i] = p === best ? 1 : p > acceptableProb * best ? 2 : 0;
  }
}
