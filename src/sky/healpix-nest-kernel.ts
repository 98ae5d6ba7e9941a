/**
 * The hot loop of the cross-matcher: (RA, Dec) → nested index as a float64 number, order ≤ 24.
 * It is zphiToXyf (healpix-core.ts) and xyfToNestNumber (healpix-bits.ts) fused into one
 * allocation-free function with the same floating-point operations in the same order, so it
 * returns exactly what ang2pixNest does (tests compare the two on every fixture row).
 */

const HALF_PI = Math.PI / 2;
const DEG_TO_RAD = Math.PI / 180;
const INV_HALF_PI = 2 / Math.PI;
const TWO_THIRDS = 2 / 3;
const TWO_32 = 4294967296;

function spread16(v: number): number {
  let x = v & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  return (x | (x << 1)) & 0x55555555;
}

/** Nested index of (raDeg, decDeg) at Nside = `nside` ≤ 2^24. */
export function nestNumberKernel(nside: number, raDeg: number, decDeg: number): number {
  const theta = HALF_PI - decDeg * DEG_TO_RAD;
  const z = Math.cos(theta);
  const za = z < 0 ? -z : z;
  let tt = raDeg * DEG_TO_RAD * INV_HALF_PI;
  if (tt >= 4) tt %= 4;
  else if (tt < 0) {
    tt = (tt % 4) + 4;
    if (tt === 4) tt = 0;
  }
  let ix: number;
  let iy: number;
  let face: number;
  if (za <= TWO_THIRDS) {
    const temp1 = nside * (0.5 + tt);
    const temp2 = nside * (z * 0.75);
    const jp = Math.floor(temp1 - temp2);
    const jm = Math.floor(temp1 + temp2);
    const ifp = Math.floor(jp / nside);
    const ifm = Math.floor(jm / nside);
    face = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
    ix = jm - ifm * nside;
    iy = nside - (jp - ifp * nside) - 1;
  } else {
    const ntt = tt >= 3 ? 3 : Math.floor(tt);
    const tp = tt - ntt;
    const tmp =
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: HEALPix C++ uses this literal, not π.
      za < 0.99 || !(theta < 0.01 || theta > 3.14159 - 0.01)
        ? nside * Math.sqrt(3 * (1 - za))
        : (nside * Math.sin(theta)) / Math.sqrt((1 + za) / 3);
    let jp = Math.floor(tp * tmp);
    let jm = Math.floor((1 - tp) * tmp);
    if (jp > nside - 1) jp = nside - 1;
    if (jm > nside - 1) jm = nside - 1;
    if (z >= 0) {
      ix = nside - jm - 1;
      iy = nside - jp - 1;
      face = ntt;
    } else {
      ix = jp;
      iy = jm;
      face = ntt + 8;
    }
  }
  const lo = (spread16(ix) | (spread16(iy) << 1)) >>> 0;
  const hi = (spread16(ix >>> 16) | (spread16(iy >>> 16) << 1)) >>> 0;
  return face * nside * nside + hi * TWO_32 + lo;
}
