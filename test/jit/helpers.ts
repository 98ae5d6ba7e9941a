// Shared checks for the jit tests: finite-difference gradients and relative comparison.
import assert from 'node:assert/strict';

/**
 * ∂f/∂θ_k by the fourth-order central difference
 * [8(f(θ+h) − f(θ−h)) − (f(θ+2h) − f(θ−2h))] / 12h, whose truncation error is O(h⁴).
 */
export function finiteDifference(f: (theta: Float64Array) => number, theta: Float64Array, k: number): number {
  const h = 2e-4 * Math.max(1, Math.abs(theta[k]));
  const at = (dx: number) => {
    const t = Float64Array.from(theta);
    t[k] += dx;
    return f(t);
  };
  return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
}

/** |a − b| relative to the larger magnitude, with `floor` as the smallest scale that counts. */
export function relErr(a: number, b: number, floor = 1e-3): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const e = relErr(actual[i], expected[i], 1e-300);
    assert.ok(e <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (rel. err. ${e.toExponential(2)} > ${tol})`);
  }
}
