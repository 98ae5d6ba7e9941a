import type { Command } from 'commander';
import { fail } from '../../errors.js';
import { createFitsWriter, detectFormat, outputFormat, readTable, streamFits, writeTable } from '../../io/index.js';
import { parseHdu } from './hdu-option.js';

/**
 * `mmassoc convert IN OUT [--hdu N|NAME]`: any pair of FITS (.fits.gz read), CSV, TSV, Parquet and
 * Arrow; VOTable as input. The output appears only when complete (temporary file + rename).
 *
 * @example mmassoc convert cat.fits.gz cat.parquet
 */
export function register(program: Command): void {
  program
    .command('convert')
    .description('convert a table between FITS, FITS.gz (read), CSV, TSV, Parquet, Arrow and VOTable (read)')
    .argument('<in>', 'input table file')
    .argument('<out>', 'output file; the format follows its extension')
    .option('--hdu <n|name>', 'FITS input HDU: index (0 = primary) or EXTNAME; default the first table')
    .action(async (input: string, output: string, opts: { hdu?: string }) => {
      await convertTable(input, output, { hdu: opts.hdu });
    });
}

/** Reads `input` and writes `output`; FITS to FITS is streamed in row chunks. */
export async function convertTable(input: string, output: string, opts: { hdu?: string } = {}): Promise<void> {
  const inFormat = detectFormat(input);
  const outFormat = outputFormat(output);
  const hdu = parseHdu(opts.hdu);
  if (hdu !== undefined && inFormat !== 'fits')
    fail(input, `--hdu applies to FITS input only; this file is ${inFormat}`);
  if (outFormat === 'votable')
    fail(output, 'writing VOTable is not supported; write .fits, .csv, .tsv, .parquet or .arrow');
  if (inFormat === 'fits' && outFormat === 'fits' && !/\.gz$/i.test(output)) {
    // Nulls of integer columns in FITS input come with a TNULL in the meta, so the header planned
    // from the first chunk already declares every null convention later chunks need.
    let writer: Awaited<ReturnType<typeof createFitsWriter>> | undefined;
    try {
      for await (const chunk of streamFits(input, { ...(hdu !== undefined ? { hdu } : {}) })) {
        writer ??= await createFitsWriter(output, chunk, { nullableIntegers: false });
        await writer.write(chunk);
      }
      if (!writer) {
        const empty = await readTable(input, { ...(hdu !== undefined ? { hdu } : {}) });
        await writeTable(output, empty);
      } else await writer.close();
    } catch (err) {
      writer?.abort();
      throw err;
    }
    return;
  }
  const table = await readTable(input, { ...(hdu !== undefined ? { hdu } : {}) });
  await writeTable(output, table);
}
