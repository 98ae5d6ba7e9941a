// The CSV writer's fast paths (whole floats and integer columns written digit by digit, ASCII
// text copied without Buffer#write, floats formatted column by column) against the reference
// formatters cell by cell: formatFloat64/formatFloat32, String(v), BigInt#toString and the
// UTF-8 bytes of the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCsvBytes } from '../../src/io/csv-format.js';
import { formatFloat32, formatFloat64 } from '../../src/io/number-format.js';
import { column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';

test('every cell equals its reference formatter (floats, whole floats, ints, 64-bit ints, nulls)', () => {
  let s = 12345;
  const rnd = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 4294967296;
  };
  const special = [NaN, Infinity, -Infinity, -0, 0, 1e21, -1e21, 2 ** 53, 2 ** 53 - 1, 1 - 2 ** 53, 2 ** 60, 5e-324];
  const n = 3000;
  const f64 = new Float64Array(n);
  const f32 = new Float32Array(n);
  const i32 = new Int32Array(n);
  const u32 = new Uint32Array(n);
  const i64 = new BigInt64Array(n);
  const nulls = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = rnd();
    f64[i] =
      i < special.length
        ? special[i]
        : k < 0.4
          ? Math.round((rnd() - 0.5) * 2 ** (rnd() * 56))
          : (rnd() - 0.5) * 10 ** (rnd() * 60 - 30);
    f32[i] =
      i < special.length ? special[i] : k < 0.4 ? Math.round((rnd() - 0.5) * 2 ** (rnd() * 28)) : (rnd() - 0.5) * 1e5;
    i32[i] = (rnd() - 0.5) * 2 ** 32;
    u32[i] = rnd() * 2 ** 32;
    i64[i] = BigInt.asIntN(64, BigInt(Math.floor(rnd() * 2 ** 32)) << 32n) - BigInt(i);
    nulls[i] = rnd() < 0.1 ? 1 : 0;
  }
  const t = new Table([
    column('a', f64),
    column('b', f32),
    column('c', i32),
    column('d', u32),
    column('e', i64),
    { ...column('f', f64), nulls },
  ]);
  const lines = formatCsvBytes(t, 0, n).toString('latin1').split('\n');
  assert.equal(lines.length, n + 1);
  for (let i = 0; i < n; i++) {
    const want = [
      formatFloat64(f64[i]),
      formatFloat32(f32[i]),
      String(i32[i]),
      String(u32[i]),
      i64[i].toString(),
      nulls[i] ? '' : formatFloat64(f64[i]),
    ].join(',');
    assert.equal(lines[i], want, `row ${i}`);
  }
});

test('text cells are UTF-8, quoted when needed, between numeric cells (TSV)', () => {
  const texts = ['plain', 'é', 'a\tb', 'say "hi"', '日本', '😀x', '', 'x'.repeat(3000) + 'ü', '12'];
  const t = new Table([column('s', texts), column('x', new Float64Array(texts.length).fill(2.5))]);
  const got = formatCsvBytes(t, 0, texts.length, { delimiter: '\t' }).toString('utf8').split('\n');
  const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const want = texts.map((v) => {
    const q = v.includes('\t') || v.includes('"') || v === '' || /^[0-9]/.test(v) ? quoted(v) : v;
    return `${q}\t2.5`;
  });
  assert.deepEqual(got.slice(0, -1), want);
});
