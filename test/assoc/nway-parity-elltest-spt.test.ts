/**
 * Acceptance 1 (issue 3): `mmassoc nway` reproduces NWAY's outputs, for NWAY's own circular-error
 * test runs (elltest) and the SPT-like runs. Inputs, command lines and outputs:
 * ../shared/reference/nway (README there). Tolerances: probabilities 2e-6 absolute, log10 Bayes
 * factors 1e-5 relative (NWAY writes float32), separations/biases 1e-6 relative.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { associate } from '../../src/assoc/engine.js';
import { compareWithReference, type ParityReport, referenceInputs, referenceOutput } from './nway-reference.js';

function run(
  label: string,
  skipGroup?: (id: number) => boolean,
): { report: ParityReport; ms: number; ours: ReturnType<ReturnType<typeof associate>['toTable']> } {
  const { catalogs, options } = referenceInputs(label);
  const t0 = performance.now();
  const ours = associate(catalogs, options).toTable();
  const ms = performance.now() - t0;
  const ref = referenceOutput(label);
  assert.deepEqual(ours.names, ref.names, 'same output columns in the same order');
  const ids = catalogs.map((c) => `${c.name}_ID`);
  const report = compareWithReference(ours, ref, ids, skipGroup);
  process.stdout.write(
    `# ${label}: ${ours.nrows} rows (NWAY ${ref.nrows}) in ${ms.toFixed(0)} ms; max |Δp| ${report.maxAbsProb.toExponential(2)}, max rel Δ log BF ${report.maxRelLogBF.toExponential(2)}\n`,
  );
  return { report, ms, ours };
}

/**
 * Fixed on purpose (docs/association.md, quirk "float32 ties"): NWAY's separations are float32, so two
 * candidates whose separations differ by less than a float32 ulp tie exactly and both get match_flag 1;
 * ours are float64, so only the better one gets 1 and its near-twin 2. A mismatch is allowed only for
 * such a row: NWAY flags it 1, its group has ≥ 2 flag-1 rows, we flag it 2, and its p_i equals the best to 1e-6.
 */
function onlyFloat32Ties(label: string, report: ParityReport, ours: ReturnType<typeof run>['ours']): number {
  const ref = referenceOutput(label);
  const refFlag = ref.float64('match_flag');
  const prim = ref.float64(ref.names[0]);
  const refPi = ref.float64('p_i');
  const ourKeyRow = new Map<string, number>();
  const ourIds = ours.names.filter((n) => n.endsWith('_ID')).map((n) => ours.float64(n));
  for (let i = 0; i < ours.nrows; i++) ourKeyRow.set(ourIds.map((a) => a[i]).join('/'), i);
  const refIds = ref.names.filter((n) => n.endsWith('_ID')).map((n) => ref.float64(n));
  const ourPi = ours.float64('p_i');
  let n = 0;
  for (const m of report.mismatches) {
    assert.equal(m.column, 'match_flag', `${label}: unexpected mismatch ${JSON.stringify(m)}`);
    assert.equal(m.ref, 1);
    assert.equal(m.ours, 2);
    let ones = 0;
    let best = 0;
    for (let r = 0; r < ref.nrows; r++)
      if (prim[r] === prim[m.refRow]) {
        if (refFlag[r] === 1) ones++;
        best = Math.max(best, refPi[r]);
      }
    assert.ok(ones >= 2, `${label}: NWAY group of row ${m.refRow} has a single flag-1 row`);
    const i = ourKeyRow.get(refIds.map((a) => a[m.refRow]).join('/')) as number;
    assert.ok(Math.abs(ourPi[i] - best) <= 1e-6 * best, `${label}: row ${m.refRow} is not a float32 tie`);
    n++;
  }
  return n;
}

