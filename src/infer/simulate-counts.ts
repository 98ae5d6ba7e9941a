/**
 * Poisson realisations of the traced model's expected counts: the synthetic skies of the recovery,
 * coverage and SBC runs (docs/validation.md), drawn from exactly the model that is fitted.
 */
import { RandomStream } from '../random/stream.js';
import type { PoissonCounts } from './counts-likelihood.js';
import type { CountsModel } from './fit.js';

/** Replaces n in each Poisson counts set by a draw with the model's expectation at θ (TRACED_PARAMS order). */
export function simulateCounts(
  model: CountsModel,
  theta: Float64Array,
  template: readonly PoissonCounts[],
  seed: number,
): PoissonCounts[] {
  const expected = model.expected(theta);
  return template.map((c, i) => {
    const rng = new RandomStream(seed, i);
    return { ...c, file: `${c.file}#sim${seed}`, n: Float64Array.from(expected[i], (l) => rng.poisson(l)) };
  });
}
