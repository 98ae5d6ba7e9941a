/**
 * Redshift shells and coarse equal-area sky cells for sampling radio-loud AGN. Every (population,
 * cell) pair has its own random stream and walks the shells in a fixed order, so the sources of a
 * cell do not depend on which other cells (or regions, or chunks) are sampled. AGN are rare
 * (tens per deg² above the SPT depth), so the cells are coarse: 256 bands equal in sin δ × 512 RA
 * slices, each 4π/2¹⁷ sr ≈ 0.315 deg².
 */
import type { SkyBox } from '../../sky/area.js';

export const AGN_N_DEC_BANDS = 256;
export const AGN_N_RA_SLICES = 512;
export const AGN_CELL_SR = (4 * Math.PI) / (AGN_N_DEC_BANDS * AGN_N_RA_SLICES);
const RA_STEP_DEG = 360 / AGN_N_RA_SLICES;
const SIN_STEP = 2 / AGN_N_DEC_BANDS;

export interface AgnCell {
  readonly id: number;
  readonly raLoDeg: number;
  readonly raStepDeg: number;
  readonly sinDecLo: number;
  readonly sinDecStep: number;
}

/** Cells overlapping the box, ordered by dec band then RA slice. */
export function agnCellsInBox(box: SkyBox): AgnCell[] {
  const d2r = Math.PI / 180;
  const b0 = Math.max(0, Math.floor((Math.sin(box.decMinDeg * d2r) + 1) / SIN_STEP));
  const b1 = Math.min(AGN_N_DEC_BANDS - 1, Math.floor((Math.sin(box.decMaxDeg * d2r) + 1) / SIN_STEP));
  const width = box.raMinDeg <= box.raMaxDeg ? box.raMaxDeg - box.raMinDeg : box.raMaxDeg + 360 - box.raMinDeg;
  const slices: number[] = [];
  if (width >= 360 - 1e-9) for (let r = 0; r < AGN_N_RA_SLICES; r++) slices.push(r);
  else {
    const r0 = Math.floor(box.raMinDeg / RA_STEP_DEG);
    const n = Math.floor((box.raMinDeg + width) / RA_STEP_DEG) - r0 + 1;
    for (let k = 0; k < n; k++) slices.push((r0 + k) % AGN_N_RA_SLICES);
  }
  const out: AgnCell[] = [];
  for (let b = b0; b <= b1; b++)
    for (const r of slices)
      out.push({
        id: b * AGN_N_RA_SLICES + r,
        raLoDeg: r * RA_STEP_DEG,
        raStepDeg: RA_STEP_DEG,
        sinDecLo: -1 + b * SIN_STEP,
        sinDecStep: SIN_STEP,
      });
  return out;
}

/** True when (ra, dec) is inside the box (RA may wrap through 0). */
export function inSkyBox(box: SkyBox, raDeg: number, decDeg: number): boolean {
  if (decDeg < box.decMinDeg || decDeg > box.decMaxDeg) return false;
  if (box.raMaxDeg - box.raMinDeg >= 360) return true;
  if (box.raMinDeg <= box.raMaxDeg) return raDeg >= box.raMinDeg && raDeg < box.raMaxDeg;
  return raDeg >= box.raMinDeg || raDeg < box.raMaxDeg;
}

/** Shell edges in z: fine at low z, where the brightest sources live, coarser beyond. */
export function agnShellEdges(zMax: number): Float64Array {
  const edges: number[] = [0];
  const push = (step: number, until: number) => {
    let z = edges[edges.length - 1];
    while (z + step < until - 1e-9) {
      z = Math.round((z + step) * 1e6) / 1e6;
      edges.push(z);
    }
    edges.push(until);
  };
  push(0.0025, 0.02);
  push(0.01, 0.2);
  push(0.05, 1);
  push(0.1, zMax);
  return Float64Array.from(edges);
}
