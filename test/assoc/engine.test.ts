/**
 * The association engine against independent references: brute-force candidate search on the sphere,
 * the literal (quadratic) definition of NWAY's unrelated-association correction for 4 catalogues,
 * B&S08's worked numbers, and the quirk decisions of docs/association.md.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { log10BayesFactorCircular } from '../../src/assoc/bayes-factor.js';
import { associate } from '../../src/assoc/engine.js';
import { parseNwayArgs } from '../../src/assoc/nway-args.js';
import { separationArcsec } from '../../src/assoc/sphere.js';
import type { CatalogInput } from '../../src/assoc/types.js';
import { buildZoneIndex, queryZoneIndex } from '../../src/assoc/zone-index.js';
import { isUserError } from '../../src/errors.js';
import { column, Table } from '../../src/table/index.js';

/** Seeded PRNG (mulberry32), so every case is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeCatalog(
  name: string,
  ra: number[],
  dec: number[],
  sigma: number[] | number,
  areaDeg2: number,
  flux?: number[],
): CatalogInput {
  const n = ra.length;
  const s = typeof sigma === 'number' ? new Array(n).fill(sigma) : sigma;
  const v = Float64Array.from(s, (x) => x * x);
  const cols = [
    column(
      'ID',
      Int32Array.from({ length: n }, (_, i) => i + 1),
    ),
    column('RA', Float64Array.from(ra)),
    column('DEC', Float64Array.from(dec)),
  ];
  if (flux) cols.push(column('FLUX', Float64Array.from(flux)));
  return {
    name,
    table: new Table(cols, { name }),
    raDeg: Float64Array.from(ra),
    decDeg: Float64Array.from(dec),
    errors: {
      varEastArcsec2: v,
      varNorthArcsec2: Float64Array.from(v),
      covEastNorthArcsec2: new Float64Array(n),
      circular: true,
    },
    skyAreaDeg2: areaDeg2,
    ...(flux ? { flux: [{ column: 'FLUX', values: Float64Array.from(flux) }] } : {}),
  };
}

/** Points scattered within `spreadArcsec` of the given centres. */
function around(
  r: () => number,
  centres: [number, number][],
  perCentre: number,
  spreadArcsec: number,
): { ra: number[]; dec: number[] } {
  const ra: number[] = [];
  const dec: number[] = [];
  for (const [a, d] of centres)
    for (let i = 0; i < perCentre; i++) {
      const dd = d + ((r() * 2 - 1) * spreadArcsec) / 3600;
      ra.push((a + ((r() * 2 - 1) * spreadArcsec) / 3600 / Math.cos((dd * Math.PI) / 180) + 360) % 360);
      dec.push(Math.max(-90, Math.min(90, dd)));
    }
  return { ra, dec };
}

test('B&S08 circular Bayes factor reproduces NWAY’s worked example (spt3_a1, SPT 1 / FIR 1423): log10 BF = 8.691391', () => {
  const w = new Float64Array([8.206641 ** -2, 4.9240785 ** -2]);
  const bf = log10BayesFactorCircular(2, w, new Float64Array([0, 10.801848 ** 2, 0, 0]));
  assert.ok(Math.abs(bf - 8.691391) < 2e-6, String(bf));
  // Two-way closed form: 2/(σ1²+σ2²) [sr] · exp(−ψ²/(2(σ1²+σ2²))).
  const s2 = (8.206641 ** 2 + 4.9240785 ** 2) / 206264.80624709636 ** 2;
  const closed = Math.log10(2 / s2) - 10.801848 ** 2 / (2 * (8.206641 ** 2 + 4.9240785 ** 2)) / Math.LN10;
  assert.ok(Math.abs(bf - closed) < 1e-10);
});

test('zone index finds exactly the sources within r at every declination, across RA 0/360 and at the poles (brute force)', () => {
  const r = rng(7);
  const centres: [number, number][] = [
    [0.001, 0],
    [359.999, -30],
    [120, 89.995],
    [300, -89.998],
    [45, 44.5],
    [200, -70],
  ];
  const pts = around(r, centres, 400, 40);
  const ra = Float64Array.from(pts.ra);
  const dec = Float64Array.from(pts.dec);
  for (const radius of [5, 20]) {
    const idx = buildZoneIndex(ra, dec, radius);
    const q = around(r, centres, 30, 30);
    for (let k = 0; k < q.ra.length; k++) {
      const found: number[] = [];
      queryZoneIndex(idx, q.ra[k], q.dec[k], radius, (row) => found.push(row));
      const truth: number[] = [];
      for (let i = 0; i < ra.length; i++)
        if (separationArcsec(q.ra[k], q.dec[k], ra[i], dec[i]) < radius) truth.push(i);
      assert.deepEqual(
        found.sort((a, b) => a - b),
        truth,
        `query ${k} at (${q.ra[k]}, ${q.dec[k]}), r=${radius}`,
      );
    }
  }
});

