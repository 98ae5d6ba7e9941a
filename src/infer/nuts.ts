import type { RandomStream } from '../random/stream.js';
import { copyPoint, hamiltonian, leapfrog, newPoint, type PhasePoint } from './integrator.js';
import type { Metric } from './metric.js';
import type { LogDensityFn } from './types.js';

/**
 * One transition of the No-U-Turn Sampler with multinomial sampling of the trajectory
 * (Hoffman & Gelman 2014; Betancourt 2017, "A Conceptual Introduction to Hamiltonian Monte Carlo",
 * §A.4), the generalised U-turn criterion on p♯ = M⁻¹p with the extra checks across merged
 * subtrees that Stan adopted in 2.26, biased progressive sampling at the top level and uniform
 * progressive sampling inside subtrees.
 */
export interface NutsInfo {
  acceptProb: number;
  divergent: boolean;
  treeDepth: number;
  nLeapfrog: number;
  energy: number;
}

const DIVERGENCE_THRESHOLD = 1000;

/** The sampled point of a (sub)tree: position, its cached density and gradient, and its energy H. */
interface Proposal {
  q: Float64Array;
  grad: Float64Array;
  logp: number;
  energy: number;
}

function newProposal(dim: number): Proposal {
  return { q: new Float64Array(dim), grad: new Float64Array(dim), logp: Number.NaN, energy: Number.NaN };
}

function copyProposal(from: Proposal, to: Proposal): void {
  to.q.set(from.q);
  to.grad.set(from.grad);
  to.logp = from.logp;
  to.energy = from.energy;
}

interface SubtreeSummary {
  proposal: Proposal;
  rho: Float64Array;
  pSharpBegin: Float64Array;
  pSharpEnd: Float64Array;
  pBegin: Float64Array;
  pEnd: Float64Array;
  logSumWeight: number;
}

function newSummary(dim: number): SubtreeSummary {
  return {
    proposal: newProposal(dim),
    rho: new Float64Array(dim),
    pSharpBegin: new Float64Array(dim),
    pSharpEnd: new Float64Array(dim),
    pBegin: new Float64Array(dim),
    pEnd: new Float64Array(dim),
    logSumWeight: Number.NEGATIVE_INFINITY,
  };
}

function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** Reusable buffers for one chain's transitions (no allocation per leapfrog step). */
export class NutsKernel {
  private readonly dim: number;
  private readonly work: SubtreeSummary[];
  private readonly forward: PhasePoint;
  private readonly backward: PhasePoint;
  private readonly whole: SubtreeSummary;
  private readonly next: SubtreeSummary;
  private readonly pSharpMinus: Float64Array;
  private readonly pSharpPlus: Float64Array;
  private readonly pMinus: Float64Array;
  private readonly pPlus: Float64Array;
  private inverseMassDiag: Float64Array | undefined;
  private h0 = 0;
  private nLeapfrog = 0;
  /** Leapfrog steps (= log-density evaluations) over all transitions of this kernel. */
  leapfrogs = 0;
  private sumMetropolis = 0;
  private divergent = false;

  constructor(
    private readonly logDensity: LogDensityFn,
    dim: number,
    private readonly maxDepth = 10,
  ) {
    this.dim = dim;
    this.work = Array.from({ length: maxDepth + 1 }, () => newSummary(dim));
    this.forward = newPoint(dim);
    this.backward = newPoint(dim);
    this.whole = newSummary(dim);
    this.next = newSummary(dim);
    this.pSharpMinus = new Float64Array(dim);
    this.pSharpPlus = new Float64Array(dim);
    this.pMinus = new Float64Array(dim);
    this.pPlus = new Float64Array(dim);
  }

