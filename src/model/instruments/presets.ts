/**
 * Built-in survey presets (presets/surveys/*.json, shipped with the package) and user files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, UserError } from '../../errors.js';
import { closestNames } from '../../table/table.js';
import { parseSurveyPreset } from './schema.js';
import type { SurveyPreset } from './survey.js';

/** presets/surveys relative to this file, both from src/model/instruments and dist/model/instruments. */
function presetDir(): string {
  return fileURLToPath(new URL('../../../presets/surveys/', import.meta.url));
}

/** Names of the built-in presets, sorted. */
export function surveyPresetNames(): string[] {
  const dir = presetDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

/** Reads and validates a survey preset file (a path given to `--surveys`). */
export function loadSurveyFile(path: string): SurveyPreset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    fail(path, `cannot read survey file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // JSON.parse messages can span lines and quote the file; keep the error to one line.
    const first = (err as Error).message.split('\n')[0].slice(0, 160);
    fail(path, `not valid JSON (${first}); check the file with a JSON validator`);
  }
  return parseSurveyPreset(json, path);
}

/**
 * A built-in preset by name.
 * @example getSurveyPreset('spt3g').detection.snrThreshold // 5
 */
export function getSurveyPreset(name: string): SurveyPreset {
  // A path to a user's survey file (validated against the same schema as the presets).
  if (name.toLowerCase().endsWith('.json')) return loadSurveyFile(name);
  const names = surveyPresetNames();
  if (!names.includes(name)) {
    const hint = closestNames(name, names);
    throw new UserError(
      `unknown survey '${name}'${hint.length ? `; did you mean '${hint[0]}'?` : ''} (built-in: ${names.join(', ')}; or give the path of a survey JSON file)`,
    );
  }
  const preset = loadSurveyFile(join(presetDir(), `${name}.json`));
  if (preset.name !== name) throw new Error(`preset file ${name}.json declares name '${preset.name}'`);
  return preset;
}
