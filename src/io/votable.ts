/**
 * VOTable reader (IVOA VOTable 1.3/1.4): TABLEDATA, BINARY and BINARY2 serialisations, which
 * is what VizieR, TAP services and TOPCAT hand out.
 *
 * FIELD unit, ucd and DESCRIPTION are kept (unit/description on the column, ucd in
 * `column.meta.ucd`); PARAM and INFO elements become table keywords, and one named SKYAREA
 * (case-insensitive, deg²) becomes `meta.skyAreaDeg2`. Empty cells, VALUES null="…" matches
 * and BINARY2 null flags become nulls.
 *
 * @example
 *   const t = readVoTable('vizier.vot');           // the first TABLE
 *   const t2 = readVoTable('multi.vot', { table: 'sources' });
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { fail } from '../errors.js';
import { type KeywordValue, Table, type TableMeta } from '../table/table.js';
import { decodeBinaryStream } from './votable-binary.js';
import { ColumnSink, parseField, textOf, type VoField } from './votable-field.js';

type El = Record<string, unknown>;

const ARRAYS = new Set(['RESOURCE', 'TABLE', 'FIELD', 'PARAM', 'INFO', 'TR', 'TD', 'GROUP']);

export interface VoTableOptions {
  /** Which TABLE: 0-based index over all TABLEs in document order, or its name/ID. Default 0. */
  table?: number | string;
}

