/**
 * Runs a fuzz campaign: for each target, inputs 0..count−1 in a child process (`child.ts`) with a
 * watchdog: a child silent for longer than the per-input budget is killed, the input it was on is
 * reported as a hang, and a fresh child goes on after it.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ChildMessage, type Finding, SLOW_MS } from './child.js';

export interface CampaignResult {
  target: string;
  inputs: number;
  userErrors: number;
  parsed: number;
  maxRssMb: number;
  findings: Finding[];
  seconds: number;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/** Runs inputs [from, to) in one child; resolves with where it stopped. */
function runChild(
  target: string,
  seed: number,
  from: number,
  to: number,
  onProgress: (done: number) => void,
  out: CampaignResult,
): Promise<{ stoppedAt: number }> {
  return new Promise((done, reject) => {
    const child = fork(CHILD, [target, String(seed), String(from), String(to)], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=1024'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let position = from;
    let ready = false;
    let finished = false;
    let lastHeard = Date.now();
    const watchdog = setInterval(() => {
      // Budget: one input's SLOW_MS, plus the ~250 ms between progress messages.
      if (ready && Date.now() - lastHeard > SLOW_MS + 1000) {
        child.kill('SIGKILL');
      }
    }, 250);
    child.on('message', (m: ChildMessage) => {
      lastHeard = Date.now();
      if (m.type === 'ready') ready = true;
      else if (m.type === 'progress') {
        position = m.done;
        onProgress(m.done);
      } else if (m.type === 'finding') out.findings.push(m.finding);
      else if (m.type === 'end') {
        finished = true;
        position = m.done;
        out.userErrors += m.userErrors;
        out.parsed += m.parsed;
        out.maxRssMb = Math.max(out.maxRssMb, m.maxRssMb);
      }
    });
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      if (finished) return done({ stoppedAt: to });
      // An uncaught exception in the harness itself (exit code 1) is a bug of the fuzzer, not a finding.
      if (code === 1) return reject(new Error(`fuzz child for ${target} failed at input ${position} (see its stderr)`));
      // Killed by the watchdog, or died (out of memory): the culprit is within the last progress window;
      // the child is restarted after `position`, and that input reported.
      out.findings.push({
        kind: signal === 'SIGKILL' ? 'hang' : 'memory',
        target,
        seed,
        index: position,
        detail:
          signal === 'SIGKILL'
            ? `no progress for ${SLOW_MS + 1000} ms after input ${position} (killed); the hanging input is at or just after it`
            : `child exited (code ${code}, signal ${signal})`,
      });
      done({ stoppedAt: position + 1 });
    });
  });
}

export async function runCampaign(
  target: string,
  seed: number,
  count: number,
  onProgress: (done: number) => void = () => {},
): Promise<CampaignResult> {
  const t0 = Date.now();
  const out: CampaignResult = {
    target,
    inputs: count,
    userErrors: 0,
    parsed: 0,
    maxRssMb: 0,
    findings: [],
    seconds: 0,
  };
  let from = 0;
  while (from < count) {
    const { stoppedAt } = await runChild(target, seed, from, count, onProgress, out);
    from = stoppedAt;
  }
  out.seconds = (Date.now() - t0) / 1000;
  return out;
}
