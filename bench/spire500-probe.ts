// Why the SPIRE 500 µm counts of issue 4 (acceptance 1) fail at 40–90 mJy: two measurements on the
// default model (docs/validation.md §1, "SPIRE 500 µm at 40–90 mJy").
//   node --import tsx bench/spire500-probe.ts [tiles=2] [logM1=13.0,12.3]
// 1. Who the 40–80 mJy 500 µm sources are (20 deg² sample): redshift, magnification, SFR — the
//    unlensed ones sit at the SFR cap (`sfr_max`, redrawn as SIDES does).
// 2. A one-halo probe: on 1 deg² tiles (as bench/model-validation.ts), galaxies are moved onto NFW
//    orbits of more massive hosts in the same Δz = 0.02 slice (a halo-occupation model: each host of
//    halo mass M ≥ 10^12 takes Poisson((M/M1)^α) satellites, α = 1, drawn from the galaxies of its
//    slice with halo mass < M/2; NFW concentration 4; r_vir at 200 × the mean density), which keeps every
//    galaxy's flux and so the intrinsic counts, and adds small-scale (one-halo) pairs. The 500 µm map
//    (35.2″ beam, mean removed, H-ATLAS DR1 instrumental noise 7.7 mJy) is searched for peaks with and
//    without the satellites. This is a probe of how much a one-halo term could add, not a model of it.
import { sampleRadioAgn } from '../src/model/agn/sample.js';
import { addBeamNoise, beamMap, findPeaks } from '../src/model/blending.js';
import { comovingAt } from '../src/model/cosmology.js';
import { buildGalaxyModel } from '../src/model/galaxy-model.js';
import { resolveParams } from '../src/model/params.js';
import { concatPopulations } from '../src/model/population.js';
import { sampleGalaxies } from '../src/model/sample-galaxies.js';
import { RandomStream } from '../src/random/stream.js';
import { tangentOffsetArcsec } from '../src/sky/tangent-plane.js';

const tiles = Number(process.argv[2] ?? 2);
const logM1s = (process.argv[3] ?? '13.0,12.3').split(',').map(Number);
const params = resolveParams();
const band = 'spire500' as const;
const FWHM = 35.2;
const SIGMA_INST = 7.7;
const model = buildGalaxyModel(params, [band]);
const quantiles = (a: number[], qs: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return qs.map((q) => s[Math.min(s.length - 1, Math.floor(q * s.length))]);
};

// 1. Composition of the 40–80 mJy sources.
{
  const area = 20;
  const h = Math.sqrt(area) / 2;
  const c = Math.cos((55 * Math.PI) / 180);
  const box = { raMinDeg: 30 - h / c, raMaxDeg: 30 + h / c, decMinDeg: -55 - h, decMaxDeg: -55 + h };
  const g = sampleGalaxies(model, box, 3, [band], { [band]: 40 });
  const f = g.fluxMJy[band] as Float64Array;
  const sfr = g.sfr as Float64Array;
  const sel = [...Array(g.n).keys()].filter((i) => f[i] >= 40 && f[i] < 80);
  const unlensed = sel.filter((i) => g.mu[i] < 1.5 && g.z[i] > 0.5);
  console.log(
    `40–80 mJy at 500 µm: ${(sel.length / area).toFixed(2)} per deg² (${sel.length} in ${area} deg²); ` +
      `μ > 2: ${sel.filter((i) => g.mu[i] > 2).length}, z < 0.3: ${sel.filter((i) => g.z[i] < 0.3).length}; ` +
      `z quartiles ${quantiles(
        sel.map((i) => g.z[i]),
        [0.25, 0.5, 0.75],
      )
        .map((x) => x.toFixed(2))
        .join(' / ')}`,
  );
  console.log(
    `unlensed (μ < 1.5) at z > 0.5: ${unlensed.length}; their SFR quartiles and maximum ${quantiles(
      unlensed.map((i) => sfr[i]),
      [0.25, 0.5, 0.75, 1],
    )
      .map((x) => x.toFixed(0))
      .join(' / ')} M⊙/yr (sfr_max ${params.sfr_max})`,
  );
}

