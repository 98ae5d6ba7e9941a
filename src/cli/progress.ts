import cliProgress from 'cli-progress';

/** Progress callback used by library functions: `done` of `total` units (rows, groups, chains…). */
export type ProgressFn = (done: number, total: number) => void;

/**
 * A progress bar on stderr when it is a TTY, nothing otherwise (CI logs stay clean).
 * Returns the callback to pass to library functions, and `stop`.
 */
export function progressBar(label: string): { update: ProgressFn; stop: () => void } {
  if (!process.stderr.isTTY || process.env.CI) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** A one-line message to stderr (logs, warnings); quiet when MMASSOC_QUIET is set. */
export function log(message: string): void {
  if (!process.env.MMASSOC_QUIET) process.stderr.write(`${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}
