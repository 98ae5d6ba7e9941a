/**
 * The photometric bands of the forward model. Names are used everywhere: CLI flags, catalogue
 * columns `S_<band>` (mJy), survey presets. Each band states how a flux is defined from a
 * spectrum (its calibration convention), so that model fluxes mean what the catalogues mean.
 */

/**
 * How a band flux S_b is defined from the spectrum s_ν:
 * - `filter-folded`: S_b = ∫ R(λ) s_ν(λ) dλ with ∫ R dλ = 1; the instrument's own calibration
 *   convention (νS_ν = const for SPIRE/MIPS, the WISE/ALMA conventions) is already folded into R
 *   (EGG filter database, H. Aussel compilation; see data/filters/README.md).
 * - `band-average`: S_b = ∫ R(ν) s_ν dν / ∫ R(ν) dν, the flux of a flat (α = 0) spectrum quoted at the
 *   band's flat-spectrum effective frequency (SPT-3G 2019 FTS bandpasses).
 * - `monochromatic`: s_ν at the effective frequency (no bandpass shipped; for PACS this equals the
 *   νS_ν = const convention up to a colour correction of a few per cent).
 */
export type CalibrationConvention = 'filter-folded' | 'band-average' | 'monochromatic';

export interface BandInfo {
  readonly name: string;
  /** Effective (quoted) frequency in GHz. */
  readonly freqGHz: number;
  /** Effective wavelength in µm (c / freqGHz). */
  readonly wavelengthUm: number;
  /** File under data/filters/ with the bandpass, if one is shipped. */
  readonly filterFile?: string;
  /** Column layout of the filter file: response per wavelength (µm) or per frequency (GHz). */
  readonly filterAxis?: 'lambda_um' | 'freq_GHz';
  readonly convention: CalibrationConvention;
  /** Short description for docs and --help. */
  readonly description: string;
}

const C_UM_GHZ = 299792.458; // c in µm·GHz

function band(
  name: string,
  freqGHz: number,
  convention: CalibrationConvention,
  description: string,
  filterFile?: string,
  filterAxis?: 'lambda_um' | 'freq_GHz',
): BandInfo {
  return { name, freqGHz, wavelengthUm: C_UM_GHZ / freqGHz, convention, description, filterFile, filterAxis };
}

const um = (lambdaUm: number): number => C_UM_GHZ / lambdaUm;

/**
 * All bands, in the order used for columns. SPT-3G effective frequencies are the flat-spectrum
 * (α = 0) band centres of the 2019 FTS curves (design memo forward-model.md §8; recomputed from the
 * shipped curves in test/model/bands.test.ts).
 */
export const BANDS = {
  spt95: band('spt95', 93.7, 'band-average', 'SPT-3G 95 GHz', 'spt3g_95GHz_2019.csv', 'freq_GHz'),
  spt150: band('spt150', 147.1, 'band-average', 'SPT-3G 150 GHz', 'spt3g_150GHz_2019.csv', 'freq_GHz'),
  spt220: band('spt220', 219.9, 'band-average', 'SPT-3G 220 GHz', 'spt3g_220GHz_2019.csv', 'freq_GHz'),
  pacs100: band('pacs100', um(100), 'monochromatic', 'Herschel PACS 100 µm'),
  pacs160: band('pacs160', um(160), 'monochromatic', 'Herschel PACS 160 µm'),
  spire250: band('spire250', um(250), 'filter-folded', 'Herschel SPIRE 250 µm (PSW)', 'egg_SPIRE.PSW.csv', 'lambda_um'),
  spire350: band('spire350', um(350), 'filter-folded', 'Herschel SPIRE 350 µm (PMW)', 'egg_SPIRE.PMW.csv', 'lambda_um'),
  spire500: band('spire500', um(500), 'filter-folded', 'Herschel SPIRE 500 µm (PLW)', 'egg_SPIRE.PLW.csv', 'lambda_um'),
  mips24: band('mips24', um(24), 'filter-folded', 'Spitzer MIPS 24 µm', 'egg_MIPS.MIPS24.csv', 'lambda_um'),
  wise_w4: band('wise_w4', um(22.1), 'filter-folded', 'WISE W4 (22 µm)', 'egg_WISE.W4.csv', 'lambda_um'),
  scuba850: band('scuba850', um(850), 'monochromatic', 'JCMT SCUBA-2 850 µm'),
  laboca870: band('laboca870', um(870), 'monochromatic', 'APEX LABOCA / ALMA band 7 870 µm'),
  alma1p2mm: band('alma1p2mm', um(1200), 'filter-folded', 'ALMA band 6 (1.2 mm)', 'egg_alma6_1p2.csv', 'lambda_um'),
  alma2mm: band('alma2mm', um(2000), 'filter-folded', 'ALMA band 4 (2 mm)', 'egg_alma4_2p0.csv', 'lambda_um'),
  alma3mm: band('alma3mm', um(3000), 'monochromatic', 'ALMA band 3 (3 mm)'),
  radio150mhz: band('radio150mhz', 0.15, 'monochromatic', '150 MHz (LOFAR / MWA)'),
  radio843mhz: band('radio843mhz', 0.843, 'monochromatic', '843 MHz (SUMSS)'),
  radio888mhz: band('radio888mhz', 0.888, 'monochromatic', '888 MHz (ASKAP RACS-low / EMU)'),
  radio1p28ghz: band('radio1p28ghz', 1.28, 'monochromatic', '1.28 GHz (MeerKAT)'),
  radio1p4ghz: band('radio1p4ghz', 1.4, 'monochromatic', '1.4 GHz (NVSS / FIRST / VLA)'),
  radio3ghz: band('radio3ghz', 3.0, 'monochromatic', '3 GHz (VLASS / VLA-COSMOS)'),
  radio5ghz: band('radio5ghz', 5.0, 'monochromatic', '5 GHz'),
  radio20ghz: band('radio20ghz', 20.0, 'monochromatic', '20 GHz (AT20G)'),
} as const satisfies Record<string, BandInfo>;

export type Band = keyof typeof BANDS;

/** Band names in column order. */
export const BAND_NAMES: readonly Band[] = Object.keys(BANDS) as Band[];

export function isBand(name: string): name is Band {
  return Object.hasOwn(BANDS, name);
}

/** Bands at or below this frequency are modelled as radio continuum (synchrotron + free–free) for star-forming galaxies; above it as dust. */
export const RADIO_MAX_FREQ_GHZ = 30;

/** True when star-forming galaxies are modelled by their radio continuum in this band. */
export function isRadioBand(b: Band): boolean {
  return BANDS[b].freqGHz <= RADIO_MAX_FREQ_GHZ;
}
