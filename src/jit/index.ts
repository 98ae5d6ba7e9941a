// The differentiable compiler: trace → passes → reverse mode → fused JavaScript (docs/jit.md).

export type { Bound, Compiled, CompileSpec, DataSpec, ParamSlot, ParamSpec, Stats } from './compile.js';
export { compile, elementOps, PIPELINE } from './compile.js';
export type { Graph as JitGraph, Node as JitNode, Shape as JitShape } from './graph.js';
export { printGraph } from './graph.js';
export type { TensorLike } from './tensor.js';
export { interp, J, Tensor, where } from './tensor.js';
