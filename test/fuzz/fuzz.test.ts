// Issue 6, acceptance 2 (short run): ≥ 10 000 mutated FITS, CSV and survey-configuration inputs through
// the real readers, each in a watched child process: every input parses or throws UserError, none takes
// longer than 5 s, none grows the process past 1.5 GB. Plus fast-check properties on generated inputs.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isUserError } from '../../src/errors.js';
import { parseCsv } from '../../src/io/csv.js';
import { readFits } from '../../src/io/fits/index.js';
import { parseSurveyPreset } from '../../src/model/instruments/schema.js';
import { runCampaign } from './campaign.js';

const SEED = 20261125;
const COUNTS = { fits: 4000, csv: 4000, config: 2000 };

function onlyUserError(f: () => unknown): void {
  try {
    f();
  } catch (err) {
    if (!isUserError(err)) throw err;
  }
}

describe('mutation fuzzer (npm test share)', () => {
  for (const [target, count] of Object.entries(COUNTS)) {
    it(`${count} mutated ${target} inputs: parse or UserError, no hang, bounded memory`, {
      timeout: 300_000,
    }, async () => {
      const r = await runCampaign(target, SEED, count);
      const bad = r.findings.filter((f) => f.kind !== 'multiline');
      assert.deepEqual(bad, [], JSON.stringify(bad.slice(0, 5)));
      assert.equal(r.userErrors + r.parsed + r.findings.filter((f) => f.kind === 'hang').length, count);
      // The mutations must reach past the first check: some inputs still parse, many are refused.
      assert.ok(r.parsed > count * 0.05 && r.userErrors > count * 0.3, `${r.parsed} parsed, ${r.userErrors} refused`);
    });
  }
});

describe('property-based inputs', () => {
  it('arbitrary text as CSV: a Table or a UserError', () => {
    const cell = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('', '"', '""', ',', '\n', 'NaN', '1e999'),
    );
    const csv = fc
      .array(fc.array(cell.map(String), { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 6 })
      .map((rows) => rows.map((r) => r.join(',')).join('\n'));
    fc.assert(
      fc.property(fc.oneof(csv, fc.string({ maxLength: 200 })), (text) =>
        onlyUserError(() => parseCsv(text, { fileName: 'p.csv' })),
      ),
      { numRuns: 1500, seed: SEED },
    );
  });

  it('arbitrary JSON as a survey preset: a preset or a UserError naming a JSON path', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => {
        try {
          parseSurveyPreset(json, 'p.json');
        } catch (err) {
          if (!isUserError(err)) throw err;
          assert.match(err.message, /^p\.json: (\/|\(top level\))/);
        }
      }),
      { numRuns: 1500, seed: SEED },
    );
  });

  it('FITS headers with arbitrary values of the structural keywords: a Table or a UserError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmassoc-fc-'));
    const value = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }),
      fc.string({ maxLength: 12 }).map((s) => `'${s.replace(/'/g, "''")}'`),
    );
    let k = 0;
    await fc.assert(
      fc.asyncProperty(
        value,
        value,
        value,
        fc.constantFrom('1D', '1E', '4A', '2J', '1K', '1L', '8X', '3B', '1I'),
        async (naxis1, naxis2, tfields, tform) => {
          const cards = [
            'SIMPLE  =                    T',
            'BITPIX  =                    8',
            'NAXIS   =                    0',
            'EXTEND  =                    T',
            'END',
          ];
          const ext = [
            "XTENSION= 'BINTABLE'",
            'BITPIX  =                    8',
            'NAXIS   =                    2',
            `NAXIS1  = ${String(naxis1).padStart(20)}`,
            `NAXIS2  = ${String(naxis2).padStart(20)}`,
            'PCOUNT  =                    0',
            'GCOUNT  =                    1',
            `TFIELDS = ${String(tfields).padStart(20)}`,
            `TFORM1  = '${tform}'`,
            "TTYPE1  = 'X'",
            'END',
          ];
          const block = (cs: string[]) => {
            const text = cs.map((c) => c.padEnd(80).slice(0, 80)).join('');
            return Buffer.from(text.padEnd(Math.ceil(text.length / 2880) * 2880), 'latin1');
          };
          const path = join(dir, `h${k++ % 4}.fits`);
          writeFileSync(path, Buffer.concat([block(cards), block(ext), Buffer.alloc(2880)]));
          try {
            await readFits(path);
          } catch (err) {
            if (!isUserError(err)) throw err;
          }
        },
      ),
      { numRuns: 400, seed: SEED },
    );
  });
});
