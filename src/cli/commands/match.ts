/**
 * `mmassoc match --out OUT [--radius ARCSEC] [--prior-completeness C] [--best OUT2] CAT …`: the
 * association with per-catalogue error conventions, footprints and areas (docs/association.md,
 * "mmassoc match"). The first CAT is the primary.
 */
import type { Command } from 'commander';
import {
  type BuiltCatalog,
  buildCatalogInput,
  parseCatalogSpec,
  positionColumns,
  type ResolvedColumns,
  resolvedSpecText,
} from '../../assoc/catalog-spec.js';
import { type CoverageMap, coverageFromSources, readCoverage } from '../../assoc/coverage.js';
import { associate } from '../../assoc/engine.js';
import { parseShard, planShard, type Shard, type ShardPlan, shardTable } from '../../assoc/shard.js';
import type { AssociationOptions, MagPrior } from '../../assoc/types.js';
import { checkNumericColumn, checkPositions, checkUniqueIds } from '../../assoc/validate-input.js';
import { UserError } from '../../errors.js';
import { isHatsCatalog, openHats, streamHats } from '../../io/hats.js';
import { readTable, writeTable } from '../../io/index.js';
import { parseMemory } from '../../scale/budget.js';
import { column, concatTables, type Table } from '../../table/index.js';
import { log, progressBar, warn } from '../progress.js';

export interface MatchOptions {
  out: string;
  catalogs: string[];
  radiusArcsec?: number;
  priorCompleteness?: number | number[];
  best?: string;
  coverageOrder?: number;
  minProb?: number;
  acceptableProb?: number;
  considerUnrelated?: boolean;
  fluxRadiusArcsec?: number;
  /** Run only the primaries of HEALPix shard I of N (merge the shard outputs with `mmassoc merge`). */
  shard?: Shard;
  /** Out-of-core: associate HEALPix tile by tile within this many bytes (`--memory`). */
  memoryBytes?: number;
}

/** Largest radius accepted without --force: beyond it candidate lists explode and the flat priors break down. */
export const MAX_RADIUS_ARCSEC = 3 * 3600;

/** Default search radius: 5× the combined 1-σ error of the worst-localised (99th percentile) sources. */
export function defaultRadiusArcsec(cats: BuiltCatalog[]): number {
  let sum = 0;
  for (const c of cats) {
    const e = c.input.errors;
    const major: number[] = [];
    for (let i = 0; i < e.varEastArcsec2.length; i++) {
      const h = 0.5 * (e.varEastArcsec2[i] + e.varNorthArcsec2[i]);
      const r = Math.hypot(0.5 * (e.varEastArcsec2[i] - e.varNorthArcsec2[i]), e.covEastNorthArcsec2[i]);
      if (Number.isFinite(h + r)) major.push(h + r);
    }
    major.sort((a, b) => a - b);
    if (major.length > 0) sum += major[Math.min(major.length - 1, Math.floor(0.99 * major.length))];
  }
  return Math.ceil(5 * Math.sqrt(sum) * 10) / 10;
}

/** Index of each primary's best row: the group's flag-1 row with the largest p_i, else its first row. */
function bestRows(
  primaryRow: ArrayLike<number>,
  pI: Float64Array,
  ncat: Int16Array,
): { best: Int32Array; nCandidates: Int32Array } {
  const best: number[] = [];
  const ncand: number[] = [];
  let r = 0;
  while (r < primaryRow.length) {
    let end = r;
    while (end < primaryRow.length && primaryRow[end] === primaryRow[r]) end++;
    let b = r;
    let count = 0;
    for (let j = r; j < end; j++) {
      if (ncat[j] <= 1) continue;
      count++;
      // The first candidate, then any with a larger p_i (ties keep the earlier row, NWAY's order).
      if (b === r || pI[j] > pI[b]) b = j;
    }
    best.push(b);
    ncand.push(count);
    r = end;
  }
  return { best: Int32Array.from(best), nCandidates: Int32Array.from(ncand) };
}

/** A catalogue file, or a HATS folder read whole (its partitions in sky order). */
async function readCatalogTable(file: string): Promise<Table> {
  if (!isHatsCatalog(file)) return readTable(file);
  const parts: Table[] = [];
  for await (const t of streamHats(openHats(file))) parts.push(t);
  return concatTables(parts[0].slice(0, 0), parts);
}

