/**
 * Scores an association run against the forward model's truth: for each secondary catalogue,
 * completeness and purity of the claimed counterparts as the p_any threshold varies.
 *
 * A primary has a true counterpart in catalogue c when some detection of c comes from the same
 * truth source as the primary's detection. A primary is claimed when p_any ≥ threshold and its best
 * association (highest p_i) includes a member of c; the claim is correct when that member is a true
 * counterpart.
 *   completeness(t) = correct(t) / (primaries with a true counterpart in c)
 *   purity(t)       = correct(t) / claimed(t)
 */
import type { AssociationColumns } from '../assoc/types.js';

export interface CatalogueScore {
  catalogue: string;
  thresholds: number[];
  completeness: number[];
  purity: number[];
  claimed: number[];
  correct: number[];
  /** Primaries with a true counterpart detected in this catalogue. */
  withTrueCounterpart: number;
  /** Of those, how many had the true counterpart among their candidates (inside the search radius). */
  trueCounterpartInCandidates: number;
}

export interface ScoreInput {
  result: AssociationColumns;
  /** Truth row of each primary detection (−1 if unknown). */
  primaryTruth: Int32Array;
  /** Per secondary catalogue (index 1…k−1 of the association), the truth row of each detection. */
  secondaryTruth: Int32Array[];
  names: string[];
  thresholds?: number[];
}

const DEFAULT_THRESHOLDS = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * Best association row of each primary: the candidate (a row with at least one secondary member)
 * of highest p_i, first on ties as NWAY's match_flag; −1 when the primary has no candidate.
 */
export function bestRowPerPrimary(result: AssociationColumns, nPrimary: number): Int32Array {
  const best = new Int32Array(nPrimary).fill(-1);
  const prim = result.rows[0];
  for (let r = 0; r < result.nrows; r++) {
    let hasMember = false;
    for (let c = 1; c < result.rows.length && !hasMember; c++) hasMember = result.rows[c][r] >= 0;
    if (!hasMember) continue;
    const i = prim[r];
    const b = best[i];
    if (b < 0 || result.pI[r] > result.pI[b]) best[i] = r;
  }
  return best;
}

export function scoreAssociations(input: ScoreInput): CatalogueScore[] {
  const { result, primaryTruth, secondaryTruth, names } = input;
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const nPrimary = primaryTruth.length;
  const best = bestRowPerPrimary(result, nPrimary);
  const scores: CatalogueScore[] = [];
  for (let c = 1; c < result.rows.length; c++) {
    const truthOf = secondaryTruth[c - 1];
    // Which truth sources were detected in catalogue c.
    const detectedTruth = new Set<number>();
    for (let j = 0; j < truthOf.length; j++) if (truthOf[j] >= 0) detectedTruth.add(truthOf[j]);
    const hasTrue = new Uint8Array(nPrimary);
    let withTrue = 0;
    for (let i = 0; i < nPrimary; i++)
      if (primaryTruth[i] >= 0 && detectedTruth.has(primaryTruth[i])) {
        hasTrue[i] = 1;
        withTrue++;
      }
    const inCandidates = new Uint8Array(nPrimary);
    for (let r = 0; r < result.nrows; r++) {
      const j = result.rows[c][r];
      const i = result.rows[0][r];
      if (j >= 0 && primaryTruth[i] >= 0 && truthOf[j] === primaryTruth[i]) inCandidates[i] = 1;
    }
    const claimed: number[] = [];
    const correct: number[] = [];
    for (const t of thresholds) {
      let nClaimed = 0;
      let nCorrect = 0;
      for (let i = 0; i < nPrimary; i++) {
        const r = best[i];
        if (r < 0 || !(result.pAny[r] >= t)) continue;
        const j = result.rows[c][r];
        if (j < 0) continue;
        nClaimed++;
        if (primaryTruth[i] >= 0 && truthOf[j] === primaryTruth[i]) nCorrect++;
      }
      claimed.push(nClaimed);
      correct.push(nCorrect);
    }
    scores.push({
      catalogue: names[c],
      thresholds: [...thresholds],
      completeness: correct.map((n) => (withTrue > 0 ? n / withTrue : Number.NaN)),
      purity: correct.map((n, k) => (claimed[k] > 0 ? n / claimed[k] : Number.NaN)),
      claimed,
      correct,
      withTrueCounterpart: withTrue,
      trueCounterpartInCandidates: inCandidates.reduce((a, b) => a + b, 0),
    });
  }
  return scores;
}
