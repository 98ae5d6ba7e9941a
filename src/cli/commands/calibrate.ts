/**
 * `mmassoc calibrate fake|shift|cutoff`: random-primary catalogues and the p_any cut-off for a chosen
 * false-positive rate (docs/association.md, "Calibrating the p_any cut-off").
 */
import type { Command } from 'commander';
import { cutoffs, fakePositions, primaryPAny, shiftedPositions } from '../../assoc/calibrate.js';
import { parseCatalogSpec, positionColumns } from '../../assoc/catalog-spec.js';
import { idColumn } from '../../assoc/validate-input.js';
import { UserError } from '../../errors.js';
import { readTable, writeTable } from '../../io/index.js';
import { column, Table } from '../../table/index.js';
import { log } from '../progress.js';

function positiveNumber(flag: string, v: unknown): number {
  const x = Number(v);
  if (!(Number.isFinite(x) && x > 0)) throw new UserError(`${flag} ${String(v)}: expected a positive number`);
  return x;
}

/** The input table with its rows taken from `rows` and RA/Dec replaced. */
function withPositions(
  table: Table,
  rows: Int32Array,
  raCol: string,
  decCol: string,
  ra: Float64Array,
  dec: Float64Array,
): Table {
  const t = table.take(rows);
  const keep = (name: string, data: Float64Array) => {
    const c = t.col(name);
    return column(name, data, {
      ...(c.unit ? { unit: c.unit } : {}),
      ...(c.description ? { description: c.description } : {}),
    });
  };
  return new Table(
    t.columns.map((c) => (c.name === raCol ? keep(raCol, ra) : c.name === decCol ? keep(decCol, dec) : c)),
    t.meta,
    t.nrows,
  );
}

/** `calibrate fake`: writes a fake primary catalogue; returns its row count. */
export async function runFake(
  input: string,
  output: string,
  o: { radiusArcsec: number; seed: number; copies?: number; spreadArcsec?: number },
): Promise<number> {
  const spec = parseCatalogSpec(input);
  const table = await readTable(spec.file);
  const { ra, dec } = positionColumns(spec, table);
  const f = fakePositions(table.float64(ra), table.float64(dec), o);
  let fake = withPositions(table, f.sourceRow, ra, dec, f.raDeg, f.decDeg);
  // Several fakes per source would repeat its id, and ids must be unique (match refuses duplicates):
  // number the fakes 1…n and keep the real source's id beside.
  const idName = idColumn(fake);
  if ((o.copies ?? 1) > 1 && idName) {
    const seq = Int32Array.from({ length: fake.nrows }, (_, i) => i + 1);
    fake = fake.withColumns([
      { ...fake.col(idName), name: `${idName}_SOURCE`, description: 'id of the real source this fake was made from' },
      column(idName, seq, { description: 'fake source number' }),
    ]);
  }
  await writeTable(output, fake);
  log(
    `calibrate: ${f.raDeg.length} fake sources (${o.copies ?? 1} per real source, ≥ ${o.radiusArcsec}″ from every real one, seed ${o.seed}) → ${output}`,
  );
  return f.raDeg.length;
}

/** `calibrate shift`: writes a shifted primary catalogue; returns its row count. */
export async function runShift(
  input: string,
  output: string,
  o: { radiusArcsec: number; shiftEastArcsec: number; shiftNorthArcsec: number },
): Promise<number> {
  const spec = parseCatalogSpec(input);
  const table = await readTable(spec.file);
  const { ra, dec } = positionColumns(spec, table);
  const s = shiftedPositions(
    table.float64(ra),
    table.float64(dec),
    o.shiftEastArcsec,
    o.shiftNorthArcsec,
    o.radiusArcsec,
  );
  await writeTable(output, withPositions(table, s.sourceRow, ra, dec, s.raDeg, s.decDeg));
  log(
    `calibrate: ${s.raDeg.length} of ${table.nrows} sources kept after the shift (the others land within ${o.radiusArcsec}″ of a real source) → ${output}`,
  );
  return s.raDeg.length;
}