/** Runs `mmassoc match`; returns the number of output rows. */
export async function runMatch(opts: MatchOptions): Promise<{ rows: number; bestRows?: number }> {
  if (opts.catalogs.length < 2)
    throw new UserError(
      'match needs a primary and at least one secondary catalogue: mmassoc match --out OUT PRIMARY SECONDARY…',
    );
  if (opts.memoryBytes !== undefined) {
    const { runTiledMatch } = await import('./match-tiled.js');
    return runTiledMatch(opts, opts.memoryBytes);
  }
  const specs = opts.catalogs.map(parseCatalogSpec);
  const tables = await Promise.all(specs.map((s) => readCatalogTable(s.file)));
  const built: BuiltCatalog[] = [];
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i];
    let coverage: CoverageMap | undefined;
    if (s.options.coverage !== undefined) coverage = await readCoverage(s.options.coverage);
    const pos = positionColumns(s, tables[i]);
    checkNumericColumn(s.file, tables[i], pos.ra);
    checkNumericColumn(s.file, tables[i], pos.dec);
    const b0 = buildCatalogInput(s, tables[i], coverage, opts.coverageOrder);
    const checked = checkPositions(s.file, b0.resolved.ra, b0.resolved.dec, b0.input.raDeg, b0.input.decDeg);
    b0.input.raDeg = checked.raDeg;
    for (const w of checked.warnings) warn(w);
    checkUniqueIds(s.file, tables[i]);
    if (!coverage && opts.coverageOrder !== undefined) {
      coverage = coverageFromSources(b0.input.raDeg, b0.input.decDeg, opts.coverageOrder);
      b0.input.coverage = coverage;
    }
    built.push(b0);
    const r = b0.resolved;
    for (const note of r.notes) log(`match: ${r.name}: ${note}`);
    if (b0.areaWarning) warn(b0.areaWarning);
    log(
      `match: ${r.name}: ${tables[i].nrows} sources, ${b0.input.skyAreaDeg2.toPrecision(5)} deg² (${b0.areaSource}), errors ${r.convention.kind}${r.floorArcsec > 0 ? ` + floor ${r.floorArcsec}″` : ''}${b0.input.errors.circular ? '' : ' (elliptical)'}${coverage ? `, footprint ${coverage.description}` : ''}`,
    );
  }
  const catalogs = built.map((b) => b.input);
  const radius = opts.radiusArcsec ?? defaultRadiusArcsec(built);
  if (opts.radiusArcsec === undefined)
    log(`match: search radius ${radius}″ (5× the combined 99th-percentile 1σ errors; set --radius to choose)`);
  const mags: MagPrior[] = [];
  catalogs.forEach((c, i) => {
    for (const f of c.flux ?? []) mags.push({ catalog: i, column: f.column });
  });
  const options: AssociationOptions = {
    radiusArcsec: radius,
    ...(opts.priorCompleteness !== undefined ? { priorCompleteness: opts.priorCompleteness } : {}),
    ...(opts.acceptableProb !== undefined ? { acceptableProb: opts.acceptableProb } : {}),
    considerUnrelated: opts.considerUnrelated ?? true,
    mags,
    ...(opts.fluxRadiusArcsec !== undefined ? { magRadiusArcsec: opts.fluxRadiusArcsec } : {}),
  };
  let plan: ShardPlan | undefined;
  if (opts.shard) {
    plan = planShard(catalogs, options, opts.shard);
    log(
      `match: shard ${opts.shard.index}/${opts.shard.count}: ${plan.primaries} of ${catalogs[0].raDeg.length} primaries`,
    );
  }
  const bar = progressBar('matching');
  let res: ReturnType<typeof associate>;
  try {
    res = associate(plan ? plan.catalogs : catalogs, { ...options, onProgress: bar.update });
  } finally {
    bar.stop();
  }
  let table = res.toTable();
  let pRows = res.rows[0];
  let pI = res.pI;
  let ncat = res.ncat;
  if (plan) {
    // Keep only this shard's primaries, in the unsharded run's row order.
    const keep: number[] = [];
    for (let r = 0; r < pRows.length; r++) if (plan.shardOf[pRows[r]] === plan.shard.index) keep.push(r);
    table = shardTable(plan, table, pRows);
    pRows = Int32Array.from(keep, (r) => res.rows[0][r]);
    pI = Float64Array.from(keep, (r) => res.pI[r]);
    ncat = Int16Array.from(keep, (r) => res.ncat[r]);
  }
  // The engine flags primaries outside a secondary's footprint (covered_<NAME> = 0); say how many.
  const prim = catalogs[0];
  for (let c = 1; c < catalogs.length; c++) {
    const cov = catalogs[c].coverage;
    if (!cov) continue;
    let outside = 0;
    for (let p = 0; p < prim.raDeg.length; p++) if (!cov.contains(prim.raDeg[p], prim.decDeg[p])) outside++;
    if (outside > 0)
      log(
        `match: ${outside} of ${prim.raDeg.length} ${prim.name} sources lie outside the ${catalogs[c].name} footprint (covered_${catalogs[c].name} = 0)`,
      );
  }
  return writeMatchOutputs(opts, {
    table,
    groupKey: pRows,
    pI,
    ncat,
    names: catalogs.map((c) => c.name),
    resolved: built.map((b) => b.resolved),
    radiusArcsec: radius,
    primaries: prim.raDeg.length,
  });
}

