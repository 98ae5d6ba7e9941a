/**
 * Issue 4 acceptance 2: at SPT-SZ depth 75–85 % of the detected sources are synchrotron-dominated, at
 * SPT-3G Main depth 40–60 % (src/model/spt-fractions.ts, docs/validation.md §2). The bars are checked
 * on the AGN expectation by quadrature (no sampling noise: the 400 deg² sample of the bench scatters
 * by ~0.6 percentage point across seeds); the sample, the quadrature and the per-band expected counts
 * are checked against one another.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import erfc from '@stdlib/math-base-special-erfc';
import { agnExpectedDnds } from '../../src/model/agn/expected.js';
import { getSurveyPreset } from '../../src/model/instruments/presets.js';
import { type SurveyPreset, totalNoiseMJy } from '../../src/model/instruments/survey.js';
import { resolveParams } from '../../src/model/params.js';
import { type SptFractions, sptFractionInputs, sptSynchrotronFraction } from '../../src/model/spt-fractions.js';

const params = resolveParams();
const inputs = sptFractionInputs(params);
const expected = new Map<string, SptFractions>();
for (const sv of ['spt-sz', 'spt3g'])
  expected.set(sv, sptSynchrotronFraction(params, sv, { inputs, agnMethod: 'expected' }));

/**
 * Surveys whose fraction is not inside its bar with the default parameters (none since the joint
 * search of docs/validation.md §3: SPT-SZ 84.3 %, SPT-3G 41.3 %). The test fails if a listed survey
 * comes inside its bar (remove it from the list) or an unlisted one leaves it, and it keeps a listed
 * survey within one percentage point of its bar.
 */
const KNOWN_OUTSIDE = new Set<string>([]);

test('acceptance 2: any-band synchrotron fraction 75–85 % at SPT-SZ depth, 40–60 % at SPT-3G depth', () => {
  const bars: [string, number, number][] = [
    ['spt-sz', 0.75, 0.85],
    ['spt3g', 0.4, 0.6],
  ];
  const problems: string[] = [];
  for (const [sv, lo, hi] of bars) {
    const f = (expected.get(sv) as SptFractions).anyBand.synchrotronFraction;
    const inside = f >= lo && f <= hi;
    const label = `${sv} synchrotron fraction ${(100 * f).toFixed(2)} % (bar ${100 * lo}–${100 * hi} %)`;
    console.log(label);
    if (inside && KNOWN_OUTSIDE.has(sv)) problems.push(`${label} now holds: remove it from KNOWN_OUTSIDE`);
    if (!inside && !KNOWN_OUTSIDE.has(sv)) problems.push(label);
    if (!inside && KNOWN_OUTSIDE.has(sv) && (f < lo - 0.01 || f > hi + 0.01))
      problems.push(`${label}: > 1 point outside`);
  }
  assert.deepEqual(problems, []);
});

test('the seeded AGN sample agrees with the quadrature within its Poisson error', () => {
  for (const sv of ['spt-sz', 'spt3g']) {
    const e = (expected.get(sv) as SptFractions).anyBand;
    const s = sptSynchrotronFraction(params, sv, { inputs, perBand: false, agnMethod: 'sample' }).anyBand;
    assert.ok(s.agnSampled > 100, `${sv}: ${s.agnSampled} AGN sampled`);
    const z = (s.synchrotronPerDeg2 - e.synchrotronPerDeg2) / s.synchrotronSigmaPerDeg2;
    assert.ok(
      Math.abs(z) < 3,
      `${sv}: sample ${s.synchrotronPerDeg2} vs quadrature ${e.synchrotronPerDeg2} (${z.toFixed(2)}σ)`,
    );
    assert.equal(s.dustyPerDeg2, e.dustyPerDeg2);
  }
});

test('single-band AGN detections match the integral of the expected AGN counts (agnExpectedDnds)', () => {
  for (const sv of ['spt-sz', 'spt3g']) {
    const preset = getSurveyPreset(sv);
    const t = preset.detection.snrThreshold;
    const e = (expected.get(sv) as SptFractions).anyBand;
    for (const bd of preset.bands) {
      const sigma = totalNoiseMJy(bd);
      // ∫ P(S) dN/dS dS in ln S (trapezoid), from 1σ (no detection below) to 10 Jy.
      const n = 400;
      const s = Float64Array.from({ length: n + 1 }, (_, i) => sigma * (1e4 / sigma) ** (i / n));
      const d = agnExpectedDnds(params, bd.band, s);
      const dLn = Math.log(1e4 / sigma) / n;
      let perSr = 0;
      for (let i = 0; i <= n; i++) {
        const p = 0.5 * erfc((t * sigma - s[i]) / (Math.SQRT2 * sigma));
        perSr += (i === 0 || i === n ? 0.5 : 1) * p * d[i] * (s[i] / 1000) * dLn;
      }
      const ref = perSr * (Math.PI / 180) ** 2;
      const got = e.agnSingleBandPerDeg2[bd.band] as number;
      assert.ok(Math.abs(got / ref - 1) < 0.01, `${sv} ${bd.band}: quadrature ${got} vs counts integral ${ref}`);
    }
  }
});

