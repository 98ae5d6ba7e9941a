/**
 * JSON schema of a survey preset and its validation. User mistakes become one UserError line with
 * the file, the JSON path and the fix: `my.json: /bands/1/noiseMJy: must be > 0`.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { fail } from '../../errors.js';
import { closestNames } from '../../table/table.js';
import { BAND_NAMES, type Band } from '../bands.js';
import type { SurveyPreset } from './survey.js';

const positive = { type: 'number', exclusiveMinimum: 0 } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const bandName = { type: 'string', enum: [...BAND_NAMES] } as const;

export const SURVEY_SCHEMA = {
  $id: 'mmassoc/survey-preset',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'references', 'bands', 'detection', 'positionalError'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' },
    description: { type: 'string' },
    references: { type: 'array', items: { type: 'string' } },
    areaDeg2: positive,
    bands: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['band', 'fwhmArcsec', 'noiseMJy'],
        properties: { band: bandName, fwhmArcsec: positive, noiseMJy: positive, confusionMJy: nonNegative },
      },
    },
    detection: {
      type: 'object',
      additionalProperties: false,
      required: ['bands', 'snrThreshold'],
      properties: { bands: { type: 'array', minItems: 1, items: bandName }, snrThreshold: positive },
    },
    positionalError: {
      type: 'object',
      additionalProperties: false,
      required: ['coefficient', 'systematicArcsec'],
      properties: { coefficient: positive, systematicArcsec: nonNegative, fwhmArcsec: positive },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: true });
const validateSchema = ajv.compile(SURVEY_SCHEMA);

function describe(err: ErrorObject): string {
  const path = err.instancePath === '' ? '(top level)' : err.instancePath;
  switch (err.keyword) {
    case 'additionalProperties': {
      const extra = String(err.params.additionalProperty);
      const allowed = Object.keys(propertiesAt(err.schemaPath));
      const hint = closestNames(extra, allowed);
      return `${path}: unknown key '${extra}'${hint.length ? `; did you mean '${hint[0]}'?` : ''} (allowed: ${allowed.join(', ')})`;
    }
    case 'enum':
      return `${path}: must be one of the band names (${BAND_NAMES.join(', ')})`;
    case 'required':
      return `${path}: missing required key '${String(err.params.missingProperty)}'`;
    default:
      return `${path}: ${err.message ?? 'is invalid'}`;
  }
}

/** The `properties` object of the schema node an error's schemaPath points into. */
function propertiesAt(schemaPath: string): Record<string, unknown> {
  const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  let node: unknown = SURVEY_SCHEMA;
  for (const p of parts) node = (node as Record<string, unknown>)[p];
  return ((node as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, unknown>;
}

/**
 * Validates parsed JSON as a survey preset (missing confusion noise defaults to 0).
 * `file` names the source in error messages.
 */
export function parseSurveyPreset(json: unknown, file: string): SurveyPreset {
  if (!validateSchema(json)) {
    const err = validateSchema.errors?.[0];
    if (err?.keyword === 'enum') {
      const value = String(valueAt(json, err.instancePath));
      const hint = closestNames(value, BAND_NAMES);
      fail(file, `${err.instancePath}: unknown band '${value}'${hint.length ? `; did you mean '${hint[0]}'?` : ''}`);
    }
    fail(file, err ? describe(err) : 'not a valid survey preset');
  }
  const raw = json as {
    name: string;
    description: string;
    references: string[];
    areaDeg2?: number;
    bands: { band: Band; fwhmArcsec: number; noiseMJy: number; confusionMJy?: number }[];
    detection: { bands: Band[]; snrThreshold: number };
    positionalError: { coefficient: number; systematicArcsec: number; fwhmArcsec?: number };
  };
  const seen = new Set<string>();
  raw.bands.forEach((b, i) => {
    if (seen.has(b.band)) fail(file, `/bands/${i}/band: band '${b.band}' is listed twice`);
    seen.add(b.band);
  });
  raw.detection.bands.forEach((b, i) => {
    if (!seen.has(b))
      fail(
        file,
        `/detection/bands/${i}: detection band '${b}' is not among the survey's bands (${[...seen].join(', ')})`,
      );
  });
  return {
    name: raw.name,
    description: raw.description,
    references: raw.references,
    ...(raw.areaDeg2 !== undefined ? { areaDeg2: raw.areaDeg2 } : {}),
    bands: raw.bands.map((b) => ({ ...b, confusionMJy: b.confusionMJy ?? 0 })),
    detection: { bands: raw.detection.bands, snrThreshold: raw.detection.snrThreshold },
    positionalError: raw.positionalError,
  };
}

function valueAt(json: unknown, pointer: string): unknown {
  let node = json;
  for (const p of pointer.split('/').slice(1)) node = (node as Record<string, unknown>)?.[p];
  return node;
}
