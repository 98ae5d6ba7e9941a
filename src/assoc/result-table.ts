/**
 * The NWAY output layout (memo nway.md §3.2): `<T>_<col>` for every input column (−99 where that
 * catalogue is absent), `Separation_<B>_<A>`, `Separation_max`, `ncat`, `dist_bayesfactor`,
 * [`dist_bayesfactor_corrected`], `dist_post`, `bias_*`, `p_single`, `p_any`, `p_i`, `match_flag`.
 * Input columns keep their type; computed columns are float64 (NWAY writes float32).
 */
import {
  allocate,
  type BigIntArray,
  type Column,
  column,
  columnWidth,
  type NumericArray,
  Table,
} from '../table/index.js';
import type { AssociationColumns, CatalogInput } from './types.js';

/** Marker NWAY writes in every column of an absent counterpart. */
const ABSENT = -99;

export function gatherColumn(c: Column, rows: Int32Array, name: string): Column {
  const w = columnWidth(c);
  const n = rows.length;
  const opts = {
    shape: c.shape,
    ...(c.unit ? { unit: c.unit } : {}),
    ...(c.description ? { description: c.description } : {}),
  };
  let nulls: Uint8Array | undefined;
  const markNull = (i: number) => {
    nulls ??= new Uint8Array(n);
    nulls[i] = 1;
  };
  if (Array.isArray(c.data)) {
    const src = c.data;
    const out = new Array<string>(n * w);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      for (let j = 0; j < w; j++) out[i * w + j] = r < 0 ? String(ABSENT) : src[r * w + j];
      if (r >= 0 ? c.nulls?.[r] : false) markNull(i);
    }
    return column(name, out, { ...opts, kind: 'str', ...(nulls ? { nulls } : {}) });
  }
  const out = allocate(c.kind, n * w) as NumericArray | BigIntArray;
  const big = out instanceof BigInt64Array || out instanceof BigUint64Array;
  const unsigned =
    c.kind === 'u8' ||
    c.kind === 'u16' ||
    c.kind === 'u32' ||
    c.kind === 'u64' ||
    c.kind === 'bool' ||
    c.kind === 'bits';
  const src = c.data as NumericArray | BigIntArray;
  if (w === 1 && !c.nulls) {
    gatherBytes(src, out, rows);
    // Absent rows: the element copy above left them 0; they get NWAY's marker (or a null).
    for (let i = 0; i < n; i++) {
      if (rows[i] >= 0) continue;
      if (unsigned) markNull(i);
      else out[i] = big ? BigInt(ABSENT) : ABSENT;
    }
    return column(name, out, {
      ...opts,
      kind: c.kind,
      ...(nulls ? { nulls } : {}),
      ...(c.meta ? { meta: { ...c.meta } } : {}),
    });
  }
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r < 0) {
      if (unsigned) markNull(i);
      else for (let j = 0; j < w; j++) out[i * w + j] = big ? BigInt(ABSENT) : ABSENT;
      continue;
    }
    for (let j = 0; j < w; j++) out[i * w + j] = src[r * w + j];
    if (c.nulls?.[r]) markNull(i);
  }
  return column(name, out, {
    ...opts,
    kind: c.kind,
    ...(nulls ? { nulls } : {}),
    ...(c.meta ? { meta: { ...c.meta } } : {}),
  });
}

/**
 * out[i] = src[rows[i]] (rows[i] ≥ 0) as raw element bits through an unsigned view of the element
 * size: one monomorphic loop per size instead of a loop over every typed-array kind.
 */
function gatherBytes(src: NumericArray | BigIntArray, out: NumericArray | BigIntArray, rows: Int32Array): void {
  const n = rows.length;
  const size = src.BYTES_PER_ELEMENT;
  if (size === 8) {
    const s32 = new Uint32Array(src.buffer, src.byteOffset, src.length * 2);
    const o32 = new Uint32Array(out.buffer, out.byteOffset, out.length * 2);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r < 0) continue;
      o32[2 * i] = s32[2 * r];
      o32[2 * i + 1] = s32[2 * r + 1];
    }
    return;
  }
  if (size === 4) {
    const s32 = new Uint32Array(src.buffer, src.byteOffset, src.length);
    const o32 = new Uint32Array(out.buffer, out.byteOffset, out.length);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r >= 0) o32[i] = s32[r];
    }
    return;
  }
  if (size === 2) {
    const s16 = new Uint16Array(src.buffer, src.byteOffset, src.length);
    const o16 = new Uint16Array(out.buffer, out.byteOffset, out.length);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r >= 0) o16[i] = s16[r];
    }
    return;
  }
  const s8 = new Uint8Array(src.buffer, src.byteOffset, src.length);
  const o8 = new Uint8Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r >= 0) o8[i] = s8[r];
  }
}

export function resultToTable(
  res: AssociationColumns & { catalogs: CatalogInput[]; corrected: boolean; biasNames: string[] },
): Table {
  const cols: Column[] = [];
  res.catalogs.forEach((cat, c) => {
    for (const col of cat.table.columns) cols.push(gatherColumn(col, res.rows[c], `${cat.name}_${col.name}`));
  });
  res.pairs.forEach(([a, b], i) => {
    cols.push(
      column(`Separation_${res.catalogs[b].name}_${res.catalogs[a].name}`, res.separationArcsec[i], { unit: 'arcsec' }),
    );
  });
  cols.push(column('Separation_max', res.separationMaxArcsec, { unit: 'arcsec' }));
  cols.push(column('ncat', res.ncat));
  cols.push(column('dist_bayesfactor', res.logBayesFactor, { description: 'log10 Bayes factor of the positions' }));
  if (res.corrected)
    cols.push(
      column('dist_bayesfactor_corrected', res.logBayesFactorCorrected, {
        description: 'log10 Bayes factor after the unrelated-association correction',
      }),
    );
  cols.push(column('dist_post', res.distPost));
  res.biasNames.forEach((name, i) => {
    cols.push(column(name, res.bias[i]));
  });
  cols.push(column('p_single', res.pSingle));
  cols.push(column('p_any', res.pAny));
  cols.push(column('p_i', res.pI));
  cols.push(column('match_flag', res.matchFlag));
  // Not in NWAY (appended after its columns): whether the primary is inside each secondary's footprint.
  res.covered.forEach((cov, c) => {
    if (cov) cols.push(column(`covered_${res.catalogs[c].name}`, cov, { kind: 'bool' }));
  });
  return new Table(cols, { name: 'NWAYMATCH' }, res.nrows);
}
