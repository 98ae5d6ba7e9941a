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

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function noUTurn(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  return dot(pSharpPlus, rho) > 0 && dot(pSharpMinus, rho) > 0;
}

function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Reusable buffers for one chain's transitions (no allocation per leapfrog step). */
export class NutsKernel {
  private readonly dim: number;
  private readonly work: SubtreeSummary[];
  private readonly forward: PhasePoint;
  private readonly backward: PhasePoint;
  private readonly whole: SubtreeSummary;
  private readonly next: SubtreeSummary;
  private readonly rhoExtended: Float64Array;
  private h0 = 0;
  private nLeapfrog = 0;
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
    this.rhoExtended = new Float64Array(dim);
  }

  /**
   * Advances `state` (position, log density and gradient already evaluated) by one transition,
   * in place. Returns the transition's diagnostics.
   */
  transition(state: PhasePoint, metric: Metric, stepSize: number, rng: RandomStream): NutsInfo {
    metric.sampleMomentum(rng, state.p);
    metric.velocity(state.p, state.v);
    this.h0 = hamiltonian(metric, state);
    this.nLeapfrog = 0;
    this.sumMetropolis = 0;
    this.divergent = false;

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
    const pSharpMinus = new Float64Array(state.v);
    const pSharpPlus = new Float64Array(state.v);
    const pMinus = new Float64Array(state.p);
    const pPlus = new Float64Array(state.p);

    let depth = 0;
    while (depth < this.maxDepth) {
      const goForward = rng.uniform() > 0.5;
      const end = goForward ? this.forward : this.backward;
      const sub = this.next;
      const valid = this.buildTree(depth, end, goForward ? stepSize : -stepSize, metric, rng, sub);
      if (!valid) break;
      depth++;

      // Biased progressive sampling: prefer the new subtree (Betancourt 2017 §A.3.2).
      if (sub.logSumWeight > whole.logSumWeight) {
        copyProposal(sub.proposal, whole.proposal);
      } else if (rng.uniform() < Math.exp(sub.logSumWeight - whole.logSumWeight)) {
        copyProposal(sub.proposal, whole.proposal);
      }
      whole.logSumWeight = logAddExp(whole.logSumWeight, sub.logSumWeight);

      // Spatial order of the two halves: the old tree and the new subtree.
      const ext = this.rhoExtended;
      let ok: boolean;
      if (goForward) {
        // old = [−, …, +old], new = [begin … end] continuing forwards.
        for (let i = 0; i < this.dim; i++) ext[i] = whole.rho[i] + sub.pBegin[i];
        ok = noUTurn(pSharpMinus, sub.pSharpBegin, ext);
        for (let i = 0; i < this.dim; i++) ext[i] = sub.rho[i] + pPlus[i];
        ok = ok && noUTurn(pSharpPlus, sub.pSharpEnd, ext);
        pSharpPlus.set(sub.pSharpEnd);
        pPlus.set(sub.pEnd);
      } else {
        for (let i = 0; i < this.dim; i++) ext[i] = whole.rho[i] + sub.pBegin[i];
        ok = noUTurn(sub.pSharpBegin, pSharpPlus, ext);
        for (let i = 0; i < this.dim; i++) ext[i] = sub.rho[i] + pMinus[i];
        ok = ok && noUTurn(sub.pSharpEnd, pSharpMinus, ext);
        pSharpMinus.set(sub.pSharpEnd);
        pMinus.set(sub.pEnd);
      }
      for (let i = 0; i < this.dim; i++) whole.rho[i] += sub.rho[i];
      ok = ok && noUTurn(pSharpMinus, pSharpPlus, whole.rho);
      if (!ok) break;
    }

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
      leapfrog(this.logDensity, metric, end, eps);
      this.nLeapfrog++;
      let h = hamiltonian(metric, end);
      if (Number.isNaN(h)) h = Number.POSITIVE_INFINITY;
      if (h - this.h0 > DIVERGENCE_THRESHOLD) {
        this.divergent = true;
        this.sumMetropolis += 0;
        return false;
      }
      const logWeight = this.h0 - h;
      this.sumMetropolis += logWeight > 0 ? 1 : Math.exp(logWeight);
      out.proposal.q.set(end.q);
      out.proposal.grad.set(end.grad);
      out.proposal.logp = end.logp;
      out.proposal.energy = h;
      out.logSumWeight = logWeight;
      out.rho.set(end.p);
      out.pSharpBegin.set(end.v);
      out.pSharpEnd.set(end.v);
      out.pBegin.set(end.p);
      out.pEnd.set(end.p);
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
    const lb = out.pSharpBegin;
    const le = out.pSharpEnd;
    const rb = right.pSharpBegin;
    const re = right.pSharpEnd;
    let a1 = 0;
    let a2 = 0;
    let b1 = 0;
    let b2 = 0;
    let c1 = 0;
    let c2 = 0;
    for (let i = 0; i < this.dim; i++) {
      const e1 = out.rho[i] + right.pBegin[i];
      const e2 = right.rho[i] + out.pEnd[i];
      const r = out.rho[i] + right.rho[i];
      out.rho[i] = r;
      a1 += lb[i] * e1;
      a2 += rb[i] * e1;
      b1 += le[i] * e2;
      b2 += re[i] * e2;
      c1 += lb[i] * r;
      c2 += re[i] * r;
    }
    const ok = a1 > 0 && a2 > 0 && b1 > 0 && b2 > 0 && c1 > 0 && c2 > 0;
    out.pSharpEnd.set(right.pSharpEnd);
    out.pEnd.set(right.pEnd);
    return ok;
  }
}
