import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

test('mmassoc run writes catalogues, truth, association, scores and plots, and scores against the truth', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'mmassoc-run-')), 'run');
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'run', '--area', '0.5', '--seed', '3', '--out', out],
    {
      encoding: 'utf8',
      env: { ...process.env, MMASSOC_QUIET: '1' },
    },
  );
  assert.equal(res.status, 0, res.stderr);
  for (const f of [
    'spt3g.fits',
    'spire.fits',
    'wise.fits',
    'emu.fits',
    'truth.fits',
    'match.fits',
    'scores.json',
    'config.json',
    'report.html',
    'scores.svg',
    'counts_spire250.svg',
  ])
    assert.ok(existsSync(join(out, f)), `${f} missing`);
  const scores = JSON.parse(readFileSync(join(out, 'scores.json'), 'utf8')) as {
    scores: Array<{
      catalogue: string;
      completeness: number[];
      purity: number[];
      withTrueCounterpart: number;
      claimed: number[];
      correct: number[];
    }>;
  };
  assert.deepEqual(
    scores.scores.map((s) => s.catalogue),
    ['spire', 'wise', 'emu'],
  );
  for (const s of scores.scores) {
    // Completeness can only fall as the p_any cut rises, and correct ≤ claimed everywhere.
    for (let k = 1; k < s.correct.length; k++) assert.ok(s.correct[k] <= s.correct[k - 1]);
    for (let k = 0; k < s.correct.length; k++) assert.ok(s.correct[k] <= s.claimed[k]);
  }
  // The radio survey is deep: SPT sources have true EMU counterparts to score against.
  const emu = scores.scores[2];
  assert.ok(emu.withTrueCounterpart > 0);
  assert.match(res.stdout, /emu .* completeness/);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<svg/);
});
