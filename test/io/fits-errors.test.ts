// Bad input is refused with one located UserError line, quickly, and without allocating from unchecked counts.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { UserError } from '../../src/errors.js';
import { createFitsWriter, listFitsHdus, readFits, streamFits, writeFits } from '../../src/io/fits/index.js';
import { column } from '../../src/table/column.js';
import { Table } from '../../src/table/table.js';
import { REF, readBytes, replaceCard, tempDir } from './fits-helpers.js';

const TYPES = readBytes(join(REF, 'fixtures/types.fits'));
/** types.fits: primary (1 block), CATALOG header (2 blocks) then 37 rows of 77 bytes. */
const CATALOG_HEADER = 2880;
const CATALOG_DATA = 2880 * 3;

async function rejectsWith(p: Promise<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.ok(!err.message.includes('\n'), 'one line');
    assert.match(err.message, re);
    return true;
  });
}

function file(name: string, bytes: Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

describe('FITS reader: bad input', () => {
  it('wrong magic', async () => {
    const path = file('notfits.fits', Buffer.from('id,ra,dec\n1,2,3\n'));
    await rejectsWith(readFits(path), /notfits\.fits: not a FITS file: it does not start with 'SIMPLE {2}='/);
  });

  it('truncated data: says how many rows are present', async () => {
    const cut = TYPES.subarray(0, CATALOG_DATA + 77 * 10 + 5);
    await rejectsWith(
      readFits(file('cut.fits', cut)),
      /HDU 1 \(CATALOG\): NAXIS2 = 37 rows of 77 bytes .* \(10 rows present\); the file is truncated/,
    );
    // Through gzip the size is unknown in advance: the reader stops where the data does.
    await rejectsWith(
      readFits(file('cut.fits.gz', gzipSync(cut))),
      /HDU 1 \(CATALOG\): data ends after 10 of the 37 rows NAXIS2 declares/,
    );
    // A cut gzip stream.
    const gz = readBytes(join(REF, 'fixtures/types.fits.gz'));
    await rejectsWith(
      readFits(file('cutgz.fits.gz', gz.subarray(0, gz.length - 400))),
      /gzip data is corrupt or truncated/,
    );
  });

  it('missing END card', async () => {
    const noEnd = TYPES.subarray(0, CATALOG_HEADER + 2880);
    await rejectsWith(readFits(file('noend.fits', noEnd)), /HDU 1: header ends after 36 cards with no END card/);
    // A second extension cut inside its header is reported, not silently dropped.
    const secondHeader = 2880 * 4;
    const cutHeader = file('cuthdr.fits', TYPES.subarray(0, secondHeader + 800));
    await rejectsWith(listFitsHdus(cutHeader), /HDU 2: header ends after 0 cards with no END card/);
  });

  it('bad header card', async () => {
    const bad = Uint8Array.from(TYPES);
    bad[CATALOG_HEADER + 80 * 3 + 40] = 0xe9; // inside NAXIS1
    await rejectsWith(
      readFits(file('badcard.fits', bad)),
      /HDU 1, card 4 \('NAXIS1'\): character code 233 at column 41 is not printable ASCII/,
    );
    const badValue = replaceCard(TYPES, 'NAXIS1', 'NAXIS1  =              seventy', CATALOG_HEADER);
    await rejectsWith(readFits(file('badvalue.fits', badValue)), /card 4 \('NAXIS1'\): value 'seventy' is not a FITS/);
  });

  it('unsupported and unknown TFORMs', async () => {
    const heap = replaceCard(TYPES, 'TFORM4', "TFORM4  = '1PE(5)  '", CATALOG_HEADER);
    await rejectsWith(
      readFits(file('heap.fits', heap)),
      /HDU 1 \(CATALOG\), column 4 \(FLUX\): TFORM '1PE\(5\)' is a variable-length \(heap\) array, which is not supported/,
    );
    const cplx = replaceCard(TYPES, 'TFORM2', "TFORM2  = 'M       '", CATALOG_HEADER);
    await rejectsWith(readFits(file('complex.fits', cplx)), /column 2 \(RA\): TFORM 'M' is a complex type/);
    const unknown = replaceCard(TYPES, 'TFORM2', "TFORM2  = 'Z       '", CATALOG_HEADER);
    await rejectsWith(readFits(file('unknown.fits', unknown)), /TFORM 'Z' has unknown type code 'Z'/);
    const width = replaceCard(TYPES, 'TFORM2', "TFORM2  = '2D      '", CATALOG_HEADER);
    await rejectsWith(readFits(file('width.fits', width)), /the TFORMs add up to 85 bytes per row but NAXIS1 = 77/);
    // info still lists the HDU, marking the column it cannot decode.
    const hdus = await listFitsHdus(file('heap2.fits', heap));
    assert.equal(hdus[1].columns?.[3].kind, 'unsupported');
  });

  it('NAXIS2 = 1e12 is refused at once, before any allocation', async () => {
    const huge = replaceCard(TYPES, 'NAXIS2', 'NAXIS2  =        1000000000000', CATALOG_HEADER);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    await rejectsWith(
      readFits(file('huge.fits', huge)),
      /NAXIS2 = 1000000000000 rows of 77 bytes need 77000000008640 bytes but the file has 17280/,
    );
    await rejectsWith(
      readFits(file('huge.fits.gz', gzipSync(huge))),
      /need 77000000008640 bytes but the gzip file can hold at most \d+/,
    );
    const streamed = streamFits(file('huge2.fits', huge))[Symbol.asyncIterator]();
    await rejectsWith(streamed.next(), /NAXIS2 = 1000000000000/);
    assert.ok(performance.now() - t0 < 2000);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 << 20);
  });

  it('a missing HDU names the HDUs present', async () => {
    const path = join(REF, 'fixtures/types.fits');
    await rejectsWith(
      readFits(path, { hdu: 7 }),
      /no HDU 7; the file has HDU 0 \(PRIMARY\), HDU 1 \(CATALOG\), HDU 2 \(SECOND\)/,
    );
    await rejectsWith(readFits(join(tempDir(), 'absent.fits')), /absent\.fits: cannot open: ENOENT/);
  });
});

describe('FITS writer: bad input leaves no file', () => {
  it('refuses non-ASCII column names and units, and unwritable folders', async () => {
    const dir = tempDir();
    await rejectsWith(
      writeFits(join(dir, 'a.fits'), new Table([column('flüx', new Float64Array(2))])),
      /column 'flüx': FITS column names \(TTYPE\) must be printable ASCII/,
    );
    await rejectsWith(
      writeFits(join(dir, 'b.fits'), new Table([column('f', new Float64Array(2), { unit: 'µJy' })])),
      /unit 'µJy' is not ASCII/,
    );
    await rejectsWith(
      writeFits(join(dir, 'nodir', 'c.fits'), new Table([column('f', new Float64Array(2))])),
      /cannot write: ENOENT/,
    );
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a streaming write that fails removes its temporary file', async () => {
    const dir = tempDir();
    const first = new Table([column('n', Int32Array.from([1, 2]))]);
    const w = await createFitsWriter(join(dir, 'out.fits'), first, { nullableIntegers: false });
    await w.write(first);
    const withNulls = new Table([column('n', Int32Array.from([3, 4]), { nulls: Uint8Array.from([0, 1]) })]);
    await rejectsWith(w.write(withNulls), /column 'n' has nulls in rows 3-4 but no TNULL was declared/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
