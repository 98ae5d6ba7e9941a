// The candidate pre-filter (zone-index.ts buildCapMask) may only skip points with no source within r.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCapMask, buildZoneIndex, capMaskMarkBlock, capMaskMayHit } from '../../src/assoc/zone-index.js';

/** Seeded xorshift32, uniform in [0, 1). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

const RAD = Math.PI / 180;

/** Haversine separation in arcsec (an independent formula from the index's Vincenty form). */
function sepArcsec(ra1: number, d1: number, ra2: number, d2: number): number {
  const s =
    Math.sin(((d2 - d1) * RAD) / 2) ** 2 +
    Math.cos(d1 * RAD) * Math.cos(d2 * RAD) * Math.sin(((ra2 - ra1) * RAD) / 2) ** 2;
  return ((2 * Math.asin(Math.min(1, Math.sqrt(s)))) / RAD) * 3600;
}

/** A point at `sepArcsec` from (ra, dec) towards position angle `paRad` (exact spherical offset). */
function offset(ra: number, dec: number, sep: number, pa: number): [number, number] {
  const d = (sep / 3600) * RAD;
  const d0 = dec * RAD;
  const d1 = Math.asin(Math.sin(d0) * Math.cos(d) + Math.cos(d0) * Math.sin(d) * Math.cos(pa));
  const dra = Math.atan2(Math.sin(pa) * Math.sin(d) * Math.cos(d0), Math.cos(d) - Math.sin(d0) * Math.sin(d1));
  return [((((ra * RAD + dra) / RAD) % 360) + 360) % 360, d1 / RAD];
}

describe('cap mask', () => {
  const fields = [
    { name: 'wide, low dec', ra0: 20, raW: 60, dec0: -10, decW: 20, r: 20 },
    { name: 'across RA 0/360 at high dec', ra0: 350, raW: 20, dec0: -80, decW: 8, r: 30 },
    { name: 'small dense field', ra0: 150, raW: 1.5, dec0: 1.5, decW: 1.5, r: 20 },
  ];
  for (const f of fields)
    it(`never rejects a point within r of a source (${f.name})`, () => {
      const u = rng(7 + f.ra0);
      const n = 2000;
      const ra = new Float64Array(n);
      const dec = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        ra[i] = (f.ra0 + u() * f.raW) % 360;
        dec[i] = f.dec0 + u() * f.decW;
      }
      const index = buildZoneIndex(ra, dec, f.r);
      const mask = buildCapMask(index, f.r);
      assert.ok(mask !== null);
      let rejected = 0;
      const pts: [number, number][] = [];
      for (let t = 0; t < 20000; t++) {
        // Half the points are near a source (inside or just outside r), half are anywhere in the field.
        let p: [number, number];
        if (t % 2 === 0) p = offset(ra[t % n], dec[t % n], f.r * (0.5 + u() * 0.5), 2 * Math.PI * u());
        else p = [(f.ra0 - 1 + u() * (f.raW + 2) + 360) % 360, f.dec0 - 0.5 + u() * (f.decW + 1)];
        let near = false;
        for (let i = 0; i < n && !near; i++) if (sepArcsec(p[0], p[1], ra[i], dec[i]) < f.r * (1 - 1e-9)) near = true;
        const may = capMaskMayHit(mask, p[0], p[1]);
        pts.push(p);
        if (near) assert.ok(may, `point (${p[0]}, ${p[1]}) is within ${f.r}″ of a source but the mask rejects it`);
        if (!may) rejected++;
      }
      // The filter must also do its job: most random points of a sparse field are rejected.
      if (f.name !== 'small dense field') assert.ok(rejected > 5000, `only ${rejected} of 20000 points rejected`);
      // The block form (used when streaming secondaries) decides every point as the point form does.
      const flags = new Uint8Array(pts.length);
      capMaskMarkBlock(
        mask,
        Float64Array.from(pts, (q) => q[0]),
        Float64Array.from(pts, (q) => q[1]),
        pts.length,
        flags,
      );
      for (let t = 0; t < pts.length; t++) assert.equal(flags[t] === 1, capMaskMayHit(mask, pts[t][0], pts[t][1]));
    });
});
