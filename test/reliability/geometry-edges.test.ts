// Issue 6, "geometry at the edges": the association's candidate combinations equal brute-force O(N·M)
// enumeration (every pairwise separation below the radius, by the Vincenty formula) for sources at the
// RA = 0/360 wrap, at both poles, exactly on HEALPix pixel boundaries, and across shard boundaries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { associate } from '../../src/assoc/engine.js';
import { mergeShardTables } from '../../src/assoc/merge.js';
import { associateShard, SHARD_ORDER } from '../../src/assoc/shard.js';
import type { CatalogInput } from '../../src/assoc/types.js';
import { RandomStream } from '../../src/random/stream.js';
import { pix2angNestNumber } from '../../src/sky/healpix-nest.js';
import { catalogInput } from './mock.js';
import { assertSameTable } from './same-table.js';

const RADIUS = 30;

/** Vincenty separation in arcsec, written out here independently of src/. */
function sepArcsec(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const r = Math.PI / 180;
  const dl = (ra2 - ra1) * r;
  const [s1, c1, s2, c2] = [Math.sin(dec1 * r), Math.cos(dec1 * r), Math.sin(dec2 * r), Math.cos(dec2 * r)];
  const x = c2 * Math.sin(dl);
  const y = c1 * s2 - s1 * c2 * Math.cos(dl);
  return (Math.atan2(Math.hypot(x, y), s1 * s2 + c1 * c2 * Math.cos(dl)) * 180 * 3600) / Math.PI;
}

/** Every (p, a, b) with a, b a row or −1 (absent) and all present pairwise separations < radius. */
function bruteForce(cats: CatalogInput[]): Set<string> {
  const [p, s1, s2] = cats;
  const out = new Set<string>();
  const near = (c: CatalogInput, i: number, d: CatalogInput, j: number) =>
    sepArcsec(c.raDeg[i], c.decDeg[i], d.raDeg[j], d.decDeg[j]) < RADIUS;
  for (let i = 0; i < p.raDeg.length; i++) {
    const A = [-1];
    const B = [-1];
    for (let a = 0; a < s1.raDeg.length; a++) if (near(p, i, s1, a)) A.push(a);
    for (let b = 0; b < s2.raDeg.length; b++) if (near(p, i, s2, b)) B.push(b);
    for (const a of A) for (const b of B) if (a < 0 || b < 0 || near(s1, a, s2, b)) out.add(`${i},${a},${b}`);
  }
  return out;
}

/** Positions where the sky's special places are: the wrap, the poles, HEALPix pixel corners and edges. */
function edgePositions(): [number, number][] {
  const pts: [number, number][] = [];
  for (const ra of [0, 359.9999999, 0.0000001, 360 - 1e-12, 45, 90, 180, 270])
    for (const dec of [-89.9995, -45, -41.8103148957786, 0, 41.8103148957786, 45, 89.9995]) pts.push([ra, dec]);
  pts.push([0, 90], [123, 90], [0, -90], [250, -90]);
  // Centres of order-SHARD_ORDER pixels and their neighbours' midpoints lie on pixel edges.
  for (const pix of [0, 1, 2, 3, 4 ** SHARD_ORDER * 5 + 7, 12 * 4 ** SHARD_ORDER - 1])
    pts.push(pix2angNestNumber(SHARD_ORDER, pix));
  return pts;
}

/** Sources scattered within 2×radius of each edge position (RA offsets scaled by 1/cos Dec, wrapped). */
function around(pts: [number, number][], perPoint: number, seed: number): [number[], number[]] {
  const rng = new RandomStream(seed, 9);
  const ra: number[] = [];
  const dec: number[] = [];
  for (const [r0, d0] of pts) {
    for (let k = 0; k < perPoint; k++) {
      let d = d0 + ((rng.uniform() * 2 - 1) * 2 * RADIUS) / 3600;
      let r = r0 + ((rng.uniform() * 2 - 1) * 2 * RADIUS) / 3600 / Math.max(0.01, Math.cos((d0 * Math.PI) / 180));
      if (d > 90) {
        d = 180 - d;
        r += 180;
      }
      if (d < -90) {
        d = -180 - d;
        r += 180;
      }
      ra.push(((r % 360) + 360) % 360);
      dec.push(d);
    }
  }
  return [ra, dec];
}

describe('association geometry at the edges vs brute force', () => {
  const pts = edgePositions();
  const [pr, pd] = [pts.map((p) => p[0]), pts.map((p) => p[1])];
  const [ar, ad] = around(pts, 5, 1);
  const [br, bd] = around(pts, 5, 2);
  const cats = [
    catalogInput(
      'P',
      pr,
      pd,
      pr.map(() => 5),
      100,
    ),
    catalogInput(
      'A',
      ar,
      ad,
      ar.map(() => 2),
      100,
    ),
    catalogInput(
      'B',
      br,
      bd,
      br.map(() => 2),
      100,
    ),
  ];

  it('every candidate combination, no more, no less', () => {
    const res = associate(cats, { radiusArcsec: RADIUS });
    const got = new Set<string>();
    for (let r = 0; r < res.nrows; r++) got.add(`${res.rows[0][r]},${res.rows[1][r]},${res.rows[2][r]}`);
    assert.equal(got.size, res.nrows, 'no duplicate rows');
    const want = bruteForce(cats);
    const missing = [...want].filter((k) => !got.has(k));
    const extra = [...got].filter((k) => !want.has(k));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
    // Non-trivial: many combinations with both secondaries present.
    assert.ok([...want].filter((k) => !k.includes('-1')).length > 100);
  });

  it('shards cut across these places and still merge to the unsharded output', () => {
    const whole = associate(cats, { radiusArcsec: RADIUS }).toTable();
    for (const count of [5, 13]) {
      const parts = Array.from(
        { length: count },
        (_, i) => associateShard(cats, { radiusArcsec: RADIUS }, { index: i + 1, count }).table,
      );
      assertSameTable(whole, mergeShardTables(parts), `N=${count}`);
    }
  });
});
