/**
 * compile(): traces a model function once, runs the pass pipeline, and returns value and
 * value-and-gradient functions over a flat parameter vector, with the signature NUTS expects:
 * `valueAndGrad(theta, gradOut) → value`.
 */
import { UserError } from '../errors.js';
import { codegen, type Program } from './codegen.js';
import { appendGradientForward } from './forward.js';
import { appendGradient } from './grad.js';
import { Builder, type Graph, type Node, printGraph, type Shape, sizeOf } from './graph.js';
import { interpret } from './interpret.js';
import { ALL_OPS, opInfo } from './ops.js';
import { cse, dce, foldConstants, fuseExponentials, hoist, simplify } from './passes.js';
import { loopShape, printSchedule, role, schedule } from './schedule.js';
import { Tensor } from './tensor.js';

/** A parameter: 'scalar', or the shape of a vector/matrix of parameters. */
export type ParamSpec = 'scalar' | readonly number[];
/** Data: a 1-D typed array (bound now), { shape, values } (bound now), or a shape (bound later with `bind`). */
export type DataSpec =
  | readonly number[]
  | ArrayLike<number>
  | { readonly shape: Shape; readonly values: ArrayLike<number> };

export interface CompileSpec<PS extends Record<string, ParamSpec>, DS extends Record<string, DataSpec>> {
  readonly params: PS;
  readonly data?: DS;
  /**
   * How the gradient is built: 'reverse' (one backward sweep, any number of parameters) or
   * 'forward' (one tangent per parameter carried through the forward loops; scalar parameters
   * only; wins when a large data table would otherwise be read twice). Default 'reverse'.
   */
  readonly mode?: 'reverse' | 'forward';
}

export interface ParamSlot {
  readonly name: string;
  readonly offset: number;
  readonly shape: Shape;
  readonly size: number;
}

interface PassContext {
  readonly wrt: readonly Node[];
  readonly mode: 'reverse' | 'forward';
}
type GraphPass = (g: Graph, ctx: PassContext) => Graph;
/** The pass pipeline, in order. `grad` appends ∂value/∂params as extra outputs. */
export const PIPELINE: readonly (readonly [string, GraphPass])[] = [
  ['foldConstants', foldConstants],
  ['simplify', simplify],
  ['fuseExponentials', fuseExponentials],
  ['grad', (g, { wrt, mode }) => (mode === 'forward' ? appendGradientForward(g, wrt) : appendGradient(g, wrt))],
  ['foldConstants', foldConstants],
  ['simplify', simplify],
  ['cse', cse],
  ['dce', dce],
];

export interface Stats {
  readonly nodesTraced: number;
  readonly nodesPerCall: number;
  readonly nodesHoisted: number;
  /** Element operations (one op on one element, or one accumulation) executed per call. */
  readonly elementOpsPerCall: number;
  /** The same, had nothing been hoisted. */
  readonly elementOpsWithoutHoisting: number;
  /** Element operations run once per data binding instead. */
  readonly elementOpsHoisted: number;
  readonly compileMs: number;
}

/** Element operations a graph's nodes execute (broadcasts and leaves are free). */
export function elementOps(g: Graph): number {
  let total = 0;
  for (const n of g.nodes) if (role(n) !== 'leaf' && n.op !== 'broadcast') total += sizeOf(loopShape(n));
  return total;
}

interface Lowered {
  readonly stages: { readonly name: string; readonly ir: string }[];
  readonly full: Graph;
  readonly perCall: Graph;
  readonly invariant: Graph;
  readonly schedule: string;
  readonly program: Program;
  readonly gradOffsets: readonly number[] | null;
}

function lower(traced: Graph, withGrad: boolean, mode: 'reverse' | 'forward' = 'reverse'): Lowered {
  const stages = [{ name: 'traced', ir: printGraph(traced) }];
  let g = traced;
  const wrt = traced.nodes.filter((n) => n.op === 'param');
  for (const [name, pass] of PIPELINE) {
    if (name === 'grad' && !withGrad) continue;
    g = pass(g, { wrt, mode });
    stages.push({ name, ir: printGraph(g) });
  }
  if (!withGrad) g = dce(g);
  const { perCall, invariant } = hoist(g);
  stages.push(
    { name: 'hoist (per call)', ir: printGraph(perCall) },
    { name: 'hoist (once per data)', ir: printGraph(invariant) },
  );
  const sched = schedule(perCall);
  const params = traced.nodes.filter((n) => n.op === 'param');
  const gradOffsets = withGrad ? params.map((p) => p.attr.offset ?? 0) : null;
  const program = codegen(perCall, sched, gradOffsets);
  return { stages, full: g, perCall, invariant, schedule: printSchedule(sched), program, gradOffsets };
}

