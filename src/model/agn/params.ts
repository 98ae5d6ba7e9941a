/**
 * Fit-able parameters of the radio-loud AGN populations: the Massardi et al. 2010 (MNRAS 404, 532,
 * Table 8) evolving 1.4 GHz luminosity functions of FSRQs, BL Lacs and steep-spectrum sources, and
 * the per-source broken-power-law spectra (src/model/agn/spectrum.ts) whose break distribution
 * carries the high-frequency steepening of Tucci et al. 2011 (A&A 533, A57, model C2Ex).
 * Defaults marked "tuned" were fitted (Nelder–Mead, with the priors below as penalties) to the
 * C2Ex 148 GHz counts from 1 mJy to 2 Jy and the AT20G 20 GHz N(>S) from 0.1 to 1 Jy (docs/agn.md).
 */
import type { ParamDef, Prior } from '../params.js';

function p(
  name: string,
  def: number,
  unit: string,
  description: string,
  source: string,
  prior: Prior,
  min?: number,
  max?: number,
): ParamDef {
  return { name, default: def, unit, description, source, prior, min, max };
}

const M10 = 'Massardi+2010 MNRAS 404 532, Table 8';
const REFIT =
  'Massardi+2010 Table 8 start; refit to the de Zotti+2005 30 GHz FSRQ/BL Lac counts, Tucci+2011 C2Ex 148 GHz, AT20G and Mauch & Sadler 2007 (bench/agn-spectra-fit.ts)';
const normal = (mean: number, sd: number): Prior => ({ kind: 'normal', mean, sd });
const trunc = (mean: number, sd: number, lo: number, hi: number): Prior => ({ kind: 'truncnormal', mean, sd, lo, hi });

/** Luminosity-function parameters of one population (Massardi+10 eqs. 5–6). */
function lfParams(
  pop: 'fsrq' | 'bllac' | 'steep',
  label: string,
  v: {
    a: number;
    b: number;
    logn0: number;
    loglstar0: number;
    kevo: number;
    ztop0: number;
    dztop: number;
    mev: number;
  },
  refit: readonly ('a' | 'logn0')[] = [],
): ParamDef[] {
  const src = (name: 'a' | 'logn0') => (refit.includes(name) ? REFIT : M10);
  return [
    p(`agn_${pop}_a`, v.a, '', `${label}: faint-end slope a of the 1.4 GHz LF`, src('a'), trunc(v.a, 0.1, 0, 3), 0, 3),
    p(`agn_${pop}_b`, v.b, '', `${label}: bright-end slope b of the 1.4 GHz LF`, M10, trunc(v.b, 0.2, 0.5, 4), 0.5, 4),
    p(
      `agn_${pop}_logn0`,
      v.logn0,
      'log10(Mpc^-3 dex^-1)',
      `${label}: LF normalisation log10 n0`,
      src('logn0'),
      normal(v.logn0, 0.2),
      v.logn0 - 3,
      v.logn0 + 3,
    ),
    p(
      `agn_${pop}_loglstar0`,
      v.loglstar0,
      'log10(erg/s/Hz)',
      `${label}: log10 L* at z = 0 (1.4 GHz)`,
      M10,
      normal(v.loglstar0, 0.2),
      v.loglstar0 - 3,
      v.loglstar0 + 3,
    ),
    p(`agn_${pop}_kevo`, v.kevo, '', `${label}: luminosity-evolution strength k_evo`, M10, normal(v.kevo, 0.2), -5, 5),
    p(
      `agn_${pop}_ztop0`,
      v.ztop0,
      '',
      `${label}: redshift of the peak of L*(z), z_top,0`,
      M10,
      trunc(v.ztop0, 0.2, 0.1, 6),
      0.1,
      6,
    ),
    p(
      `agn_${pop}_dztop`,
      v.dztop,
      '',
      `${label}: luminosity dependence of z_top (delta z_top)`,
      M10,
      normal(v.dztop, 0.2),
      -3,
      3,
    ),
    p(`agn_${pop}_mev`, v.mev, '', `${label}: shape exponent m_ev of L*(z)`, M10, normal(v.mev, 0.1), -0.9, 3),
  ];
}

