/**
 * Fuzz targets: a seed corpus of valid inputs and the real reader each mutated input goes through.
 * A target's `read` must either return or throw `UserError`; anything else is a crash.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv } from '../../src/io/csv.js';
import { readFits, writeFits } from '../../src/io/fits/index.js';
import { loadSurveyFile } from '../../src/model/instruments/presets.js';
import { column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';
import { FITS_OPS, type Mutation, TEXT_OPS } from './mutate.js';

export interface FuzzTarget {
  name: 'fits' | 'csv' | 'config';
  corpus: Uint8Array[];
  ops: Mutation[];
  /** Reads one mutated input (written under `dir` when the reader needs a file). */
  read(bytes: Uint8Array, dir: string): Promise<unknown> | unknown;
}

const REF = resolve(process.cwd(), '../shared/reference');

/** A small table with every FITS column kind the writer produces, strings and a vector column. */
async function generatedFits(dir: string): Promise<Uint8Array> {
  const path = join(dir, 'corpus.fits');
  const n = 5;
  await writeFits(
    path,
    new Table(
      [
        column('id', BigInt64Array.from([1n, 2n, 3n, 4n, 5n])),
        column('ra', Float64Array.from([0, 90.5, 180, 270.25, 359.9]), { unit: 'deg' }),
        column('dec', Float32Array.from([-90, -45, 0, 45, 90]), { unit: 'deg' }),
        column('flag', Uint8Array.from([0, 1, 0, 1, 1]), { kind: 'bool' }),
        column('n', Int16Array.from([1, -2, 3, -4, 5])),
        column('name', ['a', 'bb', 'ccc', '', 'eeeee']),
        column(
          'vec',
          new Float64Array(3 * n).map((_, i) => i / 3),
          { shape: [3] },
        ),
      ],
      { name: 'CORPUS', skyAreaDeg2: 12.5, keywords: { LONGSTR: 'x'.repeat(150) } },
    ),
  );
  return new Uint8Array(readFileSync(path));
}

const CSV_CORPUS = [
  'id,ra,dec,pos_err,flux,name\n1,10.5,-50.25,1.5,2.5e-3,"a, b"\n2,359.99,89.9,0.3,,plain\n3,0,-90,2,1e10,"quoted ""x"""\n',
  'ra\tdec\tflag\n1\t2\ttrue\n3\t4\tfalse\n',
  'name,count\r\nx,1\r\ny,2\r\nz,\r\n',
  'a,b,c\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n',
];

function presetBytes(): Uint8Array[] {
  return ['spt3g', 'wise', 'racs'].map(
    (n) => new Uint8Array(readFileSync(resolve(process.cwd(), `presets/surveys/${n}.json`))),
  );
}

export async function makeTargets(dir: string): Promise<FuzzTarget[]> {
  const fitsCorpus = [new Uint8Array(readFileSync(join(REF, 'fixtures/types.fits'))), await generatedFits(dir)];
  let k = 0;
  return [
    {
      name: 'fits',
      corpus: fitsCorpus,
      ops: FITS_OPS,
      read: async (bytes, d) => {
        const path = join(d, `in${k++ % 4}.fits`);
        writeFileSync(path, bytes);
        return readFits(path);
      },
    },
    {
      name: 'csv',
      corpus: CSV_CORPUS.map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
      ops: TEXT_OPS,
      read: (bytes) =>
        parseCsv(bytes, { fileName: 'fuzz.csv', delimiter: bytes.includes(9) && !bytes.includes(44) ? '\t' : ',' }),
    },
    {
      name: 'config',
      corpus: presetBytes(),
      ops: TEXT_OPS,
      read: (bytes, d) => {
        const path = join(d, 'survey.json');
        writeFileSync(path, bytes);
        return loadSurveyFile(path);
      },
    },
  ];
}
