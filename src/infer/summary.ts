import { essBulk, essTail, quantile, rhat } from './diagnostics.js';
import type { SampleResult } from './sampler.js';

export interface ParameterSummary {
  param: string;
  mean: number;
  sd: number;
  q2_5: number;
  q50: number;
  q97_5: number;
  rhat: number;
  essBulk: number;
  essTail: number;
}

/** Per-parameter chains (draws of parameter j from every chain), optionally mapped to constrained space. */
export function parameterChains(result: SampleResult, j: number, map?: (x: number) => number): Float64Array[] {
  return result.chains.map((c) => {
    const out = new Float64Array(result.draws);
    for (let i = 0; i < result.draws; i++) {
      const x = c.draws[i * result.dim + j];
      out[i] = map ? map(x) : x;
    }
    return out;
  });
}

export function summarise(chains: Float64Array[], param: string): ParameterSummary {
  const all = Float64Array.from(chains.flatMap((c) => Array.from(c)));
  let mean = 0;
  for (const x of all) mean += x;
  mean /= all.length;
  let v = 0;
  for (const x of all) v += (x - mean) ** 2;
  return {
    param,
    mean,
    sd: Math.sqrt(v / (all.length - 1)),
    q2_5: quantile(all, 0.025),
    q50: quantile(all, 0.5),
    q97_5: quantile(all, 0.975),
    rhat: rhat(chains),
    essBulk: essBulk(chains),
    essTail: essTail(chains),
  };
}