export interface Bound {
  /** Value and gradient in one call; writes ∂value/∂theta into grad and returns the value. */
  readonly valueAndGrad: (theta: Float64Array, grad: Float64Array) => number;
  readonly value: (theta: Float64Array) => number;
  /** The same graph run one op at a time by the interpreter (oracle and benchmark baseline). */
  readonly eager: {
    readonly valueAndGrad: (theta: Float64Array, grad: Float64Array) => number;
    readonly value: (theta: Float64Array) => number;
  };
  /** Runs valueAndGrad once with an instrumented copy of the code; returns element ops executed, by op. */
  readonly countOps: (theta: Float64Array) => Record<string, number>;
}

export interface Compiled extends Bound {
  readonly params: readonly ParamSlot[];
  /** Length of the flat parameter vector. */
  readonly dim: number;
  readonly stats: Stats;
  /** IR after each pass, the loop schedule and the generated source. */
  readonly ir: { readonly stages: Lowered['stages']; readonly schedule: string; readonly source: string };
  /** The same compiled code with (new) data arrays; hoisted values are recomputed for them. */
  bind(data: Record<string, DataSpec>): Compiled;
}

const isValues = (d: DataSpec): d is ArrayLike<number> => ArrayBuffer.isView(d);

function dataShape(d: DataSpec): Shape {
  if (isValues(d)) return [d.length];
  if (Array.isArray(d)) return d as readonly number[];
  return (d as { readonly shape: Shape }).shape;
}

function trace<PS extends Record<string, ParamSpec>, DS extends Record<string, DataSpec>>(
  fn: (p: { [K in keyof PS]: Tensor }, d: { [K in keyof DS]: Tensor }) => Tensor,
  spec: CompileSpec<PS, DS>,
): { graph: Graph; slots: ParamSlot[]; dataShapes: Map<string, Shape> } {
  const b = new Builder();
  const slots: ParamSlot[] = [];
  const p: Record<string, Tensor> = {};
  let offset = 0;
  for (const [name, ps] of Object.entries(spec.params)) {
    const shape = ps === 'scalar' ? [] : ps;
    slots.push({ name, offset, shape, size: sizeOf(shape) });
    p[name] = new Tensor(b, b.node('param', [], { name, offset, shape }));
    offset += sizeOf(shape);
  }
  const d: Record<string, Tensor> = {};
  const dataShapes = new Map<string, Shape>();
  for (const [name, ds] of Object.entries(spec.data ?? {})) {
    const shape = dataShape(ds);
    dataShapes.set(name, shape);
    d[name] = new Tensor(b, b.node('data', [], { name, shape }));
  }
  const out = fn(p as { [K in keyof PS]: Tensor }, d as { [K in keyof DS]: Tensor });
  return { graph: b.graph([out.node]), slots, dataShapes };
}

/**
 * Traces `fn` and compiles it. Example:
 * ```ts
 * const f = compile((p, d) => d.y.sub(d.x.mul(p.a)).square().sum(), { params: { a: 'scalar' }, data: { x, y } });
 * const grad = new Float64Array(f.dim);
 * const loss = f.valueAndGrad(Float64Array.of(0.5), grad);
 * ```
 */
export function compile<
  PS extends Record<string, ParamSpec>,
  DS extends Record<string, DataSpec> = Record<string, never>,