// 2. One-halo probe.
const RHO_M0 = params.omega_m * 2.775e11 * params.h ** 2; // comoving mean matter density, M⊙/Mpc³
const CONC = 4;
const nfwMass = (x: number) => Math.log(1 + CONC * x) - (CONC * x) / (1 + CONC * x);
function nfwRadius(u: number): number {
  let lo = 0;
  let hi = 1;
  const target = u * nfwMass(1);
  for (let k = 0; k < 40; k++) {
    const m = (lo + hi) / 2;
    if (nfwMass(m) < target) lo = m;
    else hi = m;
  }
  return (lo + hi) / 2;
}
function poisson(rng: RandomStream, lam: number): number {
  let k = 0;
  let p = Math.exp(-lam);
  let s = p;
  const u = rng.uniform();
  while (u > s && k < 100) {
    k++;
    p *= lam / k;
    s += p;
  }
  return k;
}
const EDGES = [36.3, 46, 57.5, 72, 91];
const core = 1800;
const half = core + 4 * FWHM;
const counts = new Map<string, Float64Array>();
const add = (key: string, fluxes: Float64Array) => {
  const c = counts.get(key) ?? new Float64Array(EDGES.length);
  for (const s of fluxes) for (let e = 0; e < EDGES.length; e++) if (s >= EDGES[e]) c[e]++;
  counts.set(key, c);
};
const satFraction = new Map<number, number>();
for (let t = 0; t < tiles; t++) {
  const ra0 = 30 + 1.2 * t;
  const dec0 = -55;
  const hDeg = (half / 3600) * 1.02;
  const cosEdge = Math.cos(((55 + hDeg) * Math.PI) / 180);
  const box = {
    raMinDeg: ra0 - hDeg / cosEdge,
    raMaxDeg: ra0 + hDeg / cosEdge,
    decMinDeg: dec0 - hDeg,
    decMaxDeg: dec0 + hDeg,
  };
  const gal = sampleGalaxies(model, box, 1, [band], 0.01);
  const pop = concatPopulations([gal, sampleRadioAgn(params, box, 1, { [band]: 0.01 }, [band])], [band]);
  const x = new Float64Array(pop.n);
  const y = new Float64Array(pop.n);
  for (let i = 0; i < pop.n; i++) [x[i], y[i]] = tangentOffsetArcsec(ra0, dec0, pop.raDeg[i], pop.decDeg[i]);
  const flux = pop.fluxMJy[band] as Float64Array;
  const peaks = (xs: Float64Array, ys: Float64Array) => {
    const map = beamMap(xs, ys, flux, FWHM, half, 8, true, 0.5);
    return findPeaks(addBeamNoise(map, FWHM, SIGMA_INST, new RandomStream(9, t)), 20, core).fluxMJy;
  };
  add('Poisson', peaks(x, y));
  const mh = gal.logMhalo as Float64Array;
  const slices = new Map<number, number[]>();
  for (let i = 0; i < gal.n; i++) {
    const k = Math.floor(gal.z[i] / 0.02);
    const list = slices.get(k) ?? [];
    list.push(i);
    slices.set(k, list);
  }
  for (const logM1 of logM1s) {
    const rng = new RandomStream(7, t, Math.round(logM1 * 100));
    const xs = x.slice();
    const ys = y.slice();
    let moved = 0;
    for (const idx of slices.values()) {
      idx.sort((a, b) => mh[b] - mh[a]);
      const taken = new Uint8Array(idx.length);
      for (let hI = 0; hI < idx.length; hI++) {
        const host = idx[hI];
        if (taken[hI] || mh[host] < 12) continue;
        const nSat = poisson(rng, 10 ** (mh[host] - logM1));
        const z = gal.z[host];
        const rVirMpc = ((3 * 10 ** mh[host]) / (4 * Math.PI * 200 * RHO_M0 * (1 + z) ** 3)) ** (1 / 3);
        const thetaVirArcsec = (rVirMpc / (comovingAt(model.dist, z) / (1 + z))) * 206264.806;
        for (let s = 0; s < nSat; s++) {
          let pick = -1;
          for (let tries = 0; tries < 20 && pick < 0; tries++) {
            const q = hI + 1 + Math.floor(rng.uniform() * (idx.length - hI - 1));
            if (q < idx.length && !taken[q] && mh[idx[q]] < mh[host] - 0.3) pick = q;
          }
          if (pick < 0) continue;
          taken[pick] = 1;
          const r = nfwRadius(rng.uniform()) * thetaVirArcsec;
          const cosT = 2 * rng.uniform() - 1;
          const phi = 2 * Math.PI * rng.uniform();
          const rp = r * Math.sqrt(1 - cosT * cosT);
          xs[idx[pick]] = x[host] + rp * Math.cos(phi);
          ys[idx[pick]] = y[host] + rp * Math.sin(phi);
          moved++;
        }
      }
    }
    satFraction.set(logM1, (satFraction.get(logM1) ?? 0) + moved / gal.n / tiles);
    add(`M1 = 10^${logM1}`, peaks(xs, ys));
  }
}
const base = counts.get('Poisson') as Float64Array;
console.log(`\nblended + noise peaks on ${tiles} deg², N(>S):  S = ${EDGES.join(' / ')} mJy`);
for (const [key, c] of counts) {
  const frac =
    key === 'Poisson'
      ? ''
      : ` (satellites: ${(100 * (satFraction.get(Number(key.slice(8))) ?? 0)).toFixed(1)} % of the galaxies)`;
  console.log(
    `${key.padEnd(12)} ${[...c].join(' / ')}   ratio to Poisson ${[...c].map((v, e) => (base[e] ? (v / base[e]).toFixed(2) : '–')).join(' / ')}${frac}`,
  );
}
