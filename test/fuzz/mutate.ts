/**
 * Mutation operators for the reader fuzzer. Every mutation is drawn from a `RandomStream` keyed by
 * (seed, target, input index), so any input a campaign reports is reproduced from those three numbers.
 */
import type { RandomStream } from '../../src/random/stream.js';

export type Mutation = (b: Uint8Array, rng: RandomStream) => Uint8Array;

function int(rng: RandomStream, n: number): number {
  return Math.floor(rng.uniform() * n);
}

function pick<T>(rng: RandomStream, xs: readonly T[]): T {
  return xs[int(rng, xs.length)];
}

function splice(b: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  remove = Math.min(remove, b.length - at);
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at), 0);
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

const ascii = (s: string) => Buffer.from(s, 'latin1');

/** Numbers that break counts and sizes: huge, negative, non-integer, beyond 2^31/2^53/2^63. */
const HUGE = [
  '1000000000000',
  '99999999999999999999',
  '-1',
  '0',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '1e12',
  '3.5',
  'NaN',
  '18446744073709551616',
];

export const flipBits: Mutation = (b, rng) => {
  const out = Uint8Array.from(b);
  const n = 1 + int(rng, 8);
  for (let i = 0; i < n && out.length > 0; i++) out[int(rng, out.length)] ^= 1 << int(rng, 8);
  return out;
};

export const randomBytes: Mutation = (b, rng) => {
  const out = Uint8Array.from(b);
  const n = 1 + int(rng, 4);
  for (let i = 0; i < n && out.length > 0; i++) out[int(rng, out.length)] = int(rng, 256);
  return out;
};

export const truncate: Mutation = (b, rng) => b.subarray(0, int(rng, b.length + 1));

export const insertRandom: Mutation = (b, rng) => {
  const len = 1 + int(rng, 16);
  const ins = new Uint8Array(len);
  for (let i = 0; i < len; i++) ins[i] = int(rng, 256);
  return splice(b, int(rng, b.length + 1), 0, ins);
};

/** Duplicates a chunk of `unit` bytes aligned on `unit` (an 80-byte FITS card, a 2880-byte block). */
export function duplicateAligned(unit: number): Mutation {
  return (b, rng) => {
    const n = Math.floor(b.length / unit);
    if (n === 0) return b;
    const from = int(rng, n) * unit;
    const to = int(rng, n + 1) * unit;
    return splice(b, to, 0, b.slice(from, from + unit));
  };
}

/** Removes an aligned chunk of `unit` bytes. */
export function deleteAligned(unit: number): Mutation {
  return (b, rng) => {
    const n = Math.floor(b.length / unit);
    if (n === 0) return b;
    return splice(b, int(rng, n) * unit, unit, new Uint8Array(0));
  };
}

/** FITS: replaces the value of a size-bearing keyword with a hostile number (keeps the 80-byte card). */
export const fitsHugeValue: Mutation = (b, rng) => {
  const out = Uint8Array.from(b);
  const keys = [
    'NAXIS2',
    'NAXIS1',
    'TFIELDS',
    'NAXIS',
    'PCOUNT',
    'GCOUNT',
    'BITPIX',
    'THEAP',
    'TNULL',
    'TDIM',
    'TFORM',
  ];
  const wanted = pick(rng, keys);
  const hits: number[] = [];
  for (let i = 0; i + 80 <= out.length; i += 80) {
    const key = Buffer.from(out.subarray(i, i + 8)).toString('latin1');
    if (key.startsWith(wanted)) hits.push(i);
  }
  if (hits.length === 0) return out;
  const at = pick(rng, hits);
  const key = Buffer.from(out.subarray(at, at + 8)).toString('latin1');
  const h = pick(rng, HUGE);
  let value: string;
  if (key.startsWith('TFORM'))
    value = `'${pick(rng, [`${h}D`, `${h}A`, `${h}X`, `${h}E`, `${h}K`, `${h}L`, `${h}Q`, 'D'.repeat(40)])}'`;
  else if (key.startsWith('TDIM')) value = `'(${h},${pick(rng, HUGE)})'`;
  else value = h;
  out.set(ascii(`${key}= ${value.padStart(20)}`.padEnd(80).slice(0, 80)), at);
  return out;
};

/** Text formats: a hostile token (huge number, long string, quote, delimiter, NUL) at a random place. */
export const textHugeToken: Mutation = (b, rng) => {
  const tokens = [
    ...HUGE,
    '"',
    '""',
    ',',
    '\n',
    '\r\n',
    '\t',
    '\0',
    '1e999',
    '-1e999',
    'x'.repeat(1 + int(rng, 5000)),
    '9'.repeat(400),
    '"a,b\nc"',
    '{',
    '}',
    '[',
    ']',
    'null',
    'true',
    '"band"',
    ':',
  ];
  return splice(b, int(rng, b.length + 1), int(rng, 3), ascii(pick(rng, tokens)));
};

/** Text formats: duplicates a line (a CSV row or header; a JSON line). */
export const duplicateLine: Mutation = (b, rng) => {
  const starts = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 10) starts.push(i + 1);
  const k = int(rng, starts.length);
  const end = k + 1 < starts.length ? starts[k + 1] : b.length;
  const line = b.slice(starts[k], end);
  return splice(b, pick(rng, starts), 0, line);
};

/** Text formats: duplicates or deletes a comma-separated field within a line. */
export const duplicateField: Mutation = (b, rng) => {
  const commas: number[] = [];
  for (let i = 0; i < b.length; i++) if (b[i] === 44) commas.push(i);
  if (commas.length < 2) return b;
  const i = int(rng, commas.length - 1);
  const field = b.slice(commas[i], commas[i + 1]);
  return rng.uniform() < 0.5 ? splice(b, commas[i], 0, field) : splice(b, commas[i], field.length, new Uint8Array(0));
};

/** Applies 1–3 mutations drawn from `ops`. */
export function mutate(seedInput: Uint8Array, ops: readonly Mutation[], rng: RandomStream): Uint8Array {
  let b = seedInput;
  const n = 1 + int(rng, 3);
  for (let i = 0; i < n; i++) b = pick(rng, ops)(b, rng);
  return b;
}

export const FITS_OPS: Mutation[] = [
  flipBits,
  randomBytes,
  truncate,
  insertRandom,
  duplicateAligned(80),
  deleteAligned(80),
  duplicateAligned(2880),
  fitsHugeValue,
  fitsHugeValue,
];
export const TEXT_OPS: Mutation[] = [
  flipBits,
  randomBytes,
  truncate,
  insertRandom,
  textHugeToken,
  textHugeToken,
  duplicateLine,
  duplicateField,
];

export { int as randomInt, pick as randomPick };
