// The count-fit posterior of bench/infer.bench.ts in Stan: 4 free parameters (dust_T0, dust_beta,
// u_ms_slope, sb_frac) of the traced expected-counts model (src/model/traced), Poisson likelihood on
// three one-band skies, the other traced parameters fixed. The forward pass follows bench/counts-hand.ts
// (itself checked against the compiled likelihood to 1e-9): Casey (2012) SED sums per class, the
// class's flux shift, linear interpolation of the cumulative count tables at the bin edges, Poisson terms.
// The data arrays are the ones the jit binds (written by bench/stan/count-fit.ts); Stan differentiates.
functions {
  // Σ_k w_k s_ν(ν_k), s_ν = ν^{3+β}/expm1(hν/kT) + N_pl λ^α e^{−(λ/λ_c)²} (Casey 2012 eq. 3).
  real sed_sum(vector nu, vector w, int off, real T, real b, real a) {
    real a0 = 26.68 + 6.246 * a;
    real p1 = 1.905e-4 + 7.243e-5 * a;
    real lc = 0.75 / (a0 ^ (-2) + p1 * T);
    real nuC = 299792.458 / lc;
    real nPl = exp(log(nuC) * (b + 3)) / expm1(nuC * 0.04799243073 / T) / exp(log(lc) * a);
    real v = 0;
    for (k in 1:rows(w)) {
      real f = nu[off + k];
      real lam = 299792.458 / f;
      real r = lam / lc;
      v += w[k] * (exp(log(f) * (b + 3)) / expm1(f * 0.04799243073 / T) + nPl * exp(log(lam) * a) * exp(-r * r));
    }
    return v;
  }
  // min(hi, max(0, floor(x))) for a parameter-dependent x (Stan 2.21 has no real-to-int conversion).
  int floor_clamped(real x, int hi) {
    int lo;
    int up;
    if (x < 1) return 0;
    if (x >= hi) return hi;
    lo = 1;
    up = hi;
    while (up - lo > 1) {
      int mid = (lo + up) / 2;
      if (mid <= x) lo = mid; else up = mid;
    }
    return lo;
  }
}
data {
  int nC;
  vector[nC] zc;
  int isSb[nC];
  vector[nC] xu;
  vector[nC] tempRef;
  int nNorm;
  vector[nNorm] normNu;
  vector[nNorm] normW;
  real betaRef;
  real alphaRef;
  real lirRef;
  real logS0;
  int nGrid;
  int nTable;
  vector[nTable] table;
  int nQ;
  int classOfQ[nQ];
  vector[nQ] wConst;
  vector[nQ] wSb;
  int nB;
  int nodes[nB];
  int nuOff[nB];
  int wOff[nB];
  int nRest;
  vector[nRest] restNu;
  int nBandW;
  vector[nBandW] bandW;
  int nE;
  matrix[nB, nE] edges;
  int rowBase[nB, nQ];
  int nK;
  int loIdx[nB, nK];
  int hiIdx[nB, nK];
  matrix[nB, nK] fixedCounts;
  matrix[nB, nK] nObs;
  matrix[nB, nK] logNFact;
  vector[nB] sr;
  real mirAlpha;
  real uSb;
  real uScatterDex;
  real lirPerSfr;
  vector[4] lo;
  vector[4] hi;
  vector[4] priorMean;
  vector[4] priorSd;
  vector[4] truncLo;
  vector[4] truncHi;
}
transformed data {
  real fineStep = 0.02;
  real log10five = log10(5);
  real logUsb = log10(uSb);
  real lirShift = log(lirPerSfr / lirRef) / log(10);
  matrix[nB, nE] edgeCells = (edges - logS0) / fineStep;
  matrix[nB, nC] refLogK;
  for (c in 1:nC) {
    real norm = sed_sum(normNu, normW, 0, tempRef[c], betaRef, alphaRef);
    for (b in 1:nB)
      refLogK[b, c] = log(sed_sum(restNu, segment(bandW, wOff[b] + 1, nodes[b]), nuOff[b] + (c - 1) * nodes[b],
                                  tempRef[c], betaRef, alphaRef)) - log(norm);
  }
}
parameters {
  real<lower=lo[1], upper=hi[1]> dust_T0;
  real<lower=lo[2], upper=hi[2]> dust_beta;
  real<lower=lo[3], upper=hi[3]> u_ms_slope;
  real<lower=lo[4], upper=hi[4]> sb_frac;
}
model {
  vector[4] theta = [dust_T0, dust_beta, u_ms_slope, sb_frac]';
  vector[nC] temp;
  vector[nC] normV;
  for (j in 1:4) {
    if (theta[j] < truncLo[j] || theta[j] > truncHi[j]) target += negative_infinity();
    target += normal_lpdf(theta[j] | priorMean[j], priorSd[j]);
  }
  // T_c = 10^{(log⟨U⟩_c − log 5)/(4+β) + log T0} (forward-model.md §4.2).
  for (c in 1:nC) {
    real ms = u_ms_slope * zc[c] + log10five;
    real lu = (isSb[c] == 1 && !(ms >= logUsb)) ? logUsb : ms;
    temp[c] = exp(((lu + xu[c] * uScatterDex - log10five) / (dust_beta + 4) + log10(dust_T0)) * log(10));
    normV[c] = sed_sum(normNu, normW, 0, temp[c], dust_beta, mirAlpha);
  }
  for (b in 1:nB) {
    vector[nC] shift;
    vector[nE] atEdges = rep_vector(0, nE);
    vector[nodes[b]] w = segment(bandW, wOff[b] + 1, nodes[b]);
    for (c in 1:nC)
      shift[c] = (log(sed_sum(restNu, w, nuOff[b] + (c - 1) * nodes[b], temp[c], dust_beta, mirAlpha))
                  - log(normV[c]) - refLogK[b, c]) / log(10) + lirShift;
    for (q in 1:nQ) {
      real wq = wConst[q] + wSb[q] * sb_frac;
      real s = shift[classOfQ[q]] / fineStep;
      for (e in 1:nE) {
        real x = edgeCells[b, e] - s;
        int j = floor_clamped(x, nGrid - 2);
        real y0 = table[rowBase[b, q] + j + 1];
        real dy = table[rowBase[b, q] + j + 2] - y0;
        atEdges[e] += wq * (y0 + fmin(1, fmax(0, x - j)) * dy);
      }
    }
    for (k in 1:nK) {
      real lam = (atEdges[hiIdx[b, k]] - atEdges[loIdx[b, k]] + fixedCounts[b, k]) * sr[b];
      target += nObs[b, k] * log(lam + 1e-300) - lam - logNFact[b, k];
    }
  }
}
