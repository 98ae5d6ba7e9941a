/**
 * Expected radio-AGN counts against independent published tables (shared/reference): the Tucci+2011
 * C2Ex model at 148 GHz (acceptance 2 of the forward-model issue), the Massardi+2010 model at
 * 1.4 GHz per population, the Hopkins+2003 fit to the observed 1.4 GHz counts where AGN dominate,
 * the AT20G 20 GHz catalogue counts, and the Mauch & Sadler 2007 local luminosity function.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { agnExpectedDndsAtFrequency } from '../../src/model/agn/expected.js';
import { lfPerDex } from '../../src/model/agn/lf.js';
import { agnPopulationModels } from '../../src/model/agn/populations.js';
import { at20gRatios, c2exRatios } from './agn-references.js';

const REF = new URL('../../../shared/reference/', import.meta.url);

function readCsv(rel: string): Record<string, string>[] {
  const lines = readFileSync(new URL(rel, REF), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  // The trailing `reference` column may hold commas inside quotes; numeric columns come first.
  return lines.slice(1).map((l) => {
    const v = l.split(',');
    const row: Record<string, string> = {};
    head.forEach((h, i) => {
      row[h] = v[i];
    });
    return row;
  });
}

const euclid = (dnds: number, sMJy: number) => dnds * (sMJy * 1e-3) ** 2.5;

test('148 GHz AGN counts within ×1.5 of the Tucci+2011 C2Ex model from 10 mJy to 1 Jy', () => {
  const rows = c2exRatios({});
  assert.ok(rows.length >= 15);
  for (const { sMJy, ratio } of rows)
    assert.ok(ratio > 1 / 1.5 && ratio < 1.5, `S = ${sMJy} mJy: model/C2Ex = ${ratio.toFixed(3)}`);
});

test('1.4 GHz counts reproduce the Massardi+2010 model table (steep-spectrum per population, total)', () => {
  // Same steep-spectrum LF, so this checks the LF transcription, the z_top form, the k-correction and
  // the integration (our spectra scatter around Massardi's fixed indices and the cosmology is
  // Bolshoi-Planck: ±30%). The flat-spectrum normalisations were refit to the mm population split
  // (src/model/agn/params.ts), so only the total is compared: within ×1.4 (the refit FSRQs add up to
  // ~30 % at 1–3 Jy and ~50 % at 5–10 Jy, so the total is compared up to 3 Jy; the Hopkins+2003 test
  // below checks the 1.4 GHz total against the fit to the data).
  const rows = readCsv('counts/models/radio_massardi2010_model_1p4GHz.csv')
    .map((r) => ({
      s: Number(r.S_mJy),
      total: Number(r['S2.5_dNdS_total_Jy1.5_per_sr']),
      steep: Number(r['S2.5_dNdS_steep']),
    }))
    .filter((r, i) => r.s >= 0.05 && r.s <= 1e4 && i % 4 === 0);
  const m = agnExpectedDndsAtFrequency(
    {},
    1.4,
    Float64Array.from(rows, (r) => r.s),
  );
  rows.forEach((r, i) => {
    const st = euclid(m.steep[i], r.s) / r.steep;
    const t = euclid(m.total[i], r.s) / r.total;
    assert.ok(st > 1 / 1.3 && st < 1.3, `steep at ${r.s} mJy: ${st.toFixed(3)}`);
    if (r.s <= 3000) assert.ok(t > 1 / 1.4 && t < 1.4, `total at ${r.s} mJy: ${t.toFixed(3)}`);
  });
});

test('flat-spectrum population split: de Zotti+2005 at 30 GHz within ×1.5, FSRQs dominate at 148 GHz above 30 mJy', () => {
  // de Zotti+2005 fitted its FSRQ / BL Lac LFs to counts at ≥ 5 GHz (its 30 GHz table is shipped);
  // Tucci+2011 C2Ex evolves these populations to mm wavelengths, where FSRQs dominate the bright counts.
  const rows = readCsv('counts/models/radio_dezotti_model_30GHz.csv')
    .map((r) => ({
      s: Number(r.S_mJy),
      fsrq: Number(r['S2.5_dNdS_FSRQ_Jy1.5_per_sr']),
      bllac: Number(r['S2.5_dNdS_BLLac']),
    }))
    .filter((r) => r.s >= 10 && r.s <= 1000);
  assert.ok(rows.length >= 15);
  const m = agnExpectedDndsAtFrequency(
    {},
    30,
    Float64Array.from(rows, (r) => r.s),
  );
  rows.forEach((r, i) => {
    const f = euclid(m.fsrq[i], r.s) / r.fsrq;
    const b = euclid(m.bllac[i], r.s) / r.bllac;
    assert.ok(f > 1 / 1.5 && f < 1.5, `FSRQ at ${r.s} mJy: ${f.toFixed(3)}`);
    assert.ok(b > 1 / 1.5 && b < 1.5, `BL Lac at ${r.s} mJy: ${b.toFixed(3)}`);
  });
  const s148 = Float64Array.of(30, 100, 300, 1000);
  const h = agnExpectedDndsAtFrequency({}, 148, s148);
  for (let i = 0; i < s148.length; i++)
    assert.ok(h.fsrq[i] > h.bllac[i], `148 GHz, ${s148[i]} mJy: FSRQ ${h.fsrq[i]} vs BL Lac ${h.bllac[i]}`);
});

test('1.4 GHz AGN counts within ×1.5 of the Hopkins+2003 fit to the observed counts above 5 mJy', () => {
  // Above a few mJy radio-loud AGN dominate the 1.4 GHz counts; below, star-forming galaxies
  // (E1's model) take over, so only S ≥ 5 mJy is compared here.
  const rows = readCsv('counts/radio_1p4GHz_euclidean_hopkins2003_fit.csv')
    .map((r) => ({ s: Number(r.S_mJy), e: Number(r['S2.5_dNdS_Jy1.5_per_sr']) }))
    .filter((r) => r.s >= 5 && r.s <= 1000);
  assert.ok(rows.length >= 8);
  const m = agnExpectedDndsAtFrequency(
    {},
    1.4,
    Float64Array.from(rows, (r) => r.s),
  ).total;
  rows.forEach((r, i) => {
    const ratio = euclid(m[i], r.s) / r.e;
    assert.ok(ratio > 1 / 1.5 && ratio < 1.5, `S = ${r.s.toFixed(2)} mJy: model/Hopkins = ${ratio.toFixed(3)}`);
  });
});

test('20 GHz AGN N(>S) within ×1.5 of the AT20G catalogue from 0.1 to 1 Jy', () => {
  for (const { cutMJy, model, observed } of at20gRatios({})) {
    const ratio = model / observed;
    assert.ok(ratio > 1 / 1.5 && ratio < 1.5, `N(>${cutMJy} mJy): model ${model.toFixed(0)} vs AT20G ${observed}`);
  }
});

test('local (z = 0) AGN luminosity function within ×1.75 of Mauch & Sadler 2007', () => {
  // With Massardi's normalisations the model was 0.72–1.24 × MS07; the flat-spectrum refit (the
  // BL Lac LF carries the faint local end) trades that for the mm population split: 0.59–1.10.
  // MS07 Table 5 gives Φ per magnitude, i.e. per 0.4 dex in log P (their §5); P in W/Hz = L/1e7.
  const pops = agnPopulationModels({});
  const rows = readCsv('lf/mauch_sadler_2007_table5.csv').filter(
    (r) =>
      r.log10RLF_RLAGN !== '' && Number(r.log10_P1p4GHz_W_per_Hz) >= 22 && Number(r.log10_P1p4GHz_W_per_Hz) <= 26.4,
  );
  assert.ok(rows.length >= 10);
  for (const r of rows) {
    const logL = Number(r.log10_P1p4GHz_W_per_Hz) + 7;
    let phi = 0;
    for (const p of pops) phi += lfPerDex(p.lf, 0, logL);
    const ratio = (phi * 0.4) / 10 ** Number(r.log10RLF_RLAGN);
    assert.ok(
      ratio > 1 / 1.75 && ratio < 1.75,
      `log P = ${r.log10_P1p4GHz_W_per_Hz}: model/MS07 = ${ratio.toFixed(3)}`,
    );
  }
});