export const AGN_PARAMS: readonly ParamDef[] = [
  ...lfParams(
    'fsrq',
    'FSRQ',
    {
      a: 0.76,
      b: 2.508,
      // Massardi+10: -10.382. Their 1.4 GHz fit leaves FSRQs at ~1 % of the counts, which makes BL Lacs
      // ~90 % of the 148 GHz AGN; mm samples are FSRQ-dominated (de Zotti+2005; Tucci+2011 C2Ex). Refit
      // with the spectra below (bench/agn-spectra-fit.ts).
      logn0: -9.354,
      loglstar0: 34.323,
      kevo: -0.996,
      ztop0: 1.882,
      dztop: 0.018,
      mev: -0.166,
    },
    ['logn0'],
  ),
  ...lfParams(
    'bllac',
    'BL Lac',
    {
      a: 0.736,
      b: 1.618,
      // Massardi+10: a = 0.723, log n0 = -6.879; refit with the FSRQ normalisation (bench/agn-spectra-fit.ts).
      logn0: -7.554,
      loglstar0: 32.638,
      kevo: 0.208,
      ztop0: 1.282,
      dztop: 0,
      mev: 1,
    },
    ['a', 'logn0'],
  ),
  ...lfParams('steep', 'steep-spectrum', {
    a: 0.559,
    b: 2.261,
    logn0: -5.97,
    loglstar0: 32.49,
    kevo: 1.226,
    ztop0: 0.977,
    dztop: 0.842,
    mev: 0.262,
  }),
  // Spectra of flat-spectrum sources (FSRQ and BL Lac). S ~ nu^alpha.
  p(
    'agn_flat_alpha_lo_mean',
    -0.1,
    '',
    'flat-spectrum sources: mean spectral index below the break (S ~ nu^alpha)',
    'T-RECS (Bonaldi+2019 MNRAS 482 2) flat-spectrum median -0.1; Massardi+2010 alpha = 0.1',
    normal(-0.1, 0.1),
    -1,
    1,
  ),
  p(
    'agn_flat_alpha_lo_sigma',
    0.25,
    '',
    'flat-spectrum sources: scatter of the low-frequency index',
    'T-RECS (Bonaldi+2019) scatter 0.25',
    trunc(0.25, 0.08, 0, 0.6),
    0,
    0.8,
  ),
  p(
    'agn_flat_alpha_hi',
    -0.523,
    '',
    'flat-spectrum sources: mean spectral index above the break',
    'Tucci+2011 A&A 533 A57 (optically thin ~ -0.7); fitted with the LF normalisations to C2Ex 148 GHz, AT20G and the de Zotti+2005 30 GHz FSRQ/BL Lac counts (bench/agn-spectra-fit.ts)',
    normal(-0.7, 0.2),
    -2,
    0,
  ),
  p(
    'agn_flat_alpha_hi_sigma',
    0.2,
    '',
    'flat-spectrum sources: scatter of the high-frequency index',
    'design memo forward-model.md §7 (+-0.2)',
    trunc(0.2, 0.08, 0, 0.6),
    0,
    0.8,
  ),
  p(
    'agn_flat_break_logghz_mean',
    0.906,
    'log10(GHz)',
    'FSRQs: mean log10 of the rest-frame break frequency',
    'C2Ex spirit (Tucci+2011); fitted by bench/agn-spectra-fit.ts',
    normal(0.93, 0.3),
    -0.5,
    3,
  ),
  p(
    'agn_flat_break_logghz_sigma',
    0.224,
    'dex',
    'flat-spectrum sources: scatter of log10 break frequency',
    'fitted by bench/agn-spectra-fit.ts',
    trunc(0.2, 0.15, 0, 1),
    0,
    1.5,
  ),
  p(
    'agn_bllac_break_offset_dex',
    0.743,
    'dex',
    'BL Lacs: log10 break frequency relative to FSRQs',
    'Tucci+2011 (BL Lac breaks at higher frequency than FSRQs); fitted by bench/agn-spectra-fit.ts',
    normal(0.86, 0.3),
    -1,
    2,
  ),
  // Spectra of steep-spectrum sources.
  p(
    'agn_steep_alpha_lo_mean',
    -0.75,
    '',
    'steep-spectrum sources: mean spectral index below the break',
    'T-RECS -0.72 (Bonato+2021); Massardi+2010 alpha = 0.8',
    normal(-0.75, 0.1),
    -1.5,
    0,
  ),
  p(
    'agn_steep_alpha_lo_sigma',
    0.2,
    '',
    'steep-spectrum sources: scatter of the spectral index',
    'T-RECS (Bonaldi+2019)',
    trunc(0.2, 0.08, 0, 0.6),
    0,
    0.8,
  ),
  p(
    'agn_steep_dalpha_hi',
    -0.78,
    '',
    'steep-spectrum sources: steepening of the index above the break (alpha_hi - alpha_lo)',
    'spectral ageing (Kardashev-Pacholczyk: -0.5 to -1); tuned to the C2Ex faint counts',
    normal(-0.78, 0.3),
    -2,
    0.5,
  ),
  p(
    'agn_steep_break_logghz_mean',
    1.19,
    'log10(GHz)',
    'steep-spectrum sources: mean log10 rest-frame break frequency',
    'tuned to the C2Ex 148 GHz counts',
    normal(1.19, 0.4),
    0,
    3.5,
  ),
  p(
    'agn_steep_break_logghz_sigma',
    0.1,
    'dex',
    'steep-spectrum sources: scatter of log10 break frequency',
    'tuned to the C2Ex 148 GHz counts',
    trunc(0.1, 0.15, 0, 1),
    0,
    1.5,
  ),
  p(
    'agn_break_sharpness',
    2,
    '',
    'sharpness s of the smoothly broken power law',
    'design memo forward-model.md §7 (s ~ 2-4)',
    trunc(2, 0.5, 0.5, 6),
    0.5,
    8,
  ),
];

/** AGN parameter values: each AGN name from `params` if present there, else its default. */
export function agnParamValues(params: Readonly<Record<string, number>> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of AGN_PARAMS) out[d.name] = params[d.name] ?? d.default;
  return out;
}
