import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import {
  getSurveyPreset,
  loadSurveyFile,
  parseSurveyPreset,
  positionalSigmaArcsec,
  surveyPresetNames,
  totalNoiseMJy,
} from '../../src/model/instruments/index.js';

const REQUIRED = ['alma', 'at20g', 'emu', 'meerkat', 'racs', 'spire', 'spt-sz', 'spt3g', 'sumss', 'wise'];

const good = () => ({
  name: 'mine',
  description: 'test survey',
  references: ['none'],
  bands: [{ band: 'spt150', fwhmArcsec: 72, noiseMJy: 1.0 }],
  detection: { bands: ['spt150'], snrThreshold: 5 },
  positionalError: { coefficient: 0.6, systematicArcsec: 1 },
});

function rejects(json: unknown, pattern: RegExp) {
  assert.throws(
    () => parseSurveyPreset(json, 'my.json'),
    (err: unknown) => err instanceof UserError && pattern.test(err.message) && err.message.startsWith('my.json: '),
  );
}

test('every required preset ships, validates and names itself', () => {
  const names = surveyPresetNames();
  for (const n of REQUIRED) assert.ok(names.includes(n), `missing preset ${n}`);
  for (const n of names) {
    const p = getSurveyPreset(n);
    assert.equal(p.name, n);
    assert.ok(p.references.length > 0);
  }
});

test('preset depths match the quoted limits', () => {
  // SPT-SZ: 4.5-sigma limits 9.8 / 5.8 / 20.4 mJy (Everett et al. 2020).
  const sz = getSurveyPreset('spt-sz');
  const lim = sz.bands.map((b) => totalNoiseMJy(b) * sz.detection.snrThreshold);
  assert.deepEqual(
    lim.map((x) => Math.round(x * 10) / 10),
    [9.8, 5.8, 20.4],
  );
  // H-ATLAS: total noise including confusion 7.4 / 9.4 / 10.2 mJy (Valiante et al. 2016).
  const sp = getSurveyPreset('spire');
  assert.deepEqual(
    sp.bands.map((b) => Math.round(totalNoiseMJy(b) * 10) / 10),
    [7.4, 9.4, 10.2],
  );
  // SUMSS 6 mJy and AT20G 40 mJy limits.
  const su = getSurveyPreset('sumss');
  assert.equal(su.bands[0].noiseMJy * su.detection.snrThreshold, 6);
  const at = getSurveyPreset('at20g');
  assert.equal(at.bands[0].noiseMJy * at.detection.snrThreshold, 40);
});

test('positional error: 0.6 FWHM / SNR in quadrature with the floor', () => {
  const m = { coefficient: 0.6, systematicArcsec: 3 };
  assert.ok(Math.abs(positionalSigmaArcsec(m, 60, 9) - 5) < 1e-12); // 4 and 3 → 5
  assert.ok(Math.abs(positionalSigmaArcsec(m, 60, 1e9) - 3) < 1e-6);
  // H-ATLAS: 2.4 arcsec at S/N 5 at 250 µm (Smith et al. 2011) within 10%.
  const sp = getSurveyPreset('spire');
  const s = positionalSigmaArcsec(sp.positionalError, sp.bands[0].fwhmArcsec, 5);
  assert.ok(Math.abs(s / 2.4 - 1) < 0.1, `H-ATLAS sigma at S/N 5: ${s}`);
});

test('schema errors name the JSON path and the fix', () => {
  const a = good();
  (a.bands[0] as { noiseMJy: number }).noiseMJy = -1;
  rejects(a, /\/bands\/0\/noiseMJy: must be > 0/);
  const b = good();
  (b.bands[0] as { band: string }).band = 'spt15O';
  rejects(b, /\/bands\/0\/band: unknown band 'spt15O'; did you mean 'spt150'\?/);
  const c = good() as Record<string, unknown>;
  c.positionalErr = {};
  rejects(c, /unknown key 'positionalErr'; did you mean 'positionalError'\?/);
  const d = good() as Record<string, unknown>;
  delete d.detection;
  rejects(d, /missing required key 'detection'/);
  const e = good();
  e.detection.bands = ['spt220'];
  rejects(e, /\/detection\/bands\/0: detection band 'spt220' is not among the survey's bands/);
  const f = good();
  f.bands.push({ band: 'spt150', fwhmArcsec: 72, noiseMJy: 2 });
  rejects(f, /\/bands\/1\/band: band 'spt150' is listed twice/);
  const g = good();
  (g.positionalError as { systematicArcsec: unknown }).systematicArcsec = '3';
  rejects(g, /\/positionalError\/systematicArcsec: must be number/);
});

test('user survey files: read, parse and validate with the file name in errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mmassoc-survey-'));
  const ok = join(dir, 'ok.json');
  writeFileSync(ok, JSON.stringify(good()));
  const p = loadSurveyFile(ok);
  assert.equal(p.bands[0].confusionMJy, 0);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"name": ');
  assert.throws(
    () => loadSurveyFile(bad),
    (err: unknown) => err instanceof UserError && err.message.startsWith(`${bad}: not valid JSON`),
  );
  assert.throws(() => getSurveyPreset('spt3G'), /unknown survey 'spt3G'; did you mean 'spt3g'\?/);
});