  /**
   * Advances `state` (position, log density and gradient already evaluated) by one transition,
   * in place. Returns the transition's diagnostics.
   */
  transition(state: PhasePoint, metric: Metric, stepSize: number, rng: RandomStream): NutsInfo {
    const dim = this.dim;
    metric.sampleMomentum(rng, state.p);
    metric.velocity(state.p, state.v);
    this.h0 = hamiltonian(metric, state);
    this.nLeapfrog = 0;
    this.sumMetropolis = 0;
    this.divergent = false;
    this.inverseMassDiag = metric.inverseMassDiag;

    copyPoint(state, this.forward);
    copyPoint(state, this.backward);
    const whole = this.whole;
    whole.proposal.q.set(state.q);
    whole.proposal.grad.set(state.grad);
    whole.proposal.logp = state.logp;
    whole.proposal.energy = this.h0;
    whole.rho.set(state.p);
    whole.logSumWeight = 0;
    // Trajectory ends in spatial order: backward end (−) and forward end (+).
    const pSharpMinus = this.pSharpMinus;
    const pSharpPlus = this.pSharpPlus;
    const pMinus = this.pMinus;
    const pPlus = this.pPlus;
    pSharpMinus.set(state.v);
    pSharpPlus.set(state.v);
    pMinus.set(state.p);
    pPlus.set(state.p);

    let depth = 0;
    while (depth < this.maxDepth) {
      const goForward = rng.uniform() > 0.5;
      const end = goForward ? this.forward : this.backward;
      const sub = this.next;
      const valid = this.buildTree(depth, end, goForward ? stepSize : -stepSize, metric, rng, sub);
      if (!valid) break;
      const leaf = depth === 0;
      depth++;

      // Biased progressive sampling: prefer the new subtree (Betancourt 2017 §A.3.2).
      if (sub.logSumWeight > whole.logSumWeight) {
        copyProposal(sub.proposal, whole.proposal);
      } else if (rng.uniform() < Math.exp(sub.logSumWeight - whole.logSumWeight)) {
        copyProposal(sub.proposal, whole.proposal);
      }
      whole.logSumWeight = logAddExp(whole.logSumWeight, sub.logSumWeight);

      // U-turn checks across the old tree and the new subtree, in spatial order (as Stan's
      // base_nuts::transition): ρ_old + p_begin(new), ρ_new + p_end(old) and the merged ρ, with
      // all six dot products and the end updates in one pass.
      const rho = whole.rho;
      // A one-leaf subtree keeps its p in ρ and its p♯ in pSharpBegin (see `leaf`).
      const sb = sub.pSharpBegin;
      const se = leaf ? sub.pSharpBegin : sub.pSharpEnd;
      const pb = leaf ? sub.rho : sub.pBegin;
      const pe = leaf ? sub.rho : sub.pEnd;
      const sr = sub.rho;
      let a1 = 0;
      let a2 = 0;
      let b1 = 0;
      let b2 = 0;
      let c1 = 0;
      let c2 = 0;
      if (goForward) {
        // [−, …, +old] then [begin … end] continuing forwards.
        for (let i = 0; i < dim; i++) {
          const e1 = rho[i] + pb[i];
          const e2 = sr[i] + pPlus[i];
          const r = rho[i] + sr[i];
          rho[i] = r;
          a1 += sb[i] * e1;
          a2 += pSharpMinus[i] * e1;
          b1 += se[i] * e2;
          b2 += pSharpPlus[i] * e2;
          c1 += se[i] * r;
          c2 += pSharpMinus[i] * r;
          pSharpPlus[i] = se[i];
          pPlus[i] = pe[i];
        }
      } else {
        // [end … begin] then [−old, …, +].
        for (let i = 0; i < dim; i++) {
          const e1 = rho[i] + pb[i];
          const e2 = sr[i] + pMinus[i];
          const r = rho[i] + sr[i];
          rho[i] = r;
          a1 += pSharpPlus[i] * e1;
          a2 += sb[i] * e1;
          b1 += pSharpMinus[i] * e2;
          b2 += se[i] * e2;
          c1 += pSharpPlus[i] * r;
          c2 += se[i] * r;
          pSharpMinus[i] = se[i];
          pMinus[i] = pe[i];
        }
      }
      if (!(a1 > 0 && a2 > 0 && b1 > 0 && b2 > 0 && c1 > 0 && c2 > 0)) break;
    }

    this.leapfrogs += this.nLeapfrog;
    // The momentum is resampled at the next transition, so only position, density and gradient carry over.
    state.q.set(whole.proposal.q);
    state.grad.set(whole.proposal.grad);
    state.logp = whole.proposal.logp;
    return {
      acceptProb: this.nLeapfrog > 0 ? this.sumMetropolis / this.nLeapfrog : 0,
      divergent: this.divergent,
      treeDepth: depth,
      nLeapfrog: this.nLeapfrog,
      energy: whole.proposal.energy,
    };
  }

