import type { Command } from 'commander';
import { type HduInfo, listHdus } from '../../io/index.js';
import { parseHdu } from './hdu-option.js';

/**
 * `mmassoc info FILE [--hdu N|NAME] [--json]`: HDUs, rows, columns with types and units, SKYAREA.
 *
 * @example mmassoc info types.fits --hdu CATALOG
 */
export function register(program: Command): void {
  program
    .command('info')
    .description('describe a table file: HDUs, rows, columns (type, unit, shape), SKYAREA and keywords')
    .argument('<file>', 'FITS (.fits, .fits.gz), CSV, TSV, Parquet, Arrow or VOTable file')
    .option('--hdu <n|name>', 'only this HDU (FITS): index (0 = primary) or EXTNAME')
    .option('--json', 'print JSON instead of text')
    .action(async (file: string, opts: { hdu?: string; json?: boolean }) => {
      process.stdout.write(await infoText(file, opts));
    });
}

/** The text (or JSON) `mmassoc info` prints. */
export async function infoText(file: string, opts: { hdu?: string; json?: boolean } = {}): Promise<string> {
  let hdus = await listHdus(file);
  const sel = parseHdu(opts.hdu);
  if (sel !== undefined) {
    const match = hdus.filter((h) =>
      typeof sel === 'number' ? h.index === sel : h.name.toUpperCase() === sel.toUpperCase(),
    );
    if (match.length === 0) {
      const { UserError } = await import('../../errors.js');
      throw new UserError(
        `${file}: no HDU ${typeof sel === 'number' ? sel : `named '${sel}'`}; the file has ${hdus.map((h) => `${h.index} (${h.name})`).join(', ')}`,
      );
    }
    hdus = match;
  }
  if (opts.json) return `${JSON.stringify(hdus, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
  return hdus.map(describe).join('\n');
}

function describe(h: HduInfo): string {
  const lines: string[] = [];
  const head = [`HDU ${h.index}`, h.name || '(no name)', h.type];
  if (h.rows !== undefined) head.push(`${h.rows} rows`);
  if (h.columns) head.push(`${h.columns.length} columns`);
  if (h.skyAreaDeg2 !== undefined) head.push(`SKYAREA ${h.skyAreaDeg2} deg2`);
  if (h.image) head.push(`data ${h.image.axes.join('x')} BITPIX ${h.image.bitpix}`);
  lines.push(head.join('  '));
  if (h.columns && h.columns.length > 0) {
    const rows = h.columns.map((c) => [
      c.name,
      c.kind,
      c.tform ?? '',
      c.unit ?? '',
      c.shape.length ? `[${c.shape.join(',')}]` : '',
    ]);
    const header = ['column', 'type', 'tform', 'unit', 'shape'];
    const widths = header.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i].length)));
    const fmt = (r: string[]) => `  ${r.map((x, i) => x.padEnd(widths[i])).join('  ')}`.trimEnd();
    lines.push(fmt(header), ...rows.map(fmt));
  }
  const keys = Object.entries(h.keywords);
  if (keys.length > 0) {
    lines.push('  keywords:');
    for (const [k, v] of keys) {
      const text = String(v).replace(/\n/g, ' | ');
      lines.push(`    ${k} = ${text.length > 70 ? `${text.slice(0, 67)}...` : text}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
