/** Append-only typed-array buffers for samplers (amortised doubling; no per-row objects). */
export class GrowableF64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }
  /** Ensures room for `n` values in total. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < n) cap *= 2;
    const d = new Float64Array(cap);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }
  /** Appends src[idx[k]] for k < count. */
  appendGather(src: Float64Array, idx: Int32Array, count: number): void {
    this.reserve(this.length + count);
    const d = this.data;
    let j = this.length;
    for (let k = 0; k < count; k++) d[j++] = src[idx[k]];
    this.length = j;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableU8 {
  data = new Uint8Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }
  reserve(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < n) cap *= 2;
    const d = new Uint8Array(cap);
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }
  appendGather(src: Uint8Array, idx: Int32Array, count: number): void {
    this.reserve(this.length + count);
    const d = this.data;
    let j = this.length;
    for (let k = 0; k < count; k++) d[j++] = src[idx[k]];
    this.length = j;
  }
  toArray(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}