/** Every combination (one or none per secondary) with all pairwise separations < r, lexicographic. */
function bruteForceRows(cats: CatalogInput[], radius: number): number[][] {
  const k = cats.length;
  const out: number[][] = [];
  const sep = (a: number, i: number, b: number, j: number) =>
    separationArcsec(cats[a].raDeg[i], cats[a].decDeg[i], cats[b].raDeg[j], cats[b].decDeg[j]);
  for (let p = 0; p < cats[0].raDeg.length; p++) {
    const rec = (c: number, chosen: number[]) => {
      if (c === k) {
        out.push([p, ...chosen]);
        return;
      }
      rec(c + 1, [...chosen, -1]);
      for (let j = 0; j < cats[c].raDeg.length; j++) {
        if (!(sep(0, p, c, j) < radius)) continue;
        let ok = true;
        chosen.forEach((ja, a) => {
          if (ja >= 0 && !(sep(a + 1, ja, c, j) < radius)) ok = false;
        });
        if (ok) rec(c + 1, [...chosen, j]);
      }
    };
    rec(1, []);
  }
  return out;
}

function fourCatalogues(seed: number): CatalogInput[] {
  const r = rng(seed);
  const centres: [number, number][] = Array.from(
    { length: 12 },
    (_, i) => [359.9 + i * 0.02, -60 + i * 0.01] as [number, number],
  );
  const prim = around(r, centres, 1, 2);
  const sec = [0, 1, 2].map(() => around(r, centres, 4, 12));
  return [
    makeCatalog(
      'P',
      prim.ra,
      prim.dec,
      Array.from({ length: prim.ra.length }, () => 2 + 3 * r()),
      1,
    ),
    ...sec.map((s, i) =>
      makeCatalog(
        `S${i}`,
        s.ra,
        s.dec,
        Array.from({ length: s.ra.length }, () => 0.5 + 2 * r()),
        0.5 + i,
      ),
    ),
  ];
}

test('4 catalogues: rows = brute-force enumeration in NWAY order; correction = NWAY’s literal quadratic definition (memo §2.4)', () => {
  const cats = fourCatalogues(11);
  const radius = 10;
  const res = associate(cats, { radiusArcsec: radius, priorCompleteness: 0.9 });
  const truth = bruteForceRows(cats, radius);
  assert.equal(res.nrows, truth.length);
  for (let i = 0; i < res.nrows; i++)
    assert.deepEqual(
      res.rows.map((rw) => rw[i]),
      truth[i],
    );
  // Literal definition: for row i with ≥ 2 absent secondaries M, over rows j of the group with ncat > 2,
  // A = M ∩ present(j), |A| ≥ 2: L_j = log10 BF_A + log10(N_a0 / Π N⁺_a); add max(0, max L_j).
  const full = 4 * Math.PI * (180 / Math.PI) ** 2;
  const N = cats.map((c) => (c.raDeg.length / c.skyAreaDeg2) * full);
  const NPlus = cats.map((c) => ((c.raDeg.length + 1) / c.skyAreaDeg2) * full);
  let corrected = 0;
  for (let i = 0; i < res.nrows; i++) {
    const p = res.rows[0][i];
    const missing = [1, 2, 3].filter((c) => res.rows[c][i] < 0);
    let best = 0;
    if (missing.length >= 2)
      for (let j = 0; j < res.nrows; j++) {
        if (res.rows[0][j] !== p || res.ncat[j] <= 2) continue;
        const A = missing.filter((c) => res.rows[c][j] >= 0);
        if (A.length < 2) continue;
        const w = Float64Array.from(A, (c) => 1 / cats[c].errors.varEastArcsec2[res.rows[c][j]]);
        const psi2 = new Float64Array(A.length * A.length);
        for (let a = 0; a < A.length; a++)
          for (let b = a + 1; b < A.length; b++) {
            const [ca, cb] = [A[a], A[b]];
            const [ia, ib] = [res.rows[ca][j], res.rows[cb][j]];
            psi2[a * A.length + b] =
              separationArcsec(cats[ca].raDeg[ia], cats[ca].decDeg[ia], cats[cb].raDeg[ib], cats[cb].decDeg[ib]) ** 2;
          }
        let L = log10BayesFactorCircular(A.length, w, psi2) + Math.log10(N[A[0]]);
        for (const c of A) L -= Math.log10(NPlus[c]);
        best = Math.max(best, L);
      }
    const got = res.logBayesFactorCorrected[i] - res.logBayesFactor[i];
    assert.ok(Math.abs(got - best) < 1e-9, `row ${i}: correction ${got}, literal ${best}`);
    if (best > 0) corrected++;
  }
  assert.ok(corrected > 10, `the case exercises the correction (${corrected} rows)`);
  const off = associate(cats, { radiusArcsec: radius, priorCompleteness: 0.9, considerUnrelated: false });
  assert.deepEqual(off.logBayesFactorCorrected, off.logBayesFactor);
  assert.equal(off.toTable().has('dist_bayesfactor_corrected'), false);
});

