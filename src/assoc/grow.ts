/** Append-only typed-array buffers (capacity doubling), so rows are stored columnar without per-row objects. */

export class GrowableF64 {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  /** Makes room for `n` elements in all (one allocation, no doubling steps). */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const d = new Float64Array(n);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(Math.max(16, this.data.length * 2));
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  /**
   * The filled part: a view when the buffer is at least half full (always, after a doubling), so the
   * millions of output rows are not copied into fresh memory again; else a trimmed copy.
   */
  toArray(): Float64Array {
    return 2 * this.length >= this.data.length ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}

export class GrowableI32 {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  /** Makes room for `n` elements in all (one allocation, no doubling steps). */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const d = new Int32Array(n);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(Math.max(16, this.data.length * 2));
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  /** As GrowableF64.toArray. */
  toArray(): Int32Array {
    return 2 * this.length >= this.data.length ? this.data.subarray(0, this.length) : this.data.slice(0, this.length);
  }
}
