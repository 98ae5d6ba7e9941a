/** Bit-for-bit table equality for the determinism tests (shards, queue, single process). */
import assert from 'node:assert/strict';
import type { Table } from '../../src/table/table.js';

export function assertSameTable(a: Table, b: Table, what: string): void {
  assert.deepEqual(b.names, a.names, `${what}: columns`);
  assert.equal(b.nrows, a.nrows, `${what}: rows`);
  for (const c of a.columns) {
    const d = b.col(c.name);
    assert.equal(d.kind, c.kind, `${what}: ${c.name} kind`);
    const x = c.data as ArrayLike<unknown>;
    const y = d.data as ArrayLike<unknown>;
    for (let i = 0; i < x.length; i++) {
      // Object.is: NaN equals NaN, and -0 differs from 0: bit-for-bit the same values.
      if (!Object.is(x[i], y[i])) assert.fail(`${what}: ${c.name}[${i}] ${String(x[i])} ≠ ${String(y[i])}`);
    }
    assert.deepEqual(d.nulls ?? null, c.nulls ?? null, `${what}: ${c.name} nulls`);
  }
}