test('random_circtest (NWAY CI: CHANDRA × 1″-grid OPT, --min-prob 0.01): parity; float32 ties are the only differences', () => {
  const { report, ours } = run('random_circtest');
  assert.equal(report.ourRows, report.refRows);
  assert.deepEqual(report.extraKeys, []);
  assert.deepEqual(report.missingKeys, []);
  assert.ok(report.sameOrder);
  // NWAY: 9 groups with several flag-1 rows from float32-tied separations.
  assert.equal(onlyFloat32Ties('random_circtest', report, ours), 9);
});

test('random_circtest_full: 37708 rows — the two pairs NWAY’s flat-sky hashing misses are found; everything else equal', () => {
  // NWAY misses CHANDRA 3 – OPT 61552 (9.99506″) and CHANDRA 11 – OPT 61550 (9.99539″): its RA cells
  // are `radius` wide in RA degrees, not on the sky (memo §2.8). Those two groups' probabilities then
  // differ by construction, so they are left out of the value comparison.
  const { report, ours } = run('random_circtest_full', (id) => id === 3 || id === 11);
  assert.equal(report.ourRows, 37708);
  assert.equal(report.refRows, 37706);
  assert.deepEqual(report.extraKeys.sort(), ['11/61550', '3/61552']);
  assert.deepEqual(report.missingKeys, []);
  assert.ok(report.sameOrder);
  const sep = ours.float64('Separation_OPT_CHANDRA');
  const ch = ours.float64('CHANDRA_ID');
  const opt = ours.float64('OPT_ID');
  for (let i = 0; i < ours.nrows; i++) {
    if (ch[i] === 3 && opt[i] === 61552) assert.ok(Math.abs(sep[i] - 9.99506) < 1e-5 && sep[i] < 10);
    if (ch[i] === 11 && opt[i] === 61550) assert.ok(Math.abs(sep[i] - 9.99539) < 1e-5 && sep[i] < 10);
  }
  onlyFloat32Ties('random_circtest_full', report, ours);
});

for (const label of ['spt3_a1', 'spt3_a4', 'spt3_a16', 'spt2radio_a16']) {
  test(`${label} (SPT-like, HEALPix regime in NWAY): exact parity`, () => {
    const { report } = run(label);
    assert.equal(report.ourRows, report.refRows);
    assert.deepEqual(report.extraKeys, []);
    assert.deepEqual(report.missingKeys, []);
    assert.ok(report.sameOrder);
    assert.deepEqual(report.mismatches, []);
  });
}

test('spt3_a16: a primary without candidates keeps its no-counterpart row with match_flag 1 (NWAY convention, reproduced)', () => {
  const { ours } = run('spt3_a16');
  const ncat = ours.float64('ncat');
  const flag = ours.float64('match_flag');
  const id = ours.float64('SPT_ID');
  let lonely = 0;
  for (let i = 0; i < ours.nrows; i++) {
    const alone = ncat[i] === 1 && (i + 1 === ours.nrows || id[i + 1] !== id[i]);
    if (alone) {
      lonely++;
      assert.equal(flag[i], 1);
    }
  }
  assert.equal(lonely, 39); // memo §2.7: 39 such groups in SPT a16
});

test('spt3mag_a16 (flux priors from NWAY’s 5-decimal histogram files): parity, including bias 100 and 0 read from the file', () => {
  const { report, ours } = run('spt3mag_a16');
  assert.equal(report.ourRows, report.refRows);
  assert.deepEqual(report.mismatches, []);
  // The file's rounding gives densities of 0.00000: "others" 0 → bias 100 (26 rows per column), "selected" 0 → 0
  // (2 RADIO rows). A file is read the way NWAY reads it; our own files are full precision (quirk table).
  const count = (name: string, v: number) => ours.float64(name).filter((x) => x === v).length;
  assert.equal(count('bias_FIR_S250', 100), 26);
  assert.equal(count('bias_RADIO_S1400', 100), 26);
  assert.equal(count('bias_RADIO_S1400', 0), 2);
});
