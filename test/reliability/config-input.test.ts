// Issue 6, acceptance 1 (configuration rows): unknown preset or band and schema violations give one
// UserError line with the file and the JSON path (and a did-you-mean where there is a near name).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isUserError } from '../../src/errors.js';
import { configCases } from './config-cases.js';

describe('bad survey configuration', () => {
  for (const c of configCases) {
    it(c.cls, () => {
      const dir = mkdtempSync(join(tmpdir(), 'mmassoc-cfg-'));
      assert.throws(
        () => c.run(dir),
        (err: unknown) => {
          assert.ok(isUserError(err), String(err));
          assert.ok(!err.message.includes('\n'), `one line: ${JSON.stringify(err.message)}`);
          assert.match(err.message, c.expect);
          return true;
        },
      );
    });
  }
});
