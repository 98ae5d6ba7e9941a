/** Append-only typed-array buffers (capacity doubling), so rows are stored columnar without per-row objects. */

export class GrowableF64 {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
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
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
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
