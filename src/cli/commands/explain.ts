/**
 * `mmassoc explain MATCH_OUT ID [--out FILE.svg]`: one primary's candidates, error ellipses and
 * probabilities (docs/association.md, "Explaining one primary").
 */
import type { Command } from 'commander';
import { explain, explainText } from '../../assoc/explain.js';
import { explanationSvg } from '../../assoc/svg.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { readTable } from '../../io/index.js';
import { log } from '../progress.js';

/** Prints the summary and writes the SVG; returns the SVG path. */
export async function runExplain(matchOut: string, id: string, out?: string): Promise<string> {
  const e = explain(await readTable(matchOut), id);
  process.stdout.write(`${explainText(e)}\n`);
  const path = out ?? `${matchOut}_explain_${id.replace(/[^A-Za-z0-9._-]/g, '_')}.svg`;
  writeFileAtomicSync(path, explanationSvg(e));
  log(`explain: drawing → ${path}`);
  return path;
}

export function register(program: Command): void {
  program
    .command('explain')
    .description("draw one primary's candidates with their error ellipses and association probabilities (SVG)")
    .argument('<match-out>', 'output of mmassoc match or mmassoc nway (or NWAY itself)')
    .argument('<id>', "the primary's ID (its ID column, else its first column)")
    .option('--out <file.svg>', 'SVG to write (default MATCH_OUT_explain_ID.svg)')
    .action(async (m: string, id: string, o: { out?: string }) => {
      await runExplain(m, id, o.out);
    });
}
