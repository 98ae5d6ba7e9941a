import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AssociationColumns } from '../../src/assoc/types.js';
import { scoreAssociations } from '../../src/science/score.js';

/** A hand-made two-catalogue result: 3 primaries, their candidate rows and probabilities. */
function handMade(): AssociationColumns {
  // primary 0: candidates j=0 (true, p_i .8), j=1 (.15); none .05, p_any .95
  // primary 1: candidate j=2 (false, .6); none .4, p_any .6
  // primary 2: no candidate
  const rows = [Int32Array.from([0, 0, 0, 1, 1, 2]), Int32Array.from([-1, 0, 1, -1, 2, -1])];
  const pI = Float64Array.from([0.05, 0.8, 0.15, 0.4, 0.6, 1]);
  const pAny = Float64Array.from([0.95, 0.95, 0.95, 0.6, 0.6, 0]);
  const n = rows[0].length;
  const z = () => new Float64Array(n);
  return {
    nrows: n,
    rows,
    separationArcsec: [z()],
    pairs: [[1, 0]],
    separationMaxArcsec: z(),
    ncat: new Int16Array(n),
    logBayesFactor: z(),
    logBayesFactorCorrected: z(),
    distPost: z(),
    bias: [],
    pSingle: z(),
    pAny,
    pI,
    matchFlag: new Int16Array(n),
    covered: [undefined, undefined],
  };
}

test('completeness and purity follow from the best association and the truth', () => {
  const s = scoreAssociations({
    result: handMade(),
    // primary truth rows; secondary detections 0,1,2 come from truth rows 10, 99, 55; primary 2's source (12) is detected as j=3.
    primaryTruth: Int32Array.from([10, 11, 12]),
    secondaryTruth: [Int32Array.from([10, 99, 55, 12])],
    names: ['SPT', 'RADIO'],
    thresholds: [0, 0.5, 0.9, 0.99],
  })[0];
  assert.equal(s.withTrueCounterpart, 2); // primaries 0 and 2
  assert.equal(s.trueCounterpartInCandidates, 1); // primary 2's counterpart was outside the radius
  assert.deepEqual(s.claimed, [2, 2, 1, 0]);
  assert.deepEqual(s.correct, [1, 1, 1, 0]);
  assert.deepEqual(s.completeness, [0.5, 0.5, 0.5, 0]);
  assert.deepEqual(s.purity.slice(0, 3), [0.5, 0.5, 1]);
  assert.ok(Number.isNaN(s.purity[3]));
});
