/**
 * A log density and its gradient: returns log p(θ) (up to a constant) and writes ∂/∂θ into `grad`.
 * This is the only thing the sampler knows about a model; `jit`'s compiled `valueAndGrad` has this shape.
 */
export type LogDensityFn = (theta: Float64Array, grad: Float64Array) => number;
