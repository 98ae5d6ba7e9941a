// The batched per-row kernels of SIDES steps 2–4 (issue 4 acceptance 6): drawStarFormationRows and
// the WordBuffer it reads must give exactly the per-row draws (same words, same values, same stream
// position afterwards), and galaxyFluxes must not depend on which other rows share the call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BAND_NAMES } from '../../src/model/bands.js';
import { normalZig, normalZigWords, WORD_BLOCK, WordBuffer } from '../../src/model/fast-draws.js';
import { buildGalaxyModel } from '../../src/model/galaxy-model.js';
import { resolveParams } from '../../src/model/params.js';
import { KIND } from '../../src/model/population.js';
import {
  drawStarFormation,
  drawStarFormationRows,
  type GalaxyState,
  galaxyFluxes,
  StateBuffer,
} from '../../src/model/sample-galaxies.js';
import { RandomStream } from '../../src/random/stream.js';

const model = buildGalaxyModel(resolveParams(), BAND_NAMES);

/** Rows spread over every shell and a wide M* range (quiescent, main-sequence and starburst rows). */
function rows(n: number): GalaxyState {
  const rng = new RandomStream(5, 17);
  const buf = new StateBuffer(n);
  for (let k = 0; k < n; k++) {
    const i = buf.add();
    const s = Math.floor(rng.uniform() * model.nShells);
    buf.shell[i] = s;
    buf.z[i] = model.zLo[s] + rng.uniform() * (model.zHi[s] - model.zLo[s]);
    buf.logMstar[i] = 8 + 4 * rng.uniform();
  }
  return buf.state(true);
}

test('WordBuffer hands out the stream words in order and leaves the stream where word-by-word reading does', () => {
  for (const used of [0, 1, WORD_BLOCK - 1, WORD_BLOCK, WORD_BLOCK + 1, 3 * WORD_BLOCK + 17]) {
    const a = new RandomStream(9, used);
    const b = new RandomStream(9, used);
    const wb = new WordBuffer();
    wb.begin(a);
    for (let k = 0; k < used; k++) assert.equal(wb.nextUint32(), b.nextUint32());
    wb.end();
    for (let k = 0; k < 5; k++) assert.equal(a.nextUint32(), b.nextUint32(), `after ${used} words`);
  }
});

test('normalZigWords gives normalZig’s deviates, wedge and tail cases included', () => {
  const a = new RandomStream(3, 1);
  const b = new RandomStream(3, 1);
  const wb = new WordBuffer();
  wb.begin(a);
  let beyondR = 0;
  for (let k = 0; k < 200_000; k++) {
    const x = normalZigWords(wb);
    assert.ok(Object.is(x, normalZig(b)), `draw ${k}`);
    if (Math.abs(x) > 3.442619855899) beyondR++;
  }
  wb.end();
  assert.equal(a.nextUint32(), b.nextUint32());
  // P(|x| > r) = 5.8e-4 (Marsaglia & Tsang 2000's r): the tail branch ran (≈ 116 expected).
  assert.ok(beyondR > 60 && beyondR < 180, `tail draws ${beyondR}`);
});

test('drawStarFormationRows equals drawStarFormation row by row and leaves the stream in the same place', () => {
  const n = 20_000; // ≈ 9 words per row: ~180 buffer fills
  const st = rows(n);
  for (const [i0, i1] of [
    [0, n],
    [137, 4111],
  ]) {
    const a = new RandomStream(11, i0);
    const b = new RandomStream(11, i0);
    drawStarFormationRows(a, model, st, i0, i1);
    const sf = new Float64Array(4);
    const counts = [0, 0, 0, 0];
    for (let i = i0; i < i1; i++) {
      const kind = drawStarFormation(b, model, st.shell[i], st.logMstar[i], sf);
      counts[kind]++;
      assert.equal(st.kind[i], kind, `row ${i}`);
      assert.ok(Object.is(st.logSfr[i], sf[0]), `logSfr row ${i}`);
      assert.ok(Object.is(st.logT[i], sf[1]), `logT row ${i}`);
      assert.ok(Object.is(st.mu[i], sf[2]), `mu row ${i}`);
      assert.ok(Object.is(st.logLRadio[i], sf[3]), `logLRadio row ${i}`);
    }
    assert.equal(a.nextUint32(), b.nextUint32());
    assert.ok(counts[KIND.quiescent] > 0 && counts[KIND.starburst] > 0 && counts[KIND.starForming] > 0);
  }
});

test('galaxyFluxes: +0 for quiescent rows, and a row’s fluxes do not depend on the other rows of the call', () => {
  const n = 3000;
  const st = rows(n);
  drawStarFormationRows(new RandomStream(4, 4), model, st, 0, n);
  const all = galaxyFluxes(model, st, BAND_NAMES);
  // Every third row, reversed, through a reused output buffer larger than needed.
  const pick: number[] = [];
  for (let i = n - 1; i >= 0; i -= 3) pick.push(i);
  const sub = new StateBuffer(pick.length);
  for (const i of pick) {
    const k = sub.add();
    sub.z[k] = st.z[i];
    sub.shell[k] = st.shell[i];
    sub.kind[k] = st.kind[i];
    sub.logSfr[k] = st.logSfr[i];
    sub.logT[k] = st.logT[i];
    sub.mu[k] = st.mu[i];
    sub.logLRadio[k] = st.logLRadio[i];
  }
  const out: Partial<Record<(typeof BAND_NAMES)[number], Float64Array>> = {};
  for (const b of BAND_NAMES) out[b] = new Float64Array(n).fill(Number.NaN);
  const part = galaxyFluxes(model, sub.state(false), BAND_NAMES, out);
  let quiescent = 0;
  for (const b of BAND_NAMES) {
    const f = all[b] as Float64Array;
    const g = part[b] as Float64Array;
    assert.equal(g, out[b]);
    for (let k = 0; k < pick.length; k++) assert.ok(Object.is(g[k], f[pick[k]]), `${b} row ${pick[k]}`);
    for (let i = 0; i < n; i++) {
      if (st.kind[i] !== KIND.quiescent) assert.ok(f[i] > 0, `${b} row ${i}`);
      else {
        assert.ok(Object.is(f[i], 0), `${b} quiescent row ${i}`);
        quiescent++;
      }
    }
  }
  assert.ok(quiescent > 0);
});
