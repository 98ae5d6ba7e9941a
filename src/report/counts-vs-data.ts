/**
 * Euclidean-normalised counts S^2.5 dN/dS of the model (expected, by integration), of a simulated
 * sky (sampled) and of published data, per band, as SVG plots. The published tables ship in
 * data/counts/ (provenance in data/counts/README.md), so the product reads nothing outside itself.
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../io/csv.js';
import type { Band } from '../model/bands.js';
import { expectedDnds } from '../model/counts.js';
import { type FluxBins, logBins } from '../model/counts-bins.js';
import type { Params } from '../model/params.js';
import { type PlotSeries, svgPlot } from './svg-plot.js';

const SR_PER_DEG2 = (Math.PI / 180) ** 2;

/** One shipped table per band: differential dN/dS (Jy⁻¹ sr⁻¹) with errors, or a model curve. */
const SHIPPED: Array<{ band: Band; file: string; label: string; kind: 'data' | 'model' }> = [
  {
    band: 'spire250',
    file: 'herschel_spire250_differential_driver2016compilation.csv',
    label: 'Driver+16 compilation',
    kind: 'data',
  },
  {
    band: 'spire500',
    file: 'herschel_spire500_differential_driver2016compilation.csv',
    label: 'Driver+16 compilation',
    kind: 'data',
  },
  {
    band: 'wise_w4',
    file: 'wise_w4_22um_differential_driver2016compilation.csv',
    label: 'Driver+16 compilation',
    kind: 'data',
  },
  { band: 'scuba850', file: 'scuba2_850um_differential_geach2017.csv', label: 'Geach+17 S2CLS', kind: 'data' },
  { band: 'radio1p4ghz', file: 'radio_1p4GHz_euclidean_hopkins2003_fit.csv', label: 'Hopkins+03 fit', kind: 'model' },
  {
    band: 'spt150',
    file: 'radio_tucci2011_C2Ex_model_148GHz.csv',
    label: 'Tucci+11 C2Ex (radio, model)',
    kind: 'model',
  },
];

export interface ObservedCounts {
  sMJy: Float64Array;
  dnds: Float64Array;
  err?: Float64Array;
}

function dataPath(file: string): URL {
  return new URL(`../../data/counts/${file}`, import.meta.url);
}

export function readShippedCounts(file: string): ObservedCounts {
  const t = parseCsv(readFileSync(dataPath(file)), { fileName: file });
  const s = t.float64('S_mJy');
  const dnds = t.float64(t.has('dNdS_per_Jy_per_sr(derived)') ? 'dNdS_per_Jy_per_sr(derived)' : 'dNdS_per_Jy_per_sr');
  let err: Float64Array | undefined;
  if (t.has('err_dNdS(derived)')) err = t.float64('err_dNdS(derived)');
  else if (t.has('poisson_err_up') && t.has('dNdS_per_mJy_per_deg2')) {
    // Geach+17 give dN/dS per mJy per deg² with Poisson errors: convert to Jy⁻¹ sr⁻¹.
    const up = t.float64('poisson_err_up');
    err = up.map((e) => (e * 1000) / SR_PER_DEG2);
  }
  return { sMJy: s, dnds, ...(err ? { err } : {}) };
}

/** S^2.5 dN/dS in Jy^1.5 sr⁻¹ from dN/dS in Jy⁻¹ sr⁻¹ and S in mJy. */
function euclid(sMJy: number, dnds: number): number {
  return (sMJy / 1000) ** 2.5 * dnds;
}

/**
 * Counts-versus-data plots for the bands that have shipped tables. `sampled` gives per band the
 * fluxes of a simulated sky (truth table), the flux above which it is complete, and its area, drawn
 * as points with Poisson errors above that floor.
 */
export function countsVersusDataSvgs(
  params: Params,
  sampled?: {
    fluxMJy: Partial<Record<Band, ArrayLike<number>>>;
    floorMJy?: Partial<Record<Band, number>>;
    areaDeg2: number;
  },
): Array<{ band: Band; svg: string }> {
  const bins: FluxBins = logBins(1e-3, 1e4, 10);
  const bands = SHIPPED.map((s) => s.band);
  const expected = expectedDnds(params, bands, bins);
  const mid = Array.from(bins.loMJy, (lo, i) => Math.sqrt(lo * bins.hiMJy[i]));
  const out: Array<{ band: Band; svg: string }> = [];
  for (const entry of SHIPPED) {
    const obs = readShippedCounts(entry.file);
    const e = expected.get(entry.band);
    if (!e) continue;
    const lo = Math.min(...obs.sMJy) / 3;
    const hi = Math.max(...obs.sMJy) * 3;
    const keep = mid.map((s, i) => (s >= lo && s <= hi ? i : -1)).filter((i) => i >= 0);
    const series: PlotSeries[] = [
      {
        label: 'model, all (expected)',
        x: keep.map((i) => mid[i]),
        y: keep.map((i) => euclid(mid[i], e.all[i])),
        style: 'line',
      },
      {
        label: 'model, dusty',
        x: keep.map((i) => mid[i]),
        y: keep.map((i) => euclid(mid[i], e.dusty[i])),
        style: 'line',
        dashed: true,
      },
      {
        label: 'model, synchrotron',
        x: keep.map((i) => mid[i]),
        y: keep.map((i) => euclid(mid[i], e.synchrotron[i])),
        style: 'line',
        dashed: true,
      },
    ];
    series.push({
      label: entry.label,
      x: obs.sMJy,
      y: Array.from(obs.sMJy, (s, i) => euclid(s, obs.dnds[i])),
      ...(obs.err
        ? {
            yLo: Array.from(obs.sMJy, (s, i) =>
              euclid(s, Math.max(obs.dnds[i] - (obs.err as Float64Array)[i], obs.dnds[i] * 0.05)),
            ),
            yHi: Array.from(obs.sMJy, (s, i) => euclid(s, obs.dnds[i] + (obs.err as Float64Array)[i])),
          }
        : {}),
      style: entry.kind === 'data' ? 'points' : 'line',
    });
    const fluxes = sampled?.fluxMJy[entry.band];
    if (sampled && fluxes) {
      const n = new Float64Array(bins.loMJy.length);
      for (let k = 0; k < fluxes.length; k++) {
        const i = Math.floor(10 * Math.log10(fluxes[k] / bins.loMJy[0]));
        if (i >= 0 && i < n.length) n[i]++;
      }
      const omega = sampled.areaDeg2 * SR_PER_DEG2;
      const floor = sampled.floorMJy?.[entry.band] ?? 0;
      const idx = keep.filter((i) => n[i] > 0 && bins.loMJy[i] >= floor);
      const dn = (i: number, c: number) => c / (((bins.hiMJy[i] - bins.loMJy[i]) / 1000) * omega);
      series.push({
        label: `simulated sky (${sampled.areaDeg2} deg²)`,
        x: idx.map((i) => mid[i]),
        y: idx.map((i) => euclid(mid[i], dn(i, n[i]))),
        yLo: idx.map((i) => euclid(mid[i], dn(i, Math.max(n[i] - Math.sqrt(n[i]), 0.3)))),
        yHi: idx.map((i) => euclid(mid[i], dn(i, n[i] + Math.sqrt(n[i])))),
        style: 'points',
      });
    }
    out.push({
      band: entry.band,
      svg: svgPlot({
        title: `${entry.band}: Euclidean-normalised counts`,
        xLabel: 'S [mJy]',
        yLabel: 'S^2.5 dN/dS [Jy^1.5 sr^-1]',
        series,
        logX: true,
        logY: true,
      }),
    });
  }
  return out;
}