export function readVoTable(path: string, opts: VoTableOptions = {}): Table {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    fail(path, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return parseVoTable(bytes.toString('utf8'), { ...opts, fileName: path });
}

export function parseVoTable(xml: string, opts: VoTableOptions & { fileName?: string } = {}): Table {
  const file = opts.fileName ?? 'VOTable input';
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ARRAYS.has(name),
  });
  let doc: El;
  try {
    doc = parser.parse(xml, true) as El;
  } catch (err) {
    fail(file, `not well-formed XML (${String((err as Error).message).split('\n')[0]}); is this a VOTable?`);
  }
  const root = doc.VOTABLE as El | undefined;
  if (!root || typeof root !== 'object') fail(file, 'no <VOTABLE> element; is this a VOTable file?');

  const keywords: Record<string, KeywordValue> = {};
  const tables: { table: El; inherited: El[] }[] = [];
  collectInfo(root, keywords, file);
  walkResources(root, [], tables, keywords, file);
  if (tables.length === 0) fail(file, 'the VOTable holds no <TABLE>');
  const pick = opts.table ?? 0;
  const found =
    typeof pick === 'number' ? tables[pick] : tables.find((t) => t.table.name === pick || t.table.ID === pick);
  if (!found)
    fail(
      file,
      `no TABLE ${typeof pick === 'number' ? `number ${pick}` : `'${pick}'`}; the file has ${tables
        .map((t, i) => String(t.table.name ?? t.table.ID ?? `#${i}`))
        .join(', ')}`,
    );
  return readTableElement(found.table, keywords, file);
}

function walkResources(
  node: El,
  inherited: El[],
  out: { table: El; inherited: El[] }[],
  kw: Record<string, KeywordValue>,
  file: string,
): void {
  for (const res of (node.RESOURCE as El[] | undefined) ?? []) {
    collectInfo(res, kw, file);
    for (const t of (res.TABLE as El[] | undefined) ?? []) out.push({ table: t, inherited: [...inherited, res] });
    walkResources(res, [...inherited, res], out, kw, file);
  }
}

/** INFO and PARAM children → keywords; QUERY_STATUS=ERROR is the service telling us it failed. */
function collectInfo(node: El, kw: Record<string, KeywordValue>, file: string): void {
  for (const info of (node.INFO as El[] | undefined) ?? []) {
    const name = String(info.name ?? info.ID ?? '');
    const value = info.value !== undefined ? String(info.value) : (textOf(info) ?? '');
    if (name === 'QUERY_STATUS' && value.toUpperCase() === 'ERROR')
      fail(file, `the service that made this VOTable reported an error: ${textOf(info) ?? 'no message'}`);
    if (name) kw[name] = typedValue(value, undefined);
  }
  for (const param of (node.PARAM as El[] | undefined) ?? []) {
    const name = String(param.name ?? param.ID ?? '');
    if (name) kw[name] = typedValue(String(param.value ?? ''), param.datatype as string | undefined);
  }
}

function typedValue(value: string, datatype: string | undefined): KeywordValue {
  const numeric = datatype === undefined || /^(short|int|long|float|double|unsignedByte)$/.test(datatype);
  if (numeric && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (datatype === 'boolean') return /^(t|true|1)$/i.test(value.trim());
  return value;
}

function readTableElement(el: El, keywords: Record<string, KeywordValue>, file: string): Table {
  collectInfo(el, keywords, file);
  const fieldEls = (el.FIELD as El[] | undefined) ?? [];
  if (fieldEls.length === 0) fail(file, `TABLE '${String(el.name ?? '')}' declares no FIELD`);
  const fields = fieldEls.map((f, i) => parseField(f, i, file));
  const data = el.DATA as El | undefined;
  const nrowsHint = el.nrows !== undefined ? Number(el.nrows) : 0;
  const sinks = fields.map((f) => new ColumnSink(f, Number.isFinite(nrowsHint) ? nrowsHint : 0));
  let nrows = 0;
  if (!data) nrows = 0;
  else if (data.TABLEDATA !== undefined) nrows = decodeTableData(data.TABLEDATA as El | string, sinks, file);
  else if (data.BINARY2 !== undefined || data.BINARY !== undefined) {
    const binary2 = data.BINARY2 !== undefined;
    const stream = (binary2 ? data.BINARY2 : data.BINARY) as El;
    const s = stream.STREAM as El | string | undefined;
    const enc = typeof s === 'object' && s ? String(s.encoding ?? '') : '';
    if (typeof s === 'object' && s && s.href !== undefined)
      fail(file, 'the BINARY stream refers to an external file (href); inline it with encoding="base64"');
    if (enc !== '' && enc !== 'base64') fail(file, `STREAM encoding '${enc}' is not supported; use base64`);
    const text = textOf(s) ?? '';
    nrows = decodeBinaryStream(Buffer.from(text, 'base64'), sinks, binary2, file);
  } else if (data.FITS !== undefined) {
    fail(file, 'FITS-serialised VOTable data is not supported; read the FITS file itself');
  }
  const meta: TableMeta = {};
  const name = el.name ?? el.ID;
  if (name !== undefined) meta.name = String(name);
  const description = textOf(el.DESCRIPTION);
  if (description) meta.description = description;
  for (const k of Object.keys(keywords)) {
    if (k.toUpperCase() === 'SKYAREA' && typeof keywords[k] === 'number') {
      meta.skyAreaDeg2 = keywords[k] as number;
      delete keywords[k];
    }
  }
  if (Object.keys(keywords).length > 0) meta.keywords = keywords;
  return new Table(
    sinks.map((s) => s.toColumn(nrows)),
    meta,
    nrows,
  );
}

function decodeTableData(td: El | string, sinks: ColumnSink[], file: string): number {
  const trs = typeof td === 'object' && td ? ((td.TR as El[] | undefined) ?? []) : [];
  const nf = sinks.length;
  for (let r = 0; r < trs.length; r++) {
    const cells = (trs[r].TD as unknown[] | undefined) ?? [];
    if (cells.length !== nf)
      fail(file, `TABLEDATA row ${r + 1} has ${cells.length} TD cells, the TABLE declares ${nf} FIELDs`);
    for (let c = 0; c < nf; c++) {
      const sink = sinks[c];
      sink.ensure(r + 1);
      const raw = cells[c];
      const text = typeof raw === 'string' ? raw : (textOf(raw) ?? '');
      setCell(sink, r, text, file);
    }
  }
  return trs.length;
}

function setCell(sink: ColumnSink, row: number, text: string, file: string): void {
  const f: VoField = sink.field;
  if (f.kind === 'str') {
    (sink.data as string[])[row] = text;
    if (text === '') sink.setNull(row);
    return;
  }
  const t = text.trim();
  if (t === '') {
    sink.setNull(row);
    return;
  }
  const parts = f.datatype === 'bit' ? [...t.replace(/\s+/g, '')] : f.width === 1 ? [t] : t.split(/\s+/);
  if (parts.length !== f.width)
    fail(file, `row ${row + 1}, FIELD '${f.name}': ${parts.length} values, arraysize needs ${f.width}`);
  const base = row * f.width;
  for (let j = 0; j < f.width; j++) {
    const p = parts[j];
    if (f.datatype === 'boolean') {
      const b = /^(t|true|1)$/i.test(p) ? 1 : /^(f|false|0)$/i.test(p) ? 0 : -1;
      if (b < 0) sink.setNull(row);
      else (sink.data as Uint8Array)[base + j] = b;
    } else if (f.datatype === 'long') {
      if (!/^[+-]?(\d+|0x[0-9a-f]+)$/i.test(p)) badNumber(file, row, f, p);
      (sink.data as BigInt64Array)[base + j] = BigInt.asIntN(64, BigInt(p));
    } else {
      const v = Number(p);
      const ok = f.kind === 'f32' || f.kind === 'f64' ? !Number.isNaN(v) || /^[+-]?nan$/i.test(p) : Number.isInteger(v);
      const x = Number.isNaN(v) && /^[+-]?inf(inity)?$/i.test(p) ? (p.startsWith('-') ? -Infinity : Infinity) : v;
      if (!ok && !/^[+-]?inf(inity)?$/i.test(p)) badNumber(file, row, f, p);
      (sink.data as Float64Array)[base + j] = x;
    }
  }
  if (f.nullValue !== undefined && t === f.nullValue.trim()) sink.setNull(row);
}

function badNumber(file: string, row: number, f: VoField, text: string): never {
  fail(file, `row ${row + 1}, FIELD '${f.name}': '${text}' is not a valid ${f.datatype}`);
}
