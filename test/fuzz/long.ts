/**
 * `npm run fuzz [-- --seed N] [-- --count N]`: the long mutation-fuzz run (issue 6, acceptance 2):
 * by default 1 000 000 inputs split over FITS, CSV and survey configuration, with progress on stderr
 * and the findings (crash, multi-line message, hang, memory) printed at the end. Exit 1 on any crash,
 * hang or memory finding.
 */
import { type CampaignResult, runCampaign } from './campaign.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const seed = arg('seed', 1);
  const total = arg('count', 1_000_000);
  const share = { fits: 0.4, csv: 0.4, config: 0.2 };
  const results: CampaignResult[] = [];
  for (const [target, f] of Object.entries(share)) {
    const count = Math.round(total * f);
    let last = 0;
    const r = await runCampaign(target, seed, count, (done) => {
      const now = Date.now();
      if (now - last > 5000) {
        process.stderr.write(`fuzz ${target}: ${done}/${count}\n`);
        last = now;
      }
    });
    results.push(r);
    process.stderr.write(
      `fuzz ${target}: ${count} inputs in ${r.seconds.toFixed(0)} s: ${r.parsed} parsed, ${r.userErrors} UserError, ${r.findings.length} findings, max RSS ${r.maxRssMb} MB\n`,
    );
  }
  let failed = false;
  for (const r of results) {
    const kinds = new Map<string, number>();
    for (const f of r.findings) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
    process.stdout.write(
      `${r.target}\tinputs=${r.inputs}\tparsed=${r.parsed}\tuserErrors=${r.userErrors}\t${[...kinds].map(([k, n]) => `${k}=${n}`).join('\t')}\tseconds=${r.seconds.toFixed(0)}\tmaxRssMb=${r.maxRssMb}\n`,
    );
    for (const f of r.findings.filter((x) => x.kind !== 'multiline').slice(0, 20)) {
      failed = true;
      process.stdout.write(`  ${f.kind} seed=${f.seed} index=${f.index}: ${f.detail}\n`);
    }
    const ml = r.findings.find((x) => x.kind === 'multiline');
    if (ml) process.stdout.write(`  e.g. multiline seed=${ml.seed} index=${ml.index}: ${ml.detail.slice(0, 200)}\n`);
  }
  process.exit(failed ? 1 : 0);
}

main();
