// Acceptance 2 (issue 3): with positions drawn from known anisotropic Gaussian errors, the elliptical
// p_i is calibrated (reliability diagram) and beats the circularised approximation in log-loss.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ellipseToCovariance } from '../../src/assoc/elliptical.js';
import { associate } from '../../src/assoc/engine.js';
import type { CatalogInput, PositionalErrors } from '../../src/assoc/types.js';
import { RandomStream } from '../../src/random/index.js';
import { column, Table } from '../../src/table/index.js';

const DEG = Math.PI / 180;

interface Sim {
  ra: Float64Array;
  dec: Float64Array;
  err: PositionalErrors;
  /** Circularised errors with the same trace: σ² = (varE + varN)/2. */
  circ: PositionalErrors;
}

function errorsOf(
  n: number,
  draw: (i: number) => [number, number, number],
): { err: PositionalErrors; circ: PositionalErrors } {
  const vE = new Float64Array(n);
  const vN = new Float64Array(n);
  const c = new Float64Array(n);
  const s2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, pa] = draw(i);
    const cov = ellipseToCovariance(a, b, pa);
    vE[i] = cov.varEastArcsec2;
    vN[i] = cov.varNorthArcsec2;
    c[i] = cov.covEastNorthArcsec2;
    s2[i] = 0.5 * (vE[i] + vN[i]);
  }
  return {
    err: { varEastArcsec2: vE, varNorthArcsec2: vN, covEastNorthArcsec2: c, circular: false },
    circ: {
      varEastArcsec2: s2,
      varNorthArcsec2: Float64Array.from(s2),
      covEastNorthArcsec2: new Float64Array(n),
      circular: true,
    },
  };
}

/** A draw from N(0, Σ) as (east, north) arcsec, via the Cholesky factor of Σ. */
function gaussOffset(rng: RandomStream, vE: number, vN: number, cEN: number): [number, number] {
  const l11 = Math.sqrt(vE);
  const l21 = cEN / l11;
  const l22 = Math.sqrt(vN - l21 * l21);
  const z1 = rng.normal();
  const z2 = rng.normal();
  return [l11 * z1, l21 * z1 + l22 * z2];
}

function catalog(name: string, s: Sim, circular: boolean, areaDeg2: number): CatalogInput {
  const table = new Table([column('ra', s.ra), column('dec', s.dec)], { name });
  return { name, table, raDeg: s.ra, decDeg: s.dec, errors: circular ? s.circ : s.err, skyAreaDeg2: areaDeg2 };
}

