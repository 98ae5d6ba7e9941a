/**
 * Prints the bad-input table of docs/reliability.md from what the CLI actually says:
 * `node --import tsx test/reliability/bad-input-table.ts > /tmp/table.md`.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cases } from './bad-input-cases.js';
import { configCases } from './config-cases.js';
import { observe } from './observe.js';

async function main(): Promise<void> {
  const obs = await observe(cases, 3);
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  process.stdout.write('| class | command | exit | message (stderr) | left behind |\n|---|---|---|---|---|\n');
  for (const o of obs) {
    const shown =
      o.c.outcome === 'warning'
        ? o.lines.filter((l) => l.startsWith('warning:'))
        : o.lines.filter((l) => o.result.status !== 0 || l.startsWith('warning:'));
    // A stack trace is summarised: its first line and how many lines followed.
    const lines = shown.length > 1 && o.c.outcome === 'error' ? [shown[0]] : shown;
    const more = shown.length - lines.length;
    const msg =
      lines.length > 0
        ? `${lines.map((l) => `\`${cell(l)}\``).join('<br>')}${more > 0 ? ` (+ ${more} more lines: a stack trace)` : ''}`
        : '(nothing)';
    const cmd = `\`mmassoc ${o.args[0]}\``;
    const status = o.c.defect ? ` **open defect**: ${cell(o.c.defect)}` : '';
    process.stdout.write(
      `| ${cell(o.c.cls)} | ${cmd} | ${o.result.status} | ${msg}${status} | ${o.leftOver.length ? o.leftOver.join(', ') : 'nothing'} |\n`,
    );
  }
  for (const c of configCases) {
    const dir = mkdtempSync(join(tmpdir(), 'mmassoc-cfg-'));
    let msg = '(no error)';
    try {
      c.run(dir);
    } catch (err) {
      msg = `mmassoc: ${(err as Error).message.split(`${dir}/`).join('')}`;
    }
    process.stdout.write(
      `| ${cell(c.cls)} | library (\`loadSurveyFile\`/\`getSurveyPreset\`) | UserError | \`${cell(msg)}\` | nothing |\n`,
    );
  }
}

main();
