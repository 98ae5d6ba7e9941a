/**
 * HATS catalogues (Hierarchical Adaptive Tiling Scheme, the layout of LSDB and Rubin: IVOA Note
 * "HATS" 2025): a folder of Parquet partitions `Norder=K/Dir=D/Npix=N.parquet` (D = ⌊N/10000⌋·10000),
 * under `dataset/` in current catalogues and at the top in older ones, each partition the sources in
 * nested HEALPix pixel N at order K, with a `properties` (or `hats.properties`) file of `key=value`
 * lines. A partition may also be a folder `Npix=N/` of Parquet files.
 *
 * The catalogue's rows are the partitions in sky order (by the first order-29 pixel each covers, as
 * HATS sorts rows by `_healpix_29`), each partition's rows in file order.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fail } from '../errors.js';
import type { Table } from '../table/table.js';
import { readParquet } from './parquet.js';

export interface HatsPartition {
  order: number;
  pixel: number;
  /** Parquet files of the partition, in name order. */
  files: string[];
}

export interface HatsCatalog {
  dir: string;
  /** The `properties` file's keys (empty when there is none). */
  properties: Record<string, string>;
  /** Partitions in sky order. */
  partitions: HatsPartition[];
}

/** True when `path` is a folder laid out as a HATS catalogue. */
export function isHatsCatalog(path: string): boolean {
  try {
    if (!statSync(path).isDirectory()) return false;
  } catch {
    return false;
  }
  const root = existsSync(join(path, 'dataset')) ? join(path, 'dataset') : path;
  return readdirSync(root).some((n) => /^Norder=\d+$/.test(n));
}

function readProperties(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['properties', 'hats.properties']) {
    const p = join(dir, name);
    if (!existsSync(p)) continue;
    for (const line of readFileSync(p, 'utf8').split(/\r?\n/)) {
      const m = /^\s*([^#=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
      if (m) out[m[1]] = m[2];
    }
    break;
  }
  return out;
}

/** Start of a pixel's range at order 29, for sorting partitions of mixed orders. */
function skyKey(p: HatsPartition): bigint {
  return BigInt(p.pixel) << BigInt(2 * (29 - p.order));
}

/**
 * Lists a HATS catalogue's partitions.
 *
 * @example (await openHats('gaia_hats')).partitions.length
 */
export function openHats(dir: string): HatsCatalog {
  if (!isHatsCatalog(dir))
    fail(
      dir,
      'not a HATS catalogue: no Norder=K folders (in dataset/ or at the top); give a HATS folder or a table file',
    );
  const root = existsSync(join(dir, 'dataset')) ? join(dir, 'dataset') : dir;
  const partitions: HatsPartition[] = [];
  for (const o of readdirSync(root)) {
    const om = /^Norder=(\d+)$/.exec(o);
    if (!om) continue;
    const order = Number(om[1]);
    if (order > 29) fail(join(root, o), 'HEALPix order above 29');
    for (const d of readdirSync(join(root, o))) {
      if (!/^Dir=\d+$/.test(d)) continue;
      for (const f of readdirSync(join(root, o, d))) {
        const fm = /^Npix=(\d+)(\.parquet)?$/.exec(f);
        if (!fm) continue;
        const path = join(root, o, d, f);
        const pixel = Number(fm[1]);
        if (!(pixel < 12 * 4 ** order)) fail(path, `pixel ${pixel} does not exist at order ${order}`);
        const files = fm[2]
          ? [path]
          : readdirSync(path)
              .filter((x) => x.endsWith('.parquet'))
              .sort()
              .map((x) => join(path, x));
        partitions.push({ order, pixel, files });
      }
    }
  }
  if (partitions.length === 0) fail(dir, 'the HATS catalogue has no Npix=N.parquet partitions');
  partitions.sort((a, b) => {
    const ka = skyKey(a);
    const kb = skyKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  for (let i = 1; i < partitions.length; i++) {
    const a = partitions[i - 1];
    const b = partitions[i];
    const end = (BigInt(a.pixel) + 1n) << BigInt(2 * (29 - a.order));
    if (skyKey(b) < end)
      fail(dir, `partitions Norder=${a.order}/Npix=${a.pixel} and Norder=${b.order}/Npix=${b.pixel} overlap`);
  }
  return { dir, properties: readProperties(dir), partitions };
}

/**
 * The catalogue's tables one partition file at a time, in catalogue row order; each carries the
 * catalogue's name (the `obs_collection` property, else the folder name) when its file has none.
 */
export async function* streamHats(cat: HatsCatalog): AsyncGenerator<Table> {
  const name = cat.properties.obs_collection ?? basename(cat.dir);
  for (const p of cat.partitions)
    for (const f of p.files) {
      const t = await readParquet(f);
      yield t.meta.name ? t : t.withMeta({ name });
    }
}

/** The catalogue's row count, from `hats_nrows` when the properties give it. */
export function hatsRowCount(cat: HatsCatalog): number | undefined {
  const n = Number(cat.properties.hats_nrows);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
