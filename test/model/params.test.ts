import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { allParams, parseParamAssignments, resolveParams } from '../../src/model/params.js';

test('every parameter has a unique name, a default inside its limits and a source', () => {
  const names = new Set<string>();
  for (const p of allParams()) {
    assert.ok(!names.has(p.name), p.name);
    names.add(p.name);
    if (p.min !== undefined) assert.ok(p.default >= p.min, p.name);
    if (p.max !== undefined) assert.ok(p.default <= p.max, p.name);
    assert.ok(p.source.length > 0, p.name);
  }
  for (const required of ['dust_T0', 'dust_beta', 'mir_alpha', 'ms_scatter_dex', 'sb_boost', 'sb_frac'])
    assert.ok(names.has(required), required);
});

test('resolveParams overrides, and rejects unknown names with the closest one', () => {
  assert.equal(resolveParams({ dust_T0: 25 }).dust_T0, 25);
  assert.throws(
    () => resolveParams({ dust_t0: 25 }),
    (e: unknown) => e instanceof UserError && /did you mean 'dust_T0'/.test(e.message),
  );
  assert.throws(() => resolveParams({ dust_beta: 9 }), UserError);
  assert.throws(() => parseParamAssignments(['dust_T0']), UserError);
  assert.equal(parseParamAssignments(['dust_beta=1.6']).dust_beta, 1.6);
});