test('group posteriors: p_any from the no-counterpart weight, p_i normalised over candidates, exact ties all flagged 1', () => {
  // Two identical secondaries (same position) tie exactly: both get match_flag 1 (NWAY's rule p_i == best, kept).
  const cats = [makeCatalog('P', [10], [-50], 3, 1), makeCatalog('S', [10.001, 10.001, 10], [-50, -50, -50.002], 1, 1)];
  const res = associate(cats, { radiusArcsec: 15 });
  assert.equal(res.nrows, 4);
  assert.equal(res.matchFlag[0], 0);
  assert.equal(res.matchFlag[3], res.pI[3] > 0.5 * res.pI[1] ? 2 : 0);
  assert.equal(res.pI[1], res.pI[2]);
  assert.equal(res.matchFlag[1], 1);
  assert.equal(res.matchFlag[2], 1);
  const sumPi = res.pI[1] + res.pI[2] + res.pI[3];
  assert.ok(Math.abs(sumPi - 1) < 1e-12);
  // p_any = 1 − w_none / Σ w, with w = BF · prior (prior = c / N⁺).
  const NPlus = (4 / 1) * 4 * Math.PI * (180 / Math.PI) ** 2;
  let sumW = 1;
  for (let i = 1; i < 4; i++) sumW += 10 ** res.logBayesFactor[i] / NPlus;
  assert.ok(Math.abs(res.pAny[0] - (1 - 1 / sumW)) < 1e-12);
});

test('fixed NWAY quirk: a group whose every candidate has bias 0 gets p_i = 0 (not NaN) and flag 1 on its no-counterpart row', () => {
  const cats = [
    makeCatalog('P', [10, 20], [-50, -50], 3, 1),
    makeCatalog('S', [10.001, 20.001], [-50, -50], 1, 1, [5, 15]),
  ];
  // Histogram: the candidate of primary 1 (flux 5) falls in a bin with no selected weight → bias 0.
  const histogram = {
    edges: new Float64Array([0, 10, 20]),
    selected: new Float64Array([0, 0.1]),
    others: new Float64Array([0.05, 0.05]),
  };
  const res = associate(cats, { radiusArcsec: 15, mags: [{ catalog: 1, column: 'FLUX', histogram }] });
  assert.equal(res.nrows, 4);
  assert.deepEqual([...res.bias[0]], [1, 0, 1, 2]);
  assert.deepEqual([...res.pI.slice(0, 2)], [0, 0]);
  assert.equal(res.pAny[0], 0);
  assert.deepEqual([...res.matchFlag.slice(0, 2)], [1, 0]);
  assert.ok(res.pI.every((p) => !Number.isNaN(p)));
  assert.deepEqual([...res.matchFlag.slice(2)], [0, 1]);
});

test('the bivariate-Gaussian path with round errors equals the circular B&S08 path (offsets on the tangent plane)', () => {
  const cats = fourCatalogues(5);
  const circ = associate(cats, { radiusArcsec: 10 });
  const asGauss = cats.map((c) => ({ ...c, errors: { ...c.errors, circular: false } }));
  const gauss = associate(asGauss, { radiusArcsec: 10 });
  assert.equal(gauss.nrows, circ.nrows);
  for (let i = 0; i < circ.nrows; i++) {
    assert.ok(
      Math.abs(gauss.logBayesFactor[i] - circ.logBayesFactor[i]) <=
        1e-7 * Math.max(1, Math.abs(circ.logBayesFactor[i])),
      `row ${i}`,
    );
    assert.ok(Math.abs(gauss.pI[i] - circ.pI[i]) < 1e-9);
  }
});