  /**
   * One leapfrog step of `z` (in place) that also writes the leaf's ρ, p and p♯ into `out`; returns the
   * new energy H (+∞ if not finite). With a diagonal metric the half steps, the drift, the velocity and
   * the kinetic energy take two fused passes instead of seven; the arithmetic is the same as `leapfrog`
   * followed by `hamiltonian`, operation for operation, so both paths give identical trajectories.
   */
  private leaf(z: PhasePoint, eps: number, metric: Metric, out: SubtreeSummary): number {
    const dim = this.dim;
    const { q, p, grad, v } = z;
    const { rho, pSharpBegin } = out;
    let h: number;
    const minv = this.inverseMassDiag;
    if (minv !== undefined) {
      const half = 0.5 * eps;
      for (let i = 0; i < dim; i++) {
        const pi = p[i] + half * grad[i];
        p[i] = pi;
        q[i] += eps * (minv[i] * pi);
      }
      z.logp = this.logDensity(q, grad);
      let k = 0;
      for (let i = 0; i < dim; i++) {
        const pi = p[i] + half * grad[i];
        const vi = minv[i] * pi;
        p[i] = pi;
        v[i] = vi;
        k += vi * pi;
        rho[i] = pi;
        pSharpBegin[i] = vi;
      }
      h = -z.logp + 0.5 * k;
    } else {
      leapfrog(this.logDensity, metric, z, eps);
      // K = ½ pᵀM⁻¹p = ½ p·v with v = M⁻¹p already computed by the step: saves a dense d² product.
      let k = 0;
      for (let i = 0; i < dim; i++) k += p[i] * v[i];
      h = -z.logp + 0.5 * k;
      rho.set(p);
      pSharpBegin.set(v);
    }
    return Number.isNaN(h) ? Number.POSITIVE_INFINITY : h;
  }

  /**
   * Builds a subtree of 2^depth leapfrog steps from `end` (advanced in place) and summarises it in
   * `out`. Returns false on divergence or on a U-turn inside the subtree.
   */
  private buildTree(
    depth: number,
    end: PhasePoint,
    eps: number,
    metric: Metric,
    rng: RandomStream,
    out: SubtreeSummary,
  ): boolean {
    if (depth === 0) {
      const h = this.leaf(end, eps, metric, out);
      this.nLeapfrog++;
      if (h - this.h0 > DIVERGENCE_THRESHOLD) {
        this.divergent = true;
        return false;
      }
      const logWeight = this.h0 - h;
      this.sumMetropolis += logWeight > 0 ? 1 : Math.exp(logWeight);
      out.proposal.q.set(end.q);
      out.proposal.grad.set(end.grad);
      out.proposal.logp = end.logp;
      out.proposal.energy = h;
      out.logSumWeight = logWeight;
      return true;
    }
    // First half straight into `out`, second half into this depth's work buffers.
    if (!this.buildTree(depth - 1, end, eps, metric, rng, out)) return false;
    const right = this.work[depth];
    if (!this.buildTree(depth - 1, end, eps, metric, rng, right)) return false;

    const total = logAddExp(out.logSumWeight, right.logSumWeight);
    // Uniform progressive sampling within a subtree.
    if (rng.uniform() < Math.exp(right.logSumWeight - total)) copyProposal(right.proposal, out.proposal);
    out.logSumWeight = total;

    // U-turn across the merged subtree and the two extra checks across its halves (build order),
    // all dot products in one pass: ρ_L + p_begin(R), ρ_R + p_end(L), and the merged ρ = ρ_L + ρ_R.
    // A leaf stores only ρ (= its p) and p♯ in pSharpBegin (see `leaf`), so its begin and end values
    // are read from there.
    const leaves = depth === 1;
    const lb = out.pSharpBegin;
    const le = leaves ? out.pSharpBegin : out.pSharpEnd;
    const rb = right.pSharpBegin;
    const re = leaves ? right.pSharpBegin : right.pSharpEnd;
    const rBegin = leaves ? right.rho : right.pBegin;
    const rEnd = leaves ? right.rho : right.pEnd;
    const lRho = out.rho;
    const rRho = right.rho;
    const lBegin = out.pBegin;
    const lEnd = out.pEnd;
    const lSharpEnd = out.pSharpEnd;
    let a1 = 0;
    let a2 = 0;
    let b1 = 0;
    let b2 = 0;
    let c1 = 0;
    let c2 = 0;
    const dim = this.dim;
    for (let i = 0; i < dim; i++) {
      const rl = lRho[i];
      const e1 = rl + rBegin[i];
      const e2 = rRho[i] + (leaves ? rl : lEnd[i]);
      const r = rl + rRho[i];
      const sle = le[i];
      const sre = re[i];
      a1 += lb[i] * e1;
      a2 += rb[i] * e1;
      b1 += sle * e2;
      b2 += sre * e2;
      c1 += lb[i] * r;
      c2 += sre * r;
      // The merged subtree's ends: begin = the left half's, end = the right half's.
      if (leaves) lBegin[i] = rl;
      lRho[i] = r;
      lEnd[i] = rEnd[i];
      lSharpEnd[i] = sre;
    }
    const ok = a1 > 0 && a2 > 0 && b1 > 0 && b2 > 0 && c1 > 0 && c2 > 0;
    return ok;
  }
}
