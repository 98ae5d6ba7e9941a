/**
 * Assembles the traced counts model for a set of bands and bins: forward-model precomputation
 * (galaxy model, flux tables, AGN counts), then trace + compile of Σ_bands expected counts into a
 * user-supplied reduction (e.g. a log likelihood).
 */

import { UserError } from '../../errors.js';
import { type Compiled, compile, type Tensor } from '../../jit/index.js';
import { type Band, isRadioBand } from '../bands.js';
import { buildGalaxyModel } from '../galaxy-model.js';
import type { Params } from '../params.js';
import { agnPerSrInBins } from './agn-bins.js';
import {
  type BandBins,
  expectedPerSr,
  TRACED_PARAMS,
  type TracedParamTensors,
  tracedCountsData,
} from './counts-model.js';
import { buildFluxTables } from './flux-tables.js';

export interface TracedCounts {
  readonly bins: readonly BandBins[];
  readonly data: ReturnType<typeof tracedCountsData>['data'];
  /** Compiles `reduce(expected per sr per bin of each band, data)` with the traced parameters in TRACED_PARAMS order. */
  compileWith(
    reduce: (expectedPerSr: Tensor[], d: Record<string, Tensor>) => Tensor,
    extraData?: Record<string, Float64Array>,
  ): Compiled;
}

/** Precomputes the data of the traced model at reference parameters `ref` (every fixed parameter at its value). */
export function buildTracedCounts(
  ref: Params,
  bands: readonly { band: Band; loMJy: Float64Array; hiMJy: Float64Array }[],
): TracedCounts {
  for (const b of bands)
    if (isRadioBand(b.band))
      throw new UserError(
        `band ${b.band}: the traced counts model covers dust bands only (> 30 GHz); remove the radio band`,
      );
  const unique = [...new Set(bands.map((b) => b.band))];
  const model = buildGalaxyModel(ref, unique);
  const tables = buildFluxTables(model, ref, unique);
  const bins: BandBins[] = bands.map((b) => ({
    band: b.band,
    loMJy: b.loMJy,
    hiMJy: b.hiMJy,
    fixedPerSr: agnPerSrInBins(ref, b.band, b.loMJy, b.hiMJy),
  }));
  const { data, thick } = tracedCountsData(tables, ref, bins);
  const params = Object.fromEntries(TRACED_PARAMS.map((n) => [n, 'scalar' as const]));
  return {
    bins,
    data,
    compileWith: (reduce, extraData = {}) =>
      compile(
        (p, d) =>
          reduce(
            bins.map((_, i) =>
              expectedPerSr(p as unknown as TracedParamTensors, d as Record<string, Tensor>, i, thick),
            ),
            d as Record<string, Tensor>,
          ),
        { params, data: { ...data, ...extraData } },
      ),
  };
}