test('sources without a position (RA −99 or NaN) are never candidates; such a primary keeps only its no-counterpart row', () => {
  const cats = [
    makeCatalog('P', [10, Number.NaN], [-50, -50], 3, 1),
    makeCatalog('S', [10.001, -99], [-50, -50], 1, 1),
  ];
  const res = associate(cats, { radiusArcsec: 15 });
  assert.deepEqual([...res.rows[0]], [0, 0, 1]);
  assert.deepEqual([...res.rows[1]], [-1, 0, -1]);
  assert.equal(res.pAny[2], 0);
  assert.equal(res.matchFlag[2], 1);
});

test('output keeps float64 for computed columns and −99 / NaN for absent counterparts', () => {
  const cats = [makeCatalog('P', [10], [-50], 3, 1), makeCatalog('S', [10.001], [-50], 1, 1)];
  const t = associate(cats, { radiusArcsec: 15 }).toTable();
  for (const name of ['Separation_S_P', 'Separation_max', 'dist_bayesfactor', 'dist_post', 'p_single', 'p_any', 'p_i'])
    assert.equal(t.col(name).kind, 'f64');
  assert.equal(t.col('ncat').kind, 'i16');
  assert.deepEqual([...t.float64('S_ID')], [-99, 1]);
  assert.deepEqual([...t.float64('S_RA')], [-99, 10.001]);
  assert.ok(Number.isNaN(t.float64('Separation_S_P')[0]));
  assert.equal(t.float64('Separation_max')[0], 0);
});

test('user errors: completeness count, --prefilter-pair, bad error spec, missing --radius', () => {
  const cats = [makeCatalog('P', [10], [-50], 3, 1), makeCatalog('S', [10.001], [-50], 1, 1)];
  const isOneLine = (re: RegExp) => (e: unknown) =>
    isUserError(e) && re.test((e as Error).message) && !(e as Error).message.includes('\n');
  assert.throws(
    () => associate(cats, { radiusArcsec: 15, priorCompleteness: [0.9, 0.8] }),
    isOneLine(/2 values but there are 1 secondary/),
  );
  assert.throws(
    () =>
      parseNwayArgs([
        'a.fits',
        ':e',
        'b.fits',
        '0.1',
        '--radius',
        '5',
        '--out',
        'o.fits',
        '--prefilter-pair',
        'A',
        'B',
        '3',
      ]),
    isOneLine(/prefilter-pair is not supported/),
  );
  assert.throws(
    () => parseNwayArgs(['a.fits', 'e', 'b.fits', '0.1', '--radius', '5', '--out', 'o.fits']),
    isOneLine(/neither a positive number/),
  );
  assert.throws(() => parseNwayArgs(['a.fits', ':e', 'b.fits', '0.1', '--out', 'o.fits']), isOneLine(/--radius R/));
  const a = parseNwayArgs([
    '--radius=10.0',
    'a.fits',
    ':a:b:phi',
    'b.fits',
    '0.1',
    '--out',
    'o.fits',
    '--prior-completeness',
    '0.95:0.85',
    '--mag',
    'B:MAG',
    'auto',
    '--min-prob=0.01',
  ]);
  assert.equal(a.radiusArcsec, 10);
  assert.deepEqual(a.priorCompleteness, [0.95, 0.85]);
  assert.deepEqual(a.catalogs[0].error, { kind: 'columns', columns: ['a', 'b', 'phi'] });
  assert.deepEqual(a.mags, [{ table: 'B', column: 'MAG', source: 'auto' }]);
  assert.equal(a.minProb, 0.01);
});

test('footprints: a primary outside a secondary’s coverage gets no candidates there and covered_<T> = 0', () => {
  const prim = makeCatalog('P', [10, 20], [-50, -60], 3, 1);
  const sec = makeCatalog('S', [10.001, 20.001], [-50, -60], 1, 1);
  const plain = associate([prim, sec], { radiusArcsec: 15 });
  assert.equal(plain.nrows, 4);
  assert.equal(plain.toTable().has('covered_S'), false);
  const footprint = { contains: (_ra: number, dec: number) => dec > -55, areaDeg2: 1 };
  const res = associate([prim, { ...sec, coverage: footprint }], { radiusArcsec: 15 });
  assert.deepEqual([...res.rows[0]], [0, 0, 1]);
  assert.deepEqual([...res.rows[1]], [-1, 0, -1]);
  const t = res.toTable();
  assert.deepEqual([...t.float64('covered_S')], [1, 1, 0]);
  assert.equal(t.names[t.names.length - 1], 'covered_S');
  // The covered primary's probabilities do not depend on the other's footprint.
  assert.equal(res.pAny[0], plain.pAny[0]);
  assert.equal(res.pAny[2], 0);
});