test('any-band densities lie between the largest single band and the sum of the bands', () => {
  for (const sv of ['spt-sz', 'spt3g']) {
    const r = expected.get(sv) as SptFractions;
    const dusty = r.perBand.map((x) => x.dustyPerDeg2);
    assert.deepEqual(
      r.perBand.map((x) => x.band),
      ['spt95', 'spt150', 'spt220'],
    );
    // Per band from counts.ts on its own grid; any band from the per-shell fine counts (1 % for the grids).
    assert.ok(
      r.anyBand.dustyPerDeg2 >= 0.99 * Math.max(...dusty),
      `${sv}: dusty ${r.anyBand.dustyPerDeg2} vs ${dusty}`,
    );
    assert.ok(
      r.anyBand.dustyPerDeg2 <= 1.01 * dusty.reduce((a, b) => a + b),
      `${sv}: dusty ${r.anyBand.dustyPerDeg2} vs ${dusty}`,
    );
    const agn = Object.values(r.anyBand.agnSingleBandPerDeg2) as number[];
    assert.ok(
      r.anyBand.synchrotronPerDeg2 >= Math.max(...agn) && r.anyBand.synchrotronPerDeg2 <= agn.reduce((a, b) => a + b),
    );
    // The 150 GHz per-band synchrotron (AGN + star-forming galaxies' synchrotron, counts.ts) is at least
    // the AGN part and exceeds it by little at these fluxes.
    const sync150 = (r.perBand.find((x) => x.band === 'spt150') as { synchrotronPerDeg2: number }).synchrotronPerDeg2;
    const agn150 = r.anyBand.agnSingleBandPerDeg2.spt150 as number;
    assert.ok(sync150 >= 0.99 * agn150 && sync150 <= 1.05 * agn150, `${sv}: ${sync150} vs AGN ${agn150}`);
  }
});

/** The preset with every band but `keep` made blind (1σ = 10⁹ mJy); `keep` gets 1σ `sigmaMJy` if given. */
function onlyBands(name: string, keep: readonly string[], sigmaMJy?: number): SurveyPreset {
  const sv = getSurveyPreset(name);
  return {
    ...sv,
    name: `${name}-${keep.join('+')}`,
    bands: sv.bands.map((b) =>
      keep.includes(b.band)
        ? sigmaMJy === undefined
          ? b
          : { ...b, noiseMJy: sigmaMJy, confusionMJy: 0 }
        : { ...b, noiseMJy: 1e9, confusionMJy: 0 },
    ),
  };
}

test('the rank-matched dusty any-band count reproduces each band alone (counts.ts)', () => {
  // With one band seeing the sky, the any-band dusty density is that band's ∫ P dN/dS: for 95 and
  // 220 GHz this checks the per-shell rank matching onto the 150 GHz counts (a matching error shifts
  // their flux distribution). 1σ ≥ 0.5 mJy, the start of the per-band grid.
  for (const band of ['spt95', 'spt150', 'spt220'])
    for (const sigmaMJy of [0.5, 1]) {
      const r = sptSynchrotronFraction(params, onlyBands('spt3g', [band], sigmaMJy), { inputs, includeAgn: false });
      const ref = (r.perBand.find((x) => x.band === band) as { dustyPerDeg2: number }).dustyPerDeg2;
      const got = r.anyBand.dustyPerDeg2;
      assert.ok(ref > 1e-3, `${band} σ ${sigmaMJy}: ${ref}`);
      assert.ok(Math.abs(got / ref - 1) < 0.015, `${band} σ ${sigmaMJy} mJy: any band ${got} vs counts.ts ${ref}`);
    }
});

test('dusty any band (95/150/220 GHz) lies between the largest single band and the sum, on the same counts', () => {
  // Single bands and the 150 + 220 GHz pair from the same per-shell fine counts and noise model (the
  // other bands blind), so the union bounds hold to rounding: max_b N_b ≤ N_any ≤ Σ_b N_b and
  // N_150+220 ≤ N_any ≤ N_150+220 + N_95.
  const dusty = (sv: SurveyPreset) =>
    sptSynchrotronFraction(params, sv, { inputs, includeAgn: false, perBand: false }).anyBand.dustyPerDeg2;
  const eps = 1e-12;
  for (const sv of ['spt-sz', 'spt3g']) {
    const all = (expected.get(sv) as SptFractions).anyBand.dustyPerDeg2;
    const single = ['spt95', 'spt150', 'spt220'].map((b) => dusty(onlyBands(sv, [b])));
    const two = dusty(onlyBands(sv, ['spt150', 'spt220']));
    const msg = `${sv}: any ${all}, single ${single}, 150+220 ${two}`;
    assert.ok(
      single.every((x) => x > 0),
      msg,
    );
    assert.ok(all >= Math.max(...single) * (1 - eps) && all <= single.reduce((a, b) => a + b) * (1 + eps), msg);
    assert.ok(all >= two * (1 - eps) && all <= (two + single[0]) * (1 + eps), msg);
    // At SPT-3G depth 95 GHz detects 0.14 dusty sources per deg², a few of them missed at 150 and 220.
    if (sv === 'spt3g') assert.ok(all > two, msg);
  }
});

test('without AGN the synchrotron fraction is 0, without galaxies 1', () => {
  const noAgn = sptSynchrotronFraction(params, 'spt-sz', { inputs, perBand: false, includeAgn: false }).anyBand;
  assert.equal(noAgn.synchrotronFraction, 0);
  assert.ok(noAgn.dustyPerDeg2 > 0);
  const noGal = sptSynchrotronFraction(params, 'spt-sz', { inputs, perBand: false, includeGalaxies: false }).anyBand;
  assert.equal(noGal.synchrotronFraction, 1);
});
