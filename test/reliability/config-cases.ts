/**
 * Survey preset and configuration classes of issue 6. No CLI command reads survey presets yet (the
 * `simulate` command is not registered), so these run the library loader the CLI will call.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getSurveyPreset, loadSurveyFile } from '../../src/model/instruments/presets.js';

export interface ConfigCase {
  cls: string;
  /** Runs the loader on a crafted input under `dir`; must throw. */
  run(dir: string): unknown;
  expect: RegExp;
}

function spt3gWith(edit: (j: Record<string, unknown>) => void, dir: string, name: string): string {
  const j = JSON.parse(JSON.stringify(getSurveyPreset('spt3g'))) as Record<string, unknown>;
  edit(j);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(j, null, 2));
  return path;
}

export const configCases: ConfigCase[] = [
  {
    cls: 'unknown survey preset',
    run: () => getSurveyPreset('spt3h'),
    expect: /^unknown survey 'spt3h'; did you mean 'spt3g'\?/,
  },
  {
    cls: 'unknown band in a survey file',
    run: (dir) =>
      loadSurveyFile(
        spt3gWith(
          (j) => {
            (j.bands as { band: string }[])[1].band = 'spt151';
          },
          dir,
          'band.json',
        ),
      ),
    expect: /band\.json: \/bands\/1\/band: unknown band 'spt151'; did you mean 'spt150'\?/,
  },
  {
    cls: 'configuration breaking the schema (JSON path)',
    run: (dir) =>
      loadSurveyFile(
        spt3gWith(
          (j) => {
            (j.detection as Record<string, unknown>).snrThreshold = 'five';
          },
          dir,
          'schema.json',
        ),
      ),
    expect: /schema\.json: \/detection\/snrThreshold/,
  },
  {
    cls: 'configuration with an unknown key',
    run: (dir) =>
      loadSurveyFile(
        spt3gWith(
          (j) => {
            (j.positionalError as Record<string, unknown>).coeficient = 1;
          },
          dir,
          'key.json',
        ),
      ),
    expect: /key\.json: \/positionalError: unknown key 'coeficient'; did you mean 'coefficient'\?/,
  },
  {
    cls: 'configuration that is not JSON',
    run: (dir) => {
      const path = join(dir, 'broken.json');
      writeFileSync(path, '{ "name": "x", }');
      return loadSurveyFile(path);
    },
    expect: /broken\.json: not valid JSON/,
  },
];