/** What `writeMatchOutputs` needs of an association, in-memory or tiled. */
export interface MatchTable {
  table: Table;
  /** Equal for consecutive rows of one primary (its row number). */
  groupKey: ArrayLike<number>;
  pI: Float64Array;
  ncat: Int16Array;
  names: string[];
  resolved: ResolvedColumns[];
  radiusArcsec: number;
  primaries: number;
}

/** Header keywords, `--best`, `--min-prob` and the output files of `mmassoc match`. */
export async function writeMatchOutputs(
  opts: MatchOptions,
  m: MatchTable,
): Promise<{ rows: number; bestRows?: number }> {
  let table = m.table;
  const keywords: Record<string, string> = {
    METHOD: 'mmassoc match (Bayesian multi-catalogue association)',
    TABLES: m.names.join(','),
    RADIUS: String(m.radiusArcsec),
  };
  m.resolved.forEach((r, i) => {
    keywords[`CATSPEC${i}`] = resolvedSpecText(r);
  });
  table = table.withMeta({ name: 'MATCH', keywords: { ...table.meta.keywords, ...keywords } });
  let bestCount: number | undefined;
  if (opts.best) {
    const { best, nCandidates } = bestRows(m.groupKey, m.pI, m.ncat);
    const bt = table
      .take(best)
      .withColumns([column('n_candidates', nCandidates, { description: 'candidate associations of this primary' })]);
    await writeTable(opts.best, bt.withMeta({ name: 'MATCHBEST', keywords }));
    bestCount = bt.nrows;
    log(`match: best association of each of ${bt.nrows} primaries → ${opts.best}`);
  }
  if (opts.minProb !== undefined && opts.minProb > 0) {
    const mp = opts.minProb;
    table = table.filter(Array.from(m.pI, (p) => !(p < mp)));
  }
  await writeTable(opts.out, table);
  log(`match: ${table.nrows} associations of ${m.primaries} primaries → ${opts.out}`);
  return { rows: table.nrows, ...(bestCount !== undefined ? { bestRows: bestCount } : {}) };
}

function num(flag: string, v: string, min = 0): number {
  const x = Number(v);
  if (!(Number.isFinite(x) && x > min)) throw new UserError(`${flag} ${v}: expected a number > ${min}`);
  return x;
}

export function parseCompleteness(v: string): number | number[] {
  const parts = v.split(':').map((p) => Number(p));
  if (parts.some((p) => !(p > 0 && p <= 1)))
    throw new UserError(`--prior-completeness ${v}: each value must be in (0, 1]`);
  return parts.length === 1 ? parts[0] : parts;
}

