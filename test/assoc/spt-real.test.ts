/**
 * Acceptance 3 (issue 3): real data. The SPT 5h-field sources of Vieira et al. (2010, ApJ 719, 763;
 * raw 3σ catalogue, ../shared/reference/catalogs/README.md) matched to AT20G (Murphy et al. 2010) and
 * ATPMN (McConnell et al. 2012) by the NWAY engine: every SPT source whose published distance to
 * the nearest AT20G source `dr_AT20G` is within the radius has an AT20G candidate, and its best one
 * (highest p_i among the associations containing an AT20G source) lies at that distance to 0.5″
 * (`dr_AT20G` is given to the nearest arcsec).
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { associate } from '../../src/assoc/engine.js';
import { FULL_SKY_DEG2 } from '../../src/assoc/sphere.js';
import type { CatalogInput, PositionalErrors } from '../../src/assoc/types.js';
import { readCsv } from '../../src/io/csv.js';
import type { Table } from '../../src/table/index.js';

const CATS = resolve(process.cwd(), '../shared/reference/catalogs');
const RADIUS_ARCSEC = 30;

function circular(sigmaArcsec: Float64Array): PositionalErrors {
  const v = sigmaArcsec.map((s) => s * s);
  return {
    varEastArcsec2: v,
    varNorthArcsec2: Float64Array.from(v),
    covEastNorthArcsec2: new Float64Array(v.length),
    circular: true,
  };
}

function catalog(
  name: string,
  table: Table,
  ra: string,
  dec: string,
  sigma: Float64Array,
  areaDeg2: number,
): CatalogInput {
  return {
    name,
    table,
    raDeg: table.float64(ra),
    decDeg: table.float64(dec),
    errors: circular(sigma),
    skyAreaDeg2: areaDeg2,
  };
}

/** Area of the band −87.5° < Dec < −38.5° (ATPMN's footprint), deg². */
const ATPMN_AREA_DEG2 = (FULL_SKY_DEG2 / 2) * (Math.sin((87.5 * Math.PI) / 180) - Math.sin((38.5 * Math.PI) / 180));

test('SPT (Vieira+2010) × AT20G × ATPMN: every dr_AT20G ≤ 30″ is the separation of the best AT20G candidate, to 0.5″', () => {
  const spt = readCsv(`${CATS}/spt_vieira2010_5h_3sigma_rawcat.csv`);
  const at20g = readCsv(`${CATS}/at20g_murphy2010.csv`);
  const atpmn = readCsv(`${CATS}/atpmn_mcconnell2012.csv`);
  // 1-σ position error per axis of a beam-limited detection: 0.6 FWHM / SNR (Ivison et al. 2007,
  // MNRAS 380, 199, §3.2; = √2 σ_beam / SNR of Condon 1997), from the band with the higher S/N
  // (FWHM 1.15′ at 150 GHz, 1.05′ at 220 GHz: Vieira+2010 §2), plus a 2″ pointing floor in quadrature.
  const snr150 = spt.float64('SNR150');
  const snr220 = spt.float64('SNR220');
  const sigmaSpt = new Float64Array(spt.nrows);
  for (let i = 0; i < spt.nrows; i++) {
    const stat = snr150[i] >= snr220[i] ? (0.6 * 69) / snr150[i] : (0.6 * 63) / snr220[i];
    sigmaSpt[i] = Math.hypot(stat, 2);
  }
  // AT20G and ATPMN positions are good to about 1″ (Murphy+2010 §4; McConnell+2012 §3).
  const res = associate(
    [
      catalog('SPT', spt, 'ra', 'dec', sigmaSpt, 86.7127), // field area from the catalogue header
      catalog('AT20G', at20g, 'RA', 'DEC', new Float64Array(at20g.nrows).fill(1), FULL_SKY_DEG2 / 2), // whole sky south of Dec 0
      catalog('ATPMN', atpmn, 'RA', 'DEC', new Float64Array(atpmn.nrows).fill(1), ATPMN_AREA_DEG2),
    ],
    { radiusArcsec: RADIUS_ARCSEC },
  );
  const dr = spt.float64('dr_AT20G');
  const at = res.rows[1];
  const sep = res.separationArcsec[0]; // Separation_AT20G_SPT
  const bestSep = new Float64Array(spt.nrows).fill(Number.NaN);
  const bestP = new Float64Array(spt.nrows).fill(-1);
  for (let r = 0; r < res.nrows; r++) {
    const p = res.rows[0][r];
    if (at[r] >= 0 && res.pI[r] > bestP[p]) {
      bestP[p] = res.pI[r];
      bestSep[p] = sep[r];
    }
  }
  let checked = 0;
  for (let i = 0; i < spt.nrows; i++) {
    if (!(dr[i] <= RADIUS_ARCSEC)) continue;
    checked++;
    assert.ok(
      Math.abs(bestSep[i] - dr[i]) <= 0.5,
      `SPT row ${i}: dr_AT20G ${dr[i]}″, best AT20G candidate at ${bestSep[i]}″`,
    );
  }
  assert.equal(checked, 36); // dr_AT20G ≤ 30″ for 36 sources (0–13″)
  // Sources whose nearest AT20G source is beyond the radius have no AT20G candidate.
  for (let i = 0; i < spt.nrows; i++) if (dr[i] > RADIUS_ARCSEC + 0.5) assert.ok(Number.isNaN(bestSep[i]));
});
