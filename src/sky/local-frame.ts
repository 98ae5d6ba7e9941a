/** The local east/north basis at a point of the sphere, shared by the tangent-plane and offset kernels. */

/**
 * Writes [cx, cy, cz, ex, ey, ez, nx, ny, nz]: the unit vector of (ra, dec) (radians) and the unit
 * vectors pointing east (increasing RA) and north (increasing Dec) there.
 */
export function localFrame(ra: number, dec: number, out: Float64Array | number[]): void {
  const sa = Math.sin(ra);
  const ca = Math.cos(ra);
  const sd = Math.sin(dec);
  const cd = Math.cos(dec);
  out[0] = cd * ca;
  out[1] = cd * sa;
  out[2] = sd;
  out[3] = -sa;
  out[4] = ca;
  out[5] = 0;
  out[6] = -sd * ca;
  out[7] = -sd * sa;
  out[8] = cd;
}
