/**
 * `mmassoc match --memory SIZE`: the association out of core (docs/reliability.md, "Out-of-core
 * scale"). The catalogues are partitioned in one streaming pass into HEALPix tile files in a temporary
 * folder next to the output, then associated tile by tile; the tiles' rows are merged by primary row
 * into the in-memory run's output, and written as `match` writes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { buildCatalogInput, type CatalogSpec, parseCatalogSpec, resolveColumns } from '../../assoc/catalog-spec.js';
import { type CoverageMap, readCoverage } from '../../assoc/coverage.js';
import type { AssociationOptions, CatalogInput } from '../../assoc/types.js';
import { checkPositions } from '../../assoc/validate-input.js';
import { fail, UserError } from '../../errors.js';
import { planTileBudget, tileSideDeg } from '../../scale/budget.js';
import { atCatalogRow, partitionCatalog, readTile, type TileStore } from '../../scale/partition.js';
import { type CatalogSource, openCatalogSource, rowBytes } from '../../scale/source.js';
import { associateTiles, type TileInput } from '../../scale/tiled-associate.js';
import { TileMapper } from '../../scale/tiles.js';
import type { Table } from '../../table/index.js';
import { log, progressBar, warn } from '../progress.js';
import { type MatchOptions, writeMatchOutputs } from './match.js';

function rssMB(): string {
  return (process.memoryUsage().rss / 2 ** 20).toFixed(0);
}

function areaOf(spec: CatalogSpec, schema: Table, coverage: CoverageMap | undefined): number {
  const o = spec.options;
  if (o.area !== undefined) {
    const a = Number(o.area);
    if (!(a > 0 && Number.isFinite(a))) fail(spec.file, `:area=${o.area} must be a positive number of deg²`);
    return a;
  }
  if (schema.meta.skyAreaDeg2 !== undefined && schema.meta.skyAreaDeg2 > 0) return schema.meta.skyAreaDeg2;
  if (coverage) return coverage.areaDeg2;
  return fail(
    spec.file,
    'no SKYAREA: with --memory the sky area cannot be estimated from the sources (it needs the whole catalogue at once); give it as :area=DEG2',
  );
}

function tileCatalog(
  spec: CatalogSpec,
  store: TileStore,
  table: Table,
  rows: Float64Array,
  areaDeg2: number,
  coverage: CoverageMap | undefined,
): CatalogInput {
  try {
    const b = buildCatalogInput(spec, table.withMeta({ skyAreaDeg2: areaDeg2 }), coverage);
    if (table.nrows > 0)
      b.input.raDeg = checkPositions(spec.file, store.ra, store.dec, b.input.raDeg, b.input.decDeg).raDeg;
    return { ...b.input, table, skyAreaDeg2: areaDeg2 };
  } catch (err) {
    throw atCatalogRow(err, (r) => rows[r]);
  }
}

async function* tileInputs(
  specs: CatalogSpec[],
  stores: TileStore[],
  areas: number[],
  coverages: (CoverageMap | undefined)[],
): AsyncGenerator<TileInput> {
  const tiles = [...stores[0].pieces.keys()].sort((a, b) => a - b);
  for (const tile of tiles) {
    const catalogs: CatalogInput[] = [];
    let primaryRows = new Int32Array(0);
    for (let c = 0; c < stores.length; c++) {
      const { table, rows } = await readTile(stores[c], tile);
      if (c === 0) primaryRows = Int32Array.from(rows);
      catalogs.push(tileCatalog(specs[c], stores[c], table, rows, areas[c], coverages[c]));
    }
    yield { tile, catalogs, primaryRows };
  }
}

/** Runs `mmassoc match --memory`; returns the number of output rows. */
export async function runTiledMatch(
  opts: MatchOptions,
  memoryBytes: number,
): Promise<{ rows: number; bestRows?: number }> {
  if (opts.radiusArcsec === undefined)
    throw new UserError('--memory needs --radius: the tiles overlap by the search radius, so it must be known first');
  if (opts.coverageOrder !== undefined)
    throw new UserError(
      '--coverage-order needs every source at once; with --memory give footprints as files (:coverage=FILE)',
    );
  if (opts.shard) throw new UserError('--memory and --shard cannot be combined; run shards in memory or one tiled run');
  const radius = opts.radiusArcsec;
  const specs = opts.catalogs.map(parseCatalogSpec);
  if (specs.some((s) => s.options.flux !== undefined))
    throw new UserError(
      'automatic flux priors (:flux=) need every primary at once; run without --memory for flux priors',
    );
  const coverages: (CoverageMap | undefined)[] = [];
  for (const s of specs)
    coverages.push(s.options.coverage !== undefined ? await readCoverage(s.options.coverage) : undefined);
  const probeRows = 65536;
  const sources: CatalogSource[] = [];
  for (const s of specs) sources.push(await openCatalogSource(s.file, probeRows));
  const areas = specs.map((s, i) => areaOf(s, sources[i].schema, coverages[i]));
  const resolved = specs.map((s, i) => resolveColumns(s, sources[i].schema));
  for (const r of resolved) for (const note of r.notes) log(`match: ${r.name}: ${note}`);
  const plan = planTileBudget(
    sources.map((s, i) => ({ rows: s.rowsEstimate, areaDeg2: areas[i], rowBytes: rowBytes(s.schema) })),
    radius,
    memoryBytes,
  );
  log(
    `match: --memory ${(memoryBytes / 2 ** 20).toFixed(0)} MB: HEALPix tiles of order ${plan.order} (${tileSideDeg(plan.order).toPrecision(3)}° side), ${(plan.tileBudgetBytes / 2 ** 20).toPrecision(3)} MB per tile`,
  );
  sources.forEach((s) => {
    if (s.reading === 'whole')
      log(
        `match: ${s.file} is read whole before partitioning (FITS, plain CSV/TSV, Parquet and HATS inputs are streamed; gzipped CSV, Arrow and VOTable are not)`,
      );
  });
  // Streamed sources are reopened with the planned block size; those read whole are kept as they are.
  const blockSources: CatalogSource[] = [];
  for (const s of sources)
    blockSources.push(s.reading === 'whole' ? s : await openCatalogSource(s.file, plan.blockRows));
  const out = resolve(opts.out);
  const tmp = mkdtempSync(join(dirname(out), `.${basename(out)}.tiles-`));
  const cleanup = () => rmSync(tmp, { recursive: true, force: true });
  process.once('exit', cleanup);
  try {
    const mapper = new TileMapper(plan.order, radius);
    const stores: TileStore[] = [];
    for (let c = 0; c < specs.length; c++) {
      const store = await partitionCatalog(
        specs[c],
        blockSources[c],
        mapper,
        c === 0 ? 'primary' : 'secondary',
        join(tmp, `c${c}`),
        plan.bufferBytes,
      );
      if (store.wrappedRa > 0)
        warn(
          `${specs[c].file}: ${store.wrappedRa} RA value(s) in column ${store.ra} outside [0, 360) were normalised into it`,
        );
      log(`match: ${specs[c].file}: ${store.rows} sources in ${store.pieces.size} tiles (RSS ${rssMB()} MB)`);
      stores.push(store);
    }
    const options: AssociationOptions = {
      radiusArcsec: radius,
      ...(opts.priorCompleteness !== undefined ? { priorCompleteness: opts.priorCompleteness } : {}),
      ...(opts.acceptableProb !== undefined ? { acceptableProb: opts.acceptableProb } : {}),
      considerUnrelated: opts.considerUnrelated ?? true,
      mags: [],
    };
    const nTiles = stores[0].pieces.size;
    let done = 0;
    const bar = progressBar('match: tiles');
    const { table, summary } = await associateTiles(
      tileInputs(specs, stores, areas, coverages),
      stores.map((s) => s.rows),
      options,
      () => bar.update(++done, nTiles),
    );
    bar.stop();
    log(
      `match: ${summary.tiles} tiles, largest ${summary.maxTileRows} rows; ${summary.secondaryRowsRead} secondary rows read (margins included); RSS ${rssMB()} MB`,
    );
    const ncat = table.col('ncat').data as Int16Array;
    const groupKey = new Int32Array(table.nrows);
    // Each primary's rows start with its no-counterpart row (ncat = 1; docs/association.md).
    for (let r = 0, g = -1; r < table.nrows; r++) groupKey[r] = ncat[r] === 1 ? ++g : g;
    return await writeMatchOutputs(opts, {
      table,
      groupKey,
      pI: table.float64('p_i'),
      ncat,
      names: resolved.map((r) => r.name),
      resolved,
      radiusArcsec: radius,
      primaries: stores[0].rows,
    });
  } finally {
    cleanup();
    process.removeListener('exit', cleanup);
  }
}
