/**
 * Scans every fixture app (and the bundled example) and diffs the findings against the
 * inline expectations, in both directions: a missing or an extra finding fails.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/analyze/scan.js';
import { loadModel } from '../src/model/packs.js';
import { compare, readExpectations } from './expectations.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const model = loadModel();

const fixtureDirs = readdirSync(path.join(ROOT, 'fixtures'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => path.join('fixtures', d.name))
  .sort();

describe('fixtures', () => {
  it('has fixtures', () => {
    expect(fixtureDirs.length).toBeGreaterThan(50);
  });

  for (const dir of [...fixtureDirs, 'examples/support-desk']) {
    it(dir, () => {
      const abs = path.join(ROOT, dir);
      const { report } = scan({ paths: [abs], cwd: ROOT }, model);
      const actual = report.findings.map((f) => ({ file: f.location.file, line: f.location.line, rule: f.ruleId }));
      expect(report.skipped.filter((s) => s.file !== '')).toEqual([]);
      expect(compare(readExpectations(abs), actual)).toEqual([]);
    });
  }
});
