/**
 * Seeded synthetic catalogues for the shard and geometry tests: a primary with circular errors and
 * secondaries that hold true counterparts (Gaussian offsets) plus unrelated field sources.
 */
import type { CatalogInput } from '../../src/assoc/types.js';
import { RandomStream } from '../../src/random/stream.js';
import { column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';

export interface Box {
  raMinDeg: number;
  raMaxDeg: number;
  decMinDeg: number;
  decMaxDeg: number;
}

function uniformInBox(rng: RandomStream, box: Box): [number, number] {
  const z0 = Math.sin((box.decMinDeg * Math.PI) / 180);
  const z1 = Math.sin((box.decMaxDeg * Math.PI) / 180);
  const dec = (Math.asin(z0 + (z1 - z0) * rng.uniform()) * 180) / Math.PI;
  const ra = (((box.raMinDeg + (box.raMaxDeg - box.raMinDeg) * rng.uniform()) % 360) + 360) % 360;
  return [ra, dec];
}

export function boxAreaDeg2(box: Box): number {
  const d = (x: number) => Math.sin((x * Math.PI) / 180);
  return ((box.raMaxDeg - box.raMinDeg) * (d(box.decMaxDeg) - d(box.decMinDeg)) * 180) / Math.PI;
}

export function catalogInput(
  name: string,
  ra: number[],
  dec: number[],
  errArcsec: number[],
  areaDeg2: number,
): CatalogInput {
  const n = ra.length;
  const raDeg = Float64Array.from(ra);
  const decDeg = Float64Array.from(dec);
  const v = Float64Array.from(errArcsec, (e) => e * e);
  const table = new Table(
    [
      column(
        'id',
        Int32Array.from({ length: n }, (_, i) => i + 1),
      ),
      column('ra', raDeg),
      column('dec', decDeg),
      column('pos_err', Float64Array.from(errArcsec)),
    ],
    { name, skyAreaDeg2: areaDeg2 },
  );
  return {
    name,
    table,
    raDeg,
    decDeg,
    errors: {
      varEastArcsec2: v,
      varNorthArcsec2: Float64Array.from(v),
      covEastNorthArcsec2: new Float64Array(n),
      circular: true,
    },
    skyAreaDeg2: areaDeg2,
  };
}

/**
 * Primary of `nPrimary` sources (error `primaryErr`″) and secondaries with `nField` unrelated sources
 * each, plus a counterpart for 70% of the primaries (offset drawn from the combined error).
 */
export function mockCatalogs(
  seed: number,
  box: Box,
  nPrimary: number,
  nField: number[],
  primaryErr = 4,
  secondaryErr = 1,
): CatalogInput[] {
  const area = boxAreaDeg2(box);
  const rng = new RandomStream(seed, 0);
  const pRa: number[] = [];
  const pDec: number[] = [];
  for (let i = 0; i < nPrimary; i++) {
    const [r, d] = uniformInBox(rng, box);
    pRa.push(r);
    pDec.push(d);
  }
  const cats = [
    catalogInput(
      'PRI',
      pRa,
      pDec,
      pRa.map(() => primaryErr),
      area,
    ),
  ];
  nField.forEach((nf, c) => {
    const r2 = new RandomStream(seed, c + 1);
    const ra: number[] = [];
    const dec: number[] = [];
    const sigma = Math.hypot(primaryErr, secondaryErr) / 3600;
    for (let i = 0; i < nPrimary; i++) {
      if (r2.uniform() > 0.7) continue;
      const d = Math.max(-90, Math.min(90, pDec[i] + sigma * r2.normal()));
      ra.push(
        (((pRa[i] + (sigma * r2.normal()) / Math.max(1e-6, Math.cos((pDec[i] * Math.PI) / 180))) % 360) + 360) % 360,
      );
      dec.push(d);
    }
    for (let i = 0; i < nf; i++) {
      const [r, d] = uniformInBox(r2, box);
      ra.push(r);
      dec.push(d);
    }
    cats.push(
      catalogInput(
        `SEC${c + 1}`,
        ra,
        dec,
        ra.map(() => secondaryErr),
        area,
      ),
    );
  });
  return cats;
}
