// VOTable reader against hand-written fixtures: the same three rows serialised as TABLEDATA and
// as BINARY2 (whose base64 stream test/fixtures/votable/make_binary2.py packs with Python's
// struct, independently of the reader). Expected values are the ones written in the fixtures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { parseVoTable, readVoTable } from '../../src/io/votable.js';
import type { Table } from '../../src/table/table.js';

const dir = new URL('../fixtures/votable/', import.meta.url);
const fixture = (name: string) => new URL(name, dir).pathname;

function checkSmall(t: Table): void {
  assert.equal(t.nrows, 3);
  assert.deepEqual(t.names, ['id', 'ra', 'flux', 'n', 'flag', 'name', 'code', 'cls', 's', 'mask', 'vec', 'uname']);
  const nulls = (name: string) => [...(t.col(name).nulls ?? new Uint8Array(3))];
  assert.deepEqual([...t.col('id').data], [9007199254740993n, -5n, 42n]);
  assert.equal(t.col('id').kind, 'i64');
  const ra = t.col('ra');
  assert.deepEqual([...ra.data], [10.5, 359.999, 0]);
  assert.equal(ra.unit, 'deg');
  assert.equal(ra.description, 'Right ascension (ICRS)');
  assert.equal(ra.meta?.ucd, 'pos.eq.ra;meta.main');
  const flux = t.col('flux');
  assert.ok(flux.data instanceof Float32Array);
  assert.equal(flux.unit, 'mJy');
  assert.deepEqual([(flux.data as Float32Array)[0], (flux.data as Float32Array)[2]], [1.25, -0.5]);
  assert.deepEqual(nulls('flux'), [0, 1, 0]);
  assert.ok(t.col('n').data instanceof Int32Array);
  assert.deepEqual([(t.col('n').data as Int32Array)[0], (t.col('n').data as Int32Array)[2]], [7, 2147483647]);
  assert.deepEqual(nulls('n'), [0, 1, 0], 'VALUES null="-1"');
  assert.equal(t.col('flag').kind, 'bool');
  assert.deepEqual([...t.col('flag').data].slice(0, 2), [1, 0]);
  assert.deepEqual(nulls('flag'), [0, 0, 1]);
  assert.deepEqual(t.col('name').data.slice(0, 2), ['alpha', 'b,c']);
  assert.deepEqual(nulls('name'), [0, 0, 1]);
  assert.deepEqual(t.col('code').data.slice(0, 2), ['AB', 'WXYZ']);
  assert.deepEqual([...t.col('cls').data], [3, 255, 0]);
  assert.ok(t.col('cls').data instanceof Uint8Array);
  assert.deepEqual([...t.col('s').data], [-2, 300, -32768]);
  assert.ok(t.col('s').data instanceof Int16Array);
  assert.equal(t.col('mask').kind, 'bits');
  assert.deepEqual(t.col('mask').shape, [3]);
  assert.deepEqual([...t.col('mask').data], [1, 0, 1, 0, 1, 0, 1, 1, 1]);
  assert.deepEqual(t.col('vec').shape, [2]);
  assert.deepEqual([...t.col('vec').data], [1, 2, 3.5, -4, 0, 0]);
  assert.deepEqual(t.col('uname').data.slice(0, 2), ['µ', 'x']);
  assert.deepEqual(nulls('uname'), [0, 0, 1]);
  assert.equal(t.meta.name, 'small');
  assert.equal(t.meta.description, 'Three hand-made rows covering every datatype');
  assert.equal(t.meta.skyAreaDeg2, 12.5);
  assert.deepEqual(t.meta.keywords, { QUERY_STATUS: 'OK', EPOCH: 2000, SURVEY: 'SPT-SZ' });
}

