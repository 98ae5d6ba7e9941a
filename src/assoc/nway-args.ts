/**
 * NWAY's command line (memo nway.md §4.1), parsed exactly: `CAT1 ERR1 CAT2 ERR2 … --radius R
 * --out OUT [--prior-completeness C] [--mag T:COL auto|FILE]… [--mag-radius R]
 * [--mag-exclude-radius R] [--mag-auto-minprob P] [--acceptable-prob P] [--min-prob P]
 * [--ignore-unrelated-associations]`. Options accept `--opt=value` and `--opt value`.
 */
import { UserError } from '../errors.js';

/** A positional error specification: a fixed σ (arcsec) or 1–3 column names. */
export type ErrorSpec = { kind: 'fixed'; sigmaArcsec: number } | { kind: 'columns'; columns: string[] };

export interface NwayArgs {
  catalogs: { file: string; error: ErrorSpec; errorText: string }[];
  radiusArcsec: number;
  out: string;
  priorCompleteness: number | number[];
  mags: { table: string; column: string; source: 'auto' | string }[];
  magRadiusArcsec?: number;
  magExcludeRadiusArcsec?: number;
  magAutoMinProb: number;
  acceptableProb: number;
  minProb: number;
  considerUnrelated: boolean;
}

const VALUE_OPTIONS = new Set([
  '--radius',
  '--out',
  '--prior-completeness',
  '--mag-radius',
  '--mag-exclude-radius',
  '--mag-auto-minprob',
  '--acceptable-prob',
  '--min-prob',
]);

function num(opt: string, v: string | undefined): number {
  const x = v === undefined ? Number.NaN : Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(x))
    throw new UserError(`${opt} needs a number, got '${v ?? ''}'`);
  return x;
}

export function parseErrorSpec(text: string): ErrorSpec {
  if (text.startsWith(':')) {
    const cols = text.slice(1).split(':');
    if (cols.length < 1 || cols.length > 3 || cols.some((c) => c === ''))
      throw new UserError(
        `positional error '${text}': expected :COL, :RAERR:DECERR or :A:B:PA (column names) or a number in arcsec`,
      );
    return { kind: 'columns', columns: cols };
  }
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || !(v > 0))
    throw new UserError(`positional error '${text}' is neither a positive number (arcsec) nor :COLUMN`);
  return { kind: 'fixed', sigmaArcsec: v };
}

/** Parses NWAY's argument list (without the program name). */
export function parseNwayArgs(argv: readonly string[]): NwayArgs {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const mags: NwayArgs['mags'] = [];
  let considerUnrelated = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || a === '--') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(0, eq) : a;
    const inline = eq >= 0 ? a.slice(eq + 1) : undefined;
    if (name === '--ignore-unrelated-associations') {
      considerUnrelated = false;
    } else if (name === '--mag') {
      const spec = inline ?? argv[++i];
      const src = argv[++i];
      if (spec === undefined || src === undefined)
        throw new UserError('--mag needs two values: TABLE:COLUMN and auto|HISTOGRAM_FILE');
      const colon = spec.indexOf(':');
      if (colon <= 0) throw new UserError(`--mag '${spec}': expected TABLE:COLUMN, e.g. --mag OPT:MAG auto`);
      mags.push({ table: spec.slice(0, colon), column: spec.slice(colon + 1), source: src });
    } else if (name === '--prefilter-pair') {
      throw new UserError(
        "--prefilter-pair is not supported: NWAY's implementation drops every combination containing both tables (memo §2.8); the search radius already bounds every pair",
      );
    } else if (VALUE_OPTIONS.has(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UserError(`${name} needs a value`);
      values.set(name, v);
    } else {
      throw new UserError(
        `unknown option '${name}' (nway options: --radius, --out, --prior-completeness, --mag, --mag-radius, --mag-exclude-radius, --mag-auto-minprob, --acceptable-prob, --min-prob, --ignore-unrelated-associations)`,
      );
    }
  }
  if (positional.length < 4 || positional.length % 2 !== 0)
    throw new UserError(
      `expected pairs of CATALOGUE ERROR (at least two catalogues), got ${positional.length} positional argument(s): ${positional.join(' ')}`,
    );
  const catalogs: NwayArgs['catalogs'] = [];
  for (let i = 0; i < positional.length; i += 2)
    catalogs.push({ file: positional[i], error: parseErrorSpec(positional[i + 1]), errorText: positional[i + 1] });
  if (!values.has('--radius')) throw new UserError('--radius R (arcsec) is required');
  if (!values.has('--out')) throw new UserError('--out FILE is required');
  const radiusArcsec = num('--radius', values.get('--radius'));
  if (!(radiusArcsec > 0)) throw new UserError(`--radius ${radiusArcsec} must be positive (arcsec)`);
  const pc = values.get('--prior-completeness') ?? '1';
  const priorCompleteness = pc.includes(':')
    ? pc.split(':').map((x) => num('--prior-completeness', x))
    : num('--prior-completeness', pc);
  const magAutoMinProb = values.has('--mag-auto-minprob')
    ? num('--mag-auto-minprob', values.get('--mag-auto-minprob'))
    : 0.9;
  if (!(magAutoMinProb > 0 && magAutoMinProb <= 1))
    throw new UserError(`--mag-auto-minprob ${magAutoMinProb} must be in (0, 1]`);
  const out: NwayArgs = {
    catalogs,
    radiusArcsec,
    out: values.get('--out') as string,
    priorCompleteness,
    mags,
    magAutoMinProb,
    acceptableProb: values.has('--acceptable-prob') ? num('--acceptable-prob', values.get('--acceptable-prob')) : 0.5,
    minProb: values.has('--min-prob') ? num('--min-prob', values.get('--min-prob')) : 0,
    considerUnrelated,
  };
  if (values.has('--mag-radius')) out.magRadiusArcsec = num('--mag-radius', values.get('--mag-radius'));
  if (values.has('--mag-exclude-radius'))
    out.magExcludeRadiusArcsec = num('--mag-exclude-radius', values.get('--mag-exclude-radius'));
  return out;
}

/** Splits a shell-like command string (single/double quotes) into arguments; for NWAYCMD header cards. */
export function splitCommandLine(cmd: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(cmd); m; m = re.exec(cmd)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}