test('elliptical p_i is calibrated and beats the circularised approximation in log-loss', (t) => {
  const rng = new RandomStream(20260313);
  // A 0.6° × 0.6° box on the equator; every primary has one true counterpart.
  const side = 0.6;
  const areaDeg2 = (side * DEG * (Math.sin((side / 2) * DEG) - Math.sin((-side / 2) * DEG))) / (DEG * DEG);
  const nPrim = 2500;
  const nField = 60000; // ≈ 0.046 per arcsec²: several candidates within 3σ of most primaries
  const trueRa = new Float64Array(nPrim);
  const trueDec = new Float64Array(nPrim);
  for (let i = 0; i < nPrim; i++) {
    trueRa[i] = (rng.uniform() - 0.5) * side * 0.9;
    trueDec[i] = Math.asin((rng.uniform() - 0.5) * 2 * Math.sin(side * 0.45 * DEG)) / DEG;
  }
  // Primary: strongly elongated 1σ ellipses (a 1.5–4″, b/a 0.1–0.4). Secondary: small, mildly elliptical.
  const pe = errorsOf(nPrim, () => {
    const a = 1.5 + 2.5 * rng.uniform();
    return [a, a * (0.1 + 0.3 * rng.uniform()), 180 * rng.uniform()];
  });
  const nSec = nPrim + nField;
  const se = errorsOf(nSec, () => {
    const a = 0.2 + 0.3 * rng.uniform();
    return [a, a * (0.5 + 0.5 * rng.uniform()), 180 * rng.uniform()];
  });
  const place = (ra0: number, dec0: number, off: [number, number]): [number, number] => [
    ra0 + off[0] / 3600 / Math.cos(dec0 * DEG),
    dec0 + off[1] / 3600,
  ];
  const pRa = new Float64Array(nPrim);
  const pDec = new Float64Array(nPrim);
  const sRa = new Float64Array(nSec);
  const sDec = new Float64Array(nSec);
  for (let i = 0; i < nPrim; i++) {
    [pRa[i], pDec[i]] = place(
      trueRa[i],
      trueDec[i],
      gaussOffset(rng, pe.err.varEastArcsec2[i], pe.err.varNorthArcsec2[i], pe.err.covEastNorthArcsec2[i]),
    );
    [sRa[i], sDec[i]] = place(
      trueRa[i],
      trueDec[i],
      gaussOffset(rng, se.err.varEastArcsec2[i], se.err.varNorthArcsec2[i], se.err.covEastNorthArcsec2[i]),
    );
  }
  for (let j = nPrim; j < nSec; j++) {
    sRa[j] = (rng.uniform() - 0.5) * side;
    sDec[j] = Math.asin((rng.uniform() - 0.5) * 2 * Math.sin((side / 2) * DEG)) / DEG;
  }
  const prim: Sim = { ra: pRa, dec: pDec, ...pe };
  const sec: Sim = { ra: sRa, dec: sDec, ...se };
  // 8× the largest combined σ: a true counterpart outside the radius has probability < e^-32.
  const radiusArcsec = 8 * Math.hypot(4, 0.5);

  const run = (circular: boolean) => {
    const res = associate([catalog('P', prim, circular, areaDeg2), catalog('S', sec, circular, areaDeg2)], {
      radiusArcsec,
    });
    const p: number[] = [];
    const y: number[] = [];
    const found = new Uint8Array(nPrim);
    for (let r = 0; r < res.nrows; r++) {
      if (res.ncat[r] < 2) continue;
      const i = res.rows[0][r];
      const truth = res.rows[1][r] === i ? 1 : 0;
      if (truth) found[i] = 1;
      p.push(res.pI[r]);
      y.push(truth);
    }
    return { p, y, found };
  };
  const ell = run(false);
  const circ = run(true);
  assert.equal(
    ell.found.reduce((s, v) => s + v, 0),
    nPrim,
    'every true counterpart is a candidate',
  );

  // Reliability diagram: 10 equal bins in p_i; bins with ≥ 100 candidates must agree within 2 s.e.
  const nb = 10;
  const cnt = new Float64Array(nb);
  const sumP = new Float64Array(nb);
  const sumY = new Float64Array(nb);
  ell.p.forEach((pi, k) => {
    const b = Math.min(nb - 1, Math.floor(pi * nb));
    cnt[b]++;
    sumP[b] += pi;
    sumY[b] += ell.y[k];
  });
  let tested = 0;
  const lines: string[] = [];
  for (let b = 0; b < nb; b++) {
    if (cnt[b] < 100) continue;
    tested++;
    const meanP = sumP[b] / cnt[b];
    const frac = sumY[b] / cnt[b];
    const se = Math.sqrt((meanP * (1 - meanP)) / cnt[b]);
    lines.push(`bin ${b}: n=${cnt[b]} mean p_i=${meanP.toFixed(4)} observed=${frac.toFixed(4)} s.e.=${se.toFixed(4)}`);
    assert.ok(Math.abs(frac - meanP) <= 2 * se, `miscalibrated: ${lines.join('; ')}`);
  }
  // The diagram must test the ambiguous middle, not only the trivial ends.
  assert.ok(tested >= 4, `only ${tested} bins with ≥ 100 candidates: ${lines.join('; ')}`);

  const logLoss = (r: { p: number[]; y: number[] }) => {
    let s = 0;
    r.p.forEach((pi, k) => {
      const q = Math.min(1 - 1e-15, Math.max(1e-15, pi));
      s -= r.y[k] ? Math.log(q) : Math.log(1 - q);
    });
    return s / r.p.length;
  };
  const lEll = logLoss(ell);
  const lCirc = logLoss(circ);
  for (const l of lines) t.diagnostic(l);
  t.diagnostic(
    `log-loss per candidate: elliptical ${lEll.toFixed(5)}, circularised ${lCirc.toFixed(5)} (${ell.p.length} candidates)`,
  );
  assert.ok(lEll < lCirc, `log-loss elliptical ${lEll} vs circularised ${lCirc}`);
});