describe('readVoTable', () => {
  test('TABLEDATA', () => checkSmall(readVoTable(fixture('small.tabledata.vot'))));
  test('BINARY2', () => checkSmall(readVoTable(fixture('small.binary2.vot'))));

  test('BINARY (no null flags) with a VALUES null and a namespace prefix', () => {
    // Rows: int 5 then int -99 (the declared null); double 1.5 then NaN. Big-endian by hand:
    const bytes = Buffer.from([
      0, 0, 0, 5, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x9d, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0,
    ]);
    const xml = `<?xml version="1.0"?><vot:VOTABLE xmlns:vot="http://www.ivoa.net/xml/VOTable/v1.3" version="1.3">
      <vot:RESOURCE><vot:TABLE><vot:PARAM name="skyarea" datatype="double" value="0.25"/>
      <vot:FIELD name="k" datatype="int"><vot:VALUES null="-99"/></vot:FIELD><vot:FIELD name="x" datatype="double"/>
      <vot:DATA><vot:BINARY><vot:STREAM encoding="base64">${bytes.toString('base64')}</vot:STREAM></vot:BINARY></vot:DATA>
      </vot:TABLE></vot:RESOURCE></vot:VOTABLE>`;
    const t = parseVoTable(xml);
    assert.deepEqual([...t.col('k').data], [5, -99]);
    assert.deepEqual([...(t.col('k').nulls ?? [])], [0, 1]);
    assert.deepEqual([...t.col('x').data], [1.5, Number.NaN]);
    assert.equal(t.meta.skyAreaDeg2, 0.25);
  });

  test('picks a TABLE by name or index', () => {
    const xml = `<VOTABLE><RESOURCE><TABLE name="a"><FIELD name="x" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE>
      <TABLE name="b"><FIELD name="y" datatype="int"/><DATA><TABLEDATA><TR><TD>2</TD></TR><TR><TD>3</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
    assert.deepEqual(parseVoTable(xml).names, ['x']);
    assert.deepEqual([...parseVoTable(xml, { table: 'b' }).col('y').data], [2, 3]);
    assert.deepEqual(parseVoTable(xml, { table: 1 }).names, ['y']);
  });

  test('malformed input: one-line UserErrors naming the file, row and FIELD', () => {
    const cases: [string, RegExp][] = [
      ['<html><body>not a votable</body></html>', /^v\.vot: no <VOTABLE> element/],
      ['<VOTABLE><RESOURCE/></VOTABLE>', /^v\.vot: the VOTable holds no <TABLE>/],
      [
        '<VOTABLE><RESOURCE><INFO name="QUERY_STATUS" value="ERROR">Table not found</INFO></RESOURCE></VOTABLE>',
        /reported an error: Table not found/,
      ],
      [
        '<VOTABLE><RESOURCE><TABLE><FIELD name="x" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD><TD>2</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>',
        /TABLEDATA row 1 has 2 TD cells, the TABLE declares 1 FIELDs/,
      ],
      [
        '<VOTABLE><RESOURCE><TABLE><FIELD name="x" datatype="int"/><DATA><TABLEDATA><TR><TD>abc</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>',
        /row 1, FIELD 'x': 'abc' is not a valid int/,
      ],
      [
        '<VOTABLE><RESOURCE><TABLE><FIELD name="x" datatype="real"/></TABLE></RESOURCE></VOTABLE>',
        /FIELD 'x': datatype 'real' is not a VOTable datatype/,
      ],
      [
        `<VOTABLE><RESOURCE><TABLE><FIELD name="x" datatype="double"/><DATA><BINARY2><STREAM encoding="base64">${Buffer.from([0, 1, 2, 3]).toString('base64')}</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>`,
        /the BINARY stream ends inside row 1 \(x\); the file is truncated/,
      ],
      ['<VOTABLE><RESOURCE><TABLE', /^v\.vot: not well-formed XML/],
    ];
    for (const [xml, re] of cases)
      assert.throws(
        () => parseVoTable(xml, { fileName: 'v.vot' }),
        (e: unknown) => e instanceof UserError && !e.message.includes('\n') && re.test(e.message),
        `${re}`,
      );
  });
});
