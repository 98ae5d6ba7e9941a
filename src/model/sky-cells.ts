/**
 * Equal-area sky cells for chunk-independent sampling: 2048 bands equal in sin δ × 4096 equal RA
 * slices (cells of 4π/2²³ sr ≈ 0.0049 deg², like HEALPix order 10). Every cell draws its sources
 * from its own random stream, keyed by (seed, population, redshift shell, cell); a region is
 * sampled as the cells it touches, clipped afterwards, so any split of the sky into regions or
 * chunks yields the same sources. Lat-long cells align with the RA/Dec boxes the CLI uses.
 */
export const N_DEC_BANDS = 2048;
export const N_RA_SLICES = 4096;
export const CELL_SR = (4 * Math.PI) / (N_DEC_BANDS * N_RA_SLICES);

export interface SkyBoxDeg {
  raMinDeg: number;
  raMaxDeg: number;
  decMinDeg: number;
  decMaxDeg: number;
}

export interface CellBounds {
  id: number;
  raLoDeg: number;
  sinDecLo: number;
}

export const RA_STEP_DEG = 360 / N_RA_SLICES;
export const SIN_STEP = 2 / N_DEC_BANDS;

/** True when (ra, dec) lies in the box (RA range may wrap through 0). */
export function inBox(box: SkyBoxDeg, raDeg: number, decDeg: number): boolean {
  if (decDeg < box.decMinDeg || decDeg > box.decMaxDeg) return false;
  if (box.raMaxDeg - box.raMinDeg >= 360) return true;
  if (box.raMinDeg <= box.raMaxDeg) return raDeg >= box.raMinDeg && raDeg <= box.raMaxDeg;
  return raDeg >= box.raMinDeg || raDeg <= box.raMaxDeg;
}

/** The cells overlapping a box, in a fixed order (by dec band, then RA slice). */
export function cellsInBox(box: SkyBoxDeg): CellBounds[] {
  const d2r = Math.PI / 180;
  const b0 = Math.max(0, Math.floor((Math.sin(box.decMinDeg * d2r) + 1) / SIN_STEP));
  const b1 = Math.min(N_DEC_BANDS - 1, Math.floor((Math.sin(box.decMaxDeg * d2r) + 1) / SIN_STEP));
  const slices: number[] = [];
  const width = box.raMinDeg <= box.raMaxDeg ? box.raMaxDeg - box.raMinDeg : box.raMaxDeg + 360 - box.raMinDeg;
  if (width >= 360 - 1e-9) for (let r = 0; r < N_RA_SLICES; r++) slices.push(r);
  else {
    const r0 = Math.floor(box.raMinDeg / RA_STEP_DEG);
    const n = Math.floor((box.raMinDeg + width) / RA_STEP_DEG) - r0 + 1;
    for (let k = 0; k < n; k++) slices.push((r0 + k) % N_RA_SLICES);
  }
  const out: CellBounds[] = [];
  for (let b = b0; b <= b1; b++)
    for (const r of slices)
      out.push({ id: b * N_RA_SLICES + r, raLoDeg: r * RA_STEP_DEG, sinDecLo: -1 + b * SIN_STEP });
  return out;
}
