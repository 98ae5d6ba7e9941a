// simulate(): truth ↔ catalogue links, the sky box, and repeatability (issue 4 outputs, acceptance 5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBands, parseCenter } from '../../src/cli/commands/counts.js';
import { UserError } from '../../src/errors.js';
import { resolveParams } from '../../src/model/params.js';
import { simulate } from '../../src/model/simulate.js';

const config = {
  // ~0.7 SPIRE detections per 0.001 deg²: 0.05 deg² keeps the count well above the test's 10.
  areaDeg2: 0.05,
  centerRaDeg: 30,
  centerDecDeg: -55,
  surveys: ['spire'],
  params: resolveParams(),
  floorSigma: 1,
};

test('simulate: every detection points back to a truth row that names it, inside the box', () => {
  const r = simulate(config, 5);
  const cat = r.catalogues.get('spire');
  assert.ok(cat && cat.nrows > 10);
  assert.equal(cat.meta.skyAreaDeg2, 0.05);
  const det = r.truth.float64('det_spire');
  let linked = 0;
  for (let i = 0; i < r.truth.nrows; i++) if (det[i] >= 0) linked++;
  assert.equal(linked, cat.nrows);
  const ra = r.truth.float64('ra');
  const dec = r.truth.float64('dec');
  for (let i = 0; i < r.truth.nrows; i++) {
    assert.ok(dec[i] >= r.box.decMinDeg && dec[i] <= r.box.decMaxDeg);
    assert.ok(ra[i] >= r.box.raMinDeg && ra[i] <= r.box.raMaxDeg);
  }
  const again = simulate(config, 5);
  assert.deepEqual(again.truth.float64('S_spire250'), r.truth.float64('S_spire250'));
  assert.deepEqual(again.catalogues.get('spire')?.float64('ra'), cat.float64('ra'));
});

test('CLI parsing: bad centre, unknown band', () => {
  assert.deepEqual(parseCenter('30,-55'), [30, -55]);
  assert.throws(() => parseCenter('30'), UserError);
  assert.throws(
    () => parseBands('spire25'),
    (e: unknown) => e instanceof UserError && /spire250/.test(e.message),
  );
});
