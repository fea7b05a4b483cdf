/**
 * The shared acceptance cases (../shared/acceptance beside the repository, as in CI):
 * the built CLI's SARIF validates against the SARIF 2.1.0 schema and scores at least
 * precision 0.95 / recall 0.90 with the shared scorer. Skipped when the folder is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectValid, validateSarif } from './formatters/validators.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ACCEPTANCE = path.resolve(ROOT, '..', 'shared', 'acceptance');
const BIN = path.join(ROOT, 'bin', 'agent-impersonation-scan.js');

describe.skipIf(!existsSync(path.join(ACCEPTANCE, 'cases')) || !existsSync(BIN))('shared acceptance cases', () => {
  it('scans to valid SARIF that scores precision >= 0.95 and recall >= 0.90', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'ais-acc-')), 'acc.sarif');
    const scan = spawnSync(process.execPath, [BIN, path.join(ACCEPTANCE, 'cases'), '-f', 'sarif', '-o', out], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(scan.stderr).not.toMatch(/internal error/);
    expect([0, 1]).toContain(scan.status);
    expectValid(validateSarif(JSON.parse(readFileSync(out, 'utf8'))));
    const score = spawnSync(process.execPath, [path.join(ACCEPTANCE, 'score.mjs'), out, path.join(ACCEPTANCE, 'cases')], { encoding: 'utf8' });
    const last = score.stdout.trim().split('\n').pop() ?? '';
    const m = /precision=([\d.]+) recall=([\d.]+)/.exec(last);
    expect(m, last).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(0.95);
    expect(Number(m![2])).toBeGreaterThanOrEqual(0.9);
  });
});
