/**
 * Chord ↔ angle conversions for radius queries on unit vectors: two points θ apart on the unit
 * sphere are |p − q| = 2 sin(θ/2) apart in space, so "within θ" becomes "squared distance ≤ chord²",
 * a test with no trigonometry per pair.
 */
import { ARCSEC_TO_RAD, clampedAsin, DEG_TO_RAD, RAD_TO_ARCSEC, RAD_TO_DEG } from './math.js';

/**
 * @example chordFromAngleDeg(60) // 0.9999999999999999 (an equilateral triangle with the centre)
 */
export function chordFromAngleDeg(angleDeg: number): number {
  return 2 * Math.sin((angleDeg * DEG_TO_RAD) / 2);
}

/** Angle in degrees subtended by a chord of the unit sphere (chord in [0, 2]). */
export function angleDegFromChord(chord: number): number {
  return 2 * clampedAsin(chord / 2) * RAD_TO_DEG;
}

/** Chord length of a separation in arcsec. */
export function chordFromSepArcsec(sepArcsec: number): number {
  return 2 * Math.sin((sepArcsec * ARCSEC_TO_RAD) / 2);
}

/** Separation in arcsec subtended by a chord of the unit sphere. */
export function sepArcsecFromChord(chord: number): number {
  return 2 * clampedAsin(chord / 2) * RAD_TO_ARCSEC;
}