/** `calibrate cutoff`: prints the cut for each rate; optionally writes the whole curve. */
export async function runCutoff(real: string, fake: string, o: { rates: number[]; out?: string }) {
  const rp = primaryPAny(await readTable(real));
  const fp = primaryPAny(await readTable(fake));
  const rows = cutoffs(rp, fp, o.rates);
  process.stdout.write(`p_any cut-offs from ${rp.length} real and ${fp.length} fake primaries:\n`);
  process.stdout.write('  false rate ≤   p_any >   efficiency   observed false (n)   95% upper limit\n');
  for (const r of rows) {
    process.stdout.write(
      `  ${(100 * r.rate).toFixed(1).padStart(9)}%   ${r.cut.toFixed(4).padStart(7)}   ${(100 * r.efficiency).toFixed(1).padStart(9)}%   ${(100 * r.falseRate).toFixed(2).padStart(8)}% (${r.nFalse}/${r.nFake})   ${(100 * r.falseRateUpper95).toFixed(2).padStart(8)}%\n`,
    );
    if (r.falseRateUpper95 > 2 * r.rate)
      process.stdout.write(
        `    (only ${r.nFake} fake primaries: the rate is poorly known; make more with 'calibrate fake --copies N')\n`,
      );
  }
  if (o.out) {
    const grid = Float64Array.from({ length: 101 }, (_, i) => i / 100);
    const above = (arr: Float64Array, c: number) => arr.reduce((s, v) => s + (v > c ? 1 : 0), 0);
    const eff = grid.map((c) => above(rp, c) / Math.max(1, rp.length));
    const fr = grid.map((c) => above(fp, c) / fp.length);
    await writeTable(
      o.out,
      new Table([column('p_any_cut', grid), column('efficiency', eff), column('false_rate', fr)], { name: 'CUTOFF' }),
    );
  }
  return rows;
}

export function register(program: Command): void {
  const cal = program
    .command('calibrate')
    .description('calibrate the p_any cut-off with fake or shifted primary catalogues');
  cal
    .command('fake')
    .description(
      'write a fake primary catalogue: real sources displaced to random positions ≥ R from every real source',
    )
    .argument('<in>', 'primary catalogue (FILE[:ra=COL][:dec=COL])')
    .argument('<out>', 'fake catalogue to write (same columns, new RA/Dec)')
    .requiredOption('--radius <arcsec>', 'minimum distance from every real source (use 2× the match radius)')
    .option('--copies <n>', 'fakes per real source (more fakes resolve small false rates)', '1')
    .option('--spread <arcsec>', 'width of the displacement annulus beyond 2R (default 10R)')
    .option('--seed <n>', 'random seed', '1')
    .action(async (input: string, output: string, o: Record<string, string | undefined>) => {
      const copies = Number(o.copies);
      if (!(Number.isInteger(copies) && copies >= 1))
        throw new UserError(`--copies ${o.copies}: expected a positive integer`);
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new UserError(`--seed ${o.seed}: expected an integer`);
      await runFake(input, output, {
        radiusArcsec: positiveNumber('--radius', o.radius),
        seed,
        copies,
        ...(o.spread !== undefined ? { spreadArcsec: positiveNumber('--spread', o.spread) } : {}),
      });
    });
  cal
    .command('shift')
    .description('write a shifted primary catalogue (sources landing within R of a real one are dropped)')
    .argument('<in>', 'primary catalogue (FILE[:ra=COL][:dec=COL])')
    .argument('<out>', 'shifted catalogue to write')
    .requiredOption('--radius <arcsec>', 'drop shifted sources within this distance of a real one')
    .option('--shift-ra <arcsec>', 'shift towards east (arc on the sky, arcsec; negative = west)', '0')
    .option('--shift-dec <arcsec>', 'shift towards north (arcsec; negative = south)', '0')
    .action(async (input: string, output: string, o: Record<string, string | undefined>) => {
      const e = Number(o.shiftRa);
      const n = Number(o.shiftDec);
      if (!Number.isFinite(e) || !Number.isFinite(n) || (e === 0 && n === 0))
        throw new UserError('give a non-zero --shift-ra or --shift-dec (arcsec)');
      await runShift(input, output, {
        radiusArcsec: positiveNumber('--radius', o.radius),
        shiftEastArcsec: e,
        shiftNorthArcsec: n,
      });
    });
  cal
    .command('cutoff')
    .description('p_any cut-off for chosen false-positive rates, from a real and a fake match output')
    .argument('<real>', 'match output with the real primaries')
    .argument('<fake>', 'match output with fake (or shifted) primaries, same secondaries and options')
    .option('--rates <list>', 'false-positive rates', '0.01,0.03,0.05,0.1')
    .option('--out <file>', 'also write efficiency and false rate against the cut (0..1 in steps of 0.01)')
    .action(async (real: string, fake: string, o: Record<string, string | undefined>) => {
      const rates = String(o.rates)
        .split(',')
        .map((s) => Number(s));
      if (rates.some((r) => !(r > 0 && r < 1))) throw new UserError(`--rates ${o.rates}: each rate must be in (0, 1)`);
      await runCutoff(real, fake, { rates, ...(o.out ? { out: o.out } : {}) });
    });
}
