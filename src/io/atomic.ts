import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';

/**
 * Whether finished outputs are fsynced before the rename. The rename alone already guarantees that a
 * killed or interrupted run leaves the old file or the complete new one; fsync only adds protection
 * against a power loss or kernel crash in the seconds after the run, and costs ~0.1 s per 100 MB
 * (astropy, STILTS and NWAY do not fsync either). Set MMASSOC_FSYNC=1 to have it.
 */
export function syncBeforeRename(fd: number): void {
  if (process.env.MMASSOC_FSYNC === '1') fsyncSync(fd);
}

/** Throws a UserError when the folder that should receive `path` is missing or not a folder. */
export function assertOutputFolder(path: string): void {
  const dir = dirname(path);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir)
    throw new UserError(`${path}: the output folder '${dir}' does not exist; create it first or choose another path`);
}

/** A temporary sibling path of `path`, on the same filesystem so that rename is atomic. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
}

/**
 * Writes a file through a temporary sibling and renames it into place, so that a reader (or an
 * interrupted run) sees either the old file or the complete new one, never a partial file.
 * `produce` receives the temporary path and must write it completely.
 */
export async function writeAtomically(path: string, produce: (tmpPath: string) => Promise<void> | void): Promise<void> {
  assertOutputFolder(path);
  const tmp = tempPathFor(path);
  activeTemps.add(tmp);
  try {
    await produce(tmp);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    activeTemps.delete(tmp);
  }
}

/** Writes a buffer atomically (temporary file + rename; fsync with MMASSOC_FSYNC=1). */
export function writeFileAtomicSync(path: string, data: Uint8Array | string): void {
  writeBlocksAtomicSync(path, (write) => write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data));
}

/**
 * Writes output produced piece by piece (never all in memory) atomically: `produce` calls `write` for
 * each block; the temporary file is renamed into place (fsynced first with MMASSOC_FSYNC=1), or removed on failure.
 */
export function writeBlocksAtomicSync(path: string, produce: (write: (bytes: Uint8Array) => void) => void): void {
  assertOutputFolder(path);
  const tmp = tempPathFor(path);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (err) {
    throw new UserError(
      `${path}: cannot write here (${(err as NodeJS.ErrnoException).code ?? String(err)}); check the folder is writable`,
    );
  }
  activeTemps.add(tmp);
  try {
    try {
      produce((buf) => {
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      });
      syncBeforeRename(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    activeTemps.delete(tmp);
  }
}

/** Temporary files being written now; the CLI removes them on SIGINT/SIGTERM. */
export const activeTemps = new Set<string>();

export function removeActiveTemps(): void {
  for (const t of activeTemps) rmSync(t, { force: true });
  activeTemps.clear();
}