export function register(program: Command): void {
  program
    .command('match')
    .description('Bayesian association of a primary catalogue with one or more others (elliptical errors, footprints)')
    .argument(
      '<catalogs...>',
      'FILE[:name=NAME][:ra=COL][:dec=COL][:err=COL|ARCSEC][:ell=A,B,PA][:err95=COL|ARCSEC][:errradius=COL|ARCSEC][:ell95=A,B,PA][:floor=ARCSEC][:area=DEG2][:coverage=FILE][:flux=COL]; the first is the primary',
    )
    .requiredOption('--out <file>', 'output table (.fits, .csv, .parquet …): every association')
    .option('--radius <arcsec>', 'search radius (default 5× the combined 99th-percentile 1σ errors)')
    .option(
      '--prior-completeness <c>',
      'expected fraction of primaries with a counterpart: C or C1:C2:… per secondary',
      '1',
    )
    .option('--best <file>', 'also write one row per primary: its best association, p_any, p_i, n_candidates')
    .option(
      '--coverage-order <order>',
      'compute each footprint without :coverage= from its sources at this HEALPix order (and flag primaries outside)',
    )
    .option('--min-prob <p>', 'drop associations with p_i below this from --out')
    .option('--acceptable-prob <p>', 'match_flag 2 for p_i above this fraction of the best', '0.5')
    .option(
      '--flux-radius <arcsec>',
      'flux priors (:flux=): "secure" matches are those within this separation (default: Bayesian, dist_post > 0.9)',
    )
    .option('--ignore-unrelated-associations', "skip NWAY's unrelated-association correction")
    .option(
      '--shard <I/N>',
      'associate only the primaries of HEALPix shard I of N (join the outputs with mmassoc merge)',
    )
    .option(
      '--queue <url>',
      'run the shards as jobs on this Redis (BullMQ) queue, served by `mmassoc worker`; merge into --out',
    )
    .option('--shards <n>', 'with --queue: number of HEALPix shard jobs', '8')
    .option('--queue-name <name>', 'with --queue: BullMQ queue name (as given to mmassoc worker --queue)')
    .option(
      '--memory <size>',
      'out of core: associate HEALPix tile by tile within this memory (e.g. 4GB); needs --radius and sky areas',
    )
    .option('--force', 'accept a search radius above 3°')
    .action(async (cats: string[], o: Record<string, string | boolean | undefined>) => {
      const order = o.coverageOrder !== undefined ? Number(o.coverageOrder) : undefined;
      if (order !== undefined && !(Number.isInteger(order) && order >= 0 && order <= 29))
        throw new UserError(`--coverage-order ${o.coverageOrder}: expected an integer 0..29`);
      const radius = o.radius !== undefined ? num('--radius', String(o.radius)) : undefined;
      if (radius !== undefined && radius > MAX_RADIUS_ARCSEC && !o.force)
        throw new UserError(
          `--radius ${o.radius}: above 3° (${MAX_RADIUS_ARCSEC}″) the candidate lists explode; add --force if you mean it`,
        );
      const matchOptions: MatchOptions = {
        out: String(o.out),
        catalogs: cats,
        ...(radius !== undefined ? { radiusArcsec: radius } : {}),
        ...(o.shard !== undefined ? { shard: parseShard(String(o.shard)) } : {}),
        ...(o.memory !== undefined ? { memoryBytes: parseMemory(String(o.memory)) } : {}),
        priorCompleteness: parseCompleteness(String(o.priorCompleteness)),
        ...(o.best !== undefined ? { best: String(o.best) } : {}),
        ...(order !== undefined ? { coverageOrder: order } : {}),
        ...(o.minProb !== undefined ? { minProb: num('--min-prob', String(o.minProb), -1e-300) } : {}),
        acceptableProb: num('--acceptable-prob', String(o.acceptableProb)),
        ...(o.fluxRadius !== undefined ? { fluxRadiusArcsec: num('--flux-radius', String(o.fluxRadius)) } : {}),
        considerUnrelated: !o.ignoreUnrelatedAssociations,
      };
      if (o.queue === undefined) {
        await runMatch(matchOptions);
        return;
      }
      if (matchOptions.memoryBytes !== undefined)
        throw new UserError('--memory and --queue cannot be combined: queued shards run in memory, one shard a job');
      const shards = Number(o.shards);
      if (!(Number.isInteger(shards) && shards >= 1))
        throw new UserError(`--shards ${o.shards}: expected an integer ≥ 1`);
      // Loaded on use: BullMQ and ioredis add ~0.3 s to every CLI start.
      const { runQueuedMatch } = await import('../../queue/queued-match.js');
      await runQueuedMatch(matchOptions, {
        url: String(o.queue),
        shards,
        ...(o.queueName !== undefined ? { queueName: String(o.queueName) } : {}),
      });
    });
}
