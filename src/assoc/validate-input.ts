/**
 * Checks a user's catalogue before association (issue 6's bad-input classes): empty tables, non-finite
 * or impossible positions, RA outside [0, 360) (normalised, with a warning), duplicate ids.
 * NWAY's missing-position marker (RA = Dec = −99) stays allowed: such a source is never a candidate.
 */
import { fail } from '../errors.js';
import type { Table } from '../table/table.js';

export interface PositionCheck {
  /** RA in [0, 360): the input array when nothing needed normalising, else a normalised copy. */
  raDeg: Float64Array;
  warnings: string[];
}

const MISSING = -99;

export function checkPositions(
  file: string,
  raCol: string,
  decCol: string,
  raDeg: Float64Array,
  decDeg: Float64Array,
): PositionCheck {
  if (raDeg.length === 0) fail(file, 'the catalogue has no rows; give a catalogue with at least one source');
  let normalised: Float64Array | undefined;
  let nWrapped = 0;
  for (let i = 0; i < raDeg.length; i++) {
    const ra = raDeg[i];
    const dec = decDeg[i];
    if (ra === MISSING && dec === MISSING) continue;
    if (!Number.isFinite(ra))
      fail(
        file,
        `row ${i + 1}, column ${raCol}: RA is ${ra}; positions must be finite numbers in degrees (fix or drop the row)`,
      );
    if (!Number.isFinite(dec))
      fail(
        file,
        `row ${i + 1}, column ${decCol}: Dec is ${dec}; positions must be finite numbers in degrees (fix or drop the row)`,
      );
    if (dec < -90 || dec > 90)
      fail(
        file,
        `row ${i + 1}, column ${decCol}: Dec = ${dec} is outside [−90, 90]; is the column in degrees? (fix or drop the row)`,
      );
    if (ra < 0 || ra >= 360) {
      normalised ??= Float64Array.from(raDeg);
      normalised[i] = ((ra % 360) + 360) % 360;
      nWrapped++;
    }
  }
  const warnings =
    nWrapped > 0
      ? [`${file}: ${nWrapped} RA value(s) in column ${raCol} outside [0, 360) were normalised into it`]
      : [];
  return { raDeg: normalised ?? raDeg, warnings };
}

const ID_NAMES = ['id', 'source_id', 'sourceid', 'objid', 'obj_id', 'name', 'source_name'];

/** The table's id column (case-insensitive id, source_id, objid, name…), if it has one. */
export function idColumn(table: Table): string | undefined {
  for (const n of ID_NAMES) {
    const c = table.findColumn(n);
    if (c && c.shape.length === 0) return c.name;
  }
  return undefined;
}

/** Throws a UserError naming the first two rows that share an id. */
export function checkUniqueIds(file: string, table: Table): void {
  const name = idColumn(table);
  if (!name) return;
  const data = table.col(name).data as ArrayLike<unknown>;
  const seen = new Map<unknown, number>();
  for (let i = 0; i < table.nrows; i++) {
    const v = data[i];
    const first = seen.get(v);
    if (first !== undefined)
      fail(
        file,
        `rows ${first + 1} and ${i + 1} both have ${name} = ${String(v)}; ids must be unique (drop or rename the duplicate)`,
      );
    seen.set(v, i);
  }
}

/** Throws a UserError naming the first row whose value in a text column is not a number. */
export function checkNumericColumn(file: string, table: Table, name: string): void {
  const c = table.get(name);
  if (c?.kind !== 'str') return;
  const data = c.data as string[];
  for (let i = 0; i < data.length; i++) {
    const v = data[i].trim();
    if (v !== '' && !Number.isFinite(Number(v)) && !/^[+-]?(nan|inf(inity)?)$/i.test(v))
      fail(
        file,
        `row ${i + 1}, column ${name}: '${data[i]}' is not a number; the column must be numeric (fix the value or drop the row)`,
      );
  }
  fail(file, `column ${name} is stored as text; convert it to numbers`);
}
