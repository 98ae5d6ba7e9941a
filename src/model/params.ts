/**
 * The fit-able parameters of the forward model: one registry with stable names (used by
 * `--param NAME=VALUE`, `counts --list-params`, config.json and the backward model), defaults,
 * units, sources and priors. Kernels take a resolved `Record<string, number>`; user input is
 * validated once here, at the boundary.
 */
import { UserError } from '../errors.js';
import { closestNames } from '../table/table.js';
import { AGN_PARAMS } from './agn/params.js';
import { GALAXY_PARAMS } from './galaxy-params.js';

/** Prior of a parameter, in its natural (constrained) space. */
export type Prior =
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; logMean: number; logSd: number }
  | { kind: 'uniform'; lo: number; hi: number }
  | { kind: 'halfnormal'; sd: number }
  | { kind: 'truncnormal'; mean: number; sd: number; lo: number; hi: number };

export interface ParamDef {
  /** Stable snake_case name. */
  name: string;
  default: number;
  unit: string;
  description: string;
  /** Where the default comes from (paper, code, or "tuned to counts, see docs/validation.md"). */
  source: string;
  /** Hard limits; values outside are rejected by resolveParams. */
  min?: number;
  max?: number;
  prior: Prior;
}

export type Params = Readonly<Record<string, number>>;

/** Every parameter: galaxies, lensing, radio of star-forming galaxies, then the AGN populations. */
export function allParams(): readonly ParamDef[] {
  return [...GALAXY_PARAMS, ...AGN_PARAMS];
}

/** Default values of every parameter. */
export function defaultParams(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of allParams()) out[p.name] = p.default;
  return out;
}

/**
 * Defaults overridden by `overrides`; an unknown name or a value outside [min, max] is a UserError
 * naming the closest known parameter or the allowed range.
 *
 * @example resolveParams({ dust_T0: 24 }).dust_beta // → 1.8
 */
export function resolveParams(overrides: Readonly<Record<string, number>> = {}): Record<string, number> {
  const defs = allParams();
  const byName = new Map(defs.map((d) => [d.name, d]));
  const out = defaultParams();
  for (const [name, value] of Object.entries(overrides)) {
    const def = byName.get(name);
    if (!def) {
      const hint = closestNames(name, [...byName.keys()]);
      throw new UserError(
        `unknown model parameter '${name}'${hint.length ? `; did you mean ${hint.map((h) => `'${h}'`).join(' or ')}?` : ''} (mmassoc counts --list-params lists them)`,
      );
    }
    if (!Number.isFinite(value)) throw new UserError(`parameter ${name}: value must be a finite number, got ${value}`);
    if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max))
      throw new UserError(
        `parameter ${name} = ${value} is outside its allowed range [${def.min ?? '-inf'}, ${def.max ?? 'inf'}] ${def.unit}`,
      );
    out[name] = value;
  }
  return out;
}

/** Parses `NAME=VALUE` strings from the CLI into overrides (UserError on malformed input). */
export function parseParamAssignments(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq > 0 ? item.slice(0, eq).trim() : '';
    const text = eq > 0 ? item.slice(eq + 1).trim() : '';
    const value = Number(text);
    if (!name || text === '' || !Number.isFinite(value))
      throw new UserError(`--param '${item}': expected NAME=VALUE with a finite number, e.g. --param dust_T0=24`);
    out[name] = value;
  }
  return resolveParams(out);
}