>(fn: (p: { [K in keyof PS]: Tensor }, d: { [K in keyof DS]: Tensor }) => Tensor, spec: CompileSpec<PS, DS>): Compiled {
  const t0 = performance.now();
  const { graph, slots, dataShapes } = trace(fn, spec);
  const vg = lower(graph, true, spec.mode);
  const v = lower(graph, false);
  const compileMs = performance.now() - t0;
  const dim = slots.reduce((a, s) => a + s.size, 0);
  const stats: Stats = {
    nodesTraced: graph.nodes.length,
    nodesPerCall: vg.perCall.nodes.length,
    nodesHoisted: vg.invariant.outputs.length,
    elementOpsPerCall: elementOps(vg.perCall),
    elementOpsWithoutHoisting: elementOps(vg.full),
    elementOpsHoisted: elementOps(vg.invariant),
    compileMs,
  };

  const make = (data: Map<string, ArrayLike<number>>): Compiled => {
    const leaf = (theta: Float64Array) => (n: Node) =>
      n.op === 'param'
        ? theta.subarray(n.attr.offset ?? 0, (n.attr.offset ?? 0) + sizeOf(n.shape))
        : data.get(n.attr.name ?? '')!;
    const instantiate = (lw: Lowered, counter?: Float64Array) => {
      const hoisted = interpret(lw.invariant, leaf(new Float64Array(0)));
      const arrays = lw.program.dataNames.map((name) =>
        name.startsWith('$h') ? hoisted[Number(name.slice(2))] : data.get(name)!,
      );
      return lw.program.instantiate(arrays, counter);
    };
    const check = (theta: Float64Array) => {
      if (theta.length !== dim)
        throw new UserError(`jit: parameter vector has length ${theta.length}; expected ${dim}`);
    };
    const missing = [...dataShapes.keys()].filter((name) => !data.has(name));
    const unbound = () => {
      throw new UserError(
        `jit: data ${missing.map((m) => `'${m}'`).join(', ')} not bound yet; call bind({ ${missing.join(', ')} }) first`,
      );
    };
    const vgFn = missing.length ? unbound : instantiate(vg);
    const vFn = missing.length ? unbound : instantiate(v);
    const none = new Float64Array(0);
    const eagerVG = (theta: Float64Array, grad: Float64Array) => {
      const outs = interpret(vg.full, leaf(theta));
      slots.forEach((s, k) => {
        grad.set(outs[k + 1].subarray(0, s.size), s.offset);
      });
      return outs[0][0];
    };
    return {
      params: slots,
      dim,
      stats,
      ir: { stages: vg.stages, schedule: vg.schedule, source: vg.program.source },
      valueAndGrad: (theta, grad) => {
        check(theta);
        return vgFn(theta, grad);
      },
      value: (theta) => {
        check(theta);
        return vFn(theta, none);
      },
      eager: { valueAndGrad: eagerVG, value: (theta) => interpret(v.full, leaf(theta))[0][0] },
      countOps: (theta) => {
        if (missing.length) unbound();
        const counter = new Float64Array(ALL_OPS.length);
        instantiate({ ...vg, program: codegen(vg.perCall, schedule(vg.perCall), vg.gradOffsets, true) }, counter)(
          theta,
          new Float64Array(dim),
        );
        const out: Record<string, number> = {};
        ALL_OPS.forEach((op, k) => {
          if (counter[k] > 0 && opInfo(op).kind !== 'leaf') out[op] = counter[k];
        });
        return out;
      },
      bind: (more) => make(bindData(dataShapes, more, data)),
    };
  };
  return make(bindData(dataShapes, spec.data ?? {}, new Map()));
}

/** Checks data arrays against the declared shapes; unbound data stays absent until `bind`. */
function bindData(shapes: Map<string, Shape>, given: Record<string, DataSpec>, prev: Map<string, ArrayLike<number>>) {
  const out = new Map(prev);
  for (const [name, d] of Object.entries(given)) {
    const shape = shapes.get(name);
    if (!shape) throw new UserError(`jit: unknown data '${name}'; the model declares ${[...shapes.keys()].join(', ')}`);
    const values = isValues(d) ? d : Array.isArray(d) ? undefined : (d as { values: ArrayLike<number> }).values;
    if (!values) continue;
    if (values.length !== sizeOf(shape)) {
      throw new UserError(
        `jit: data '${name}' has ${values.length} values; the model declares shape [${shape.join(',')}]`,
      );
    }
    out.set(name, values);
  }
  return out;
}
