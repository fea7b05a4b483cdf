import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BASELINE_FILE,
  BaselineError,
  applyBaseline,
  pruneBaseline,
  readBaseline,
  readBaselineIfPresent,
  writeBaseline,
  type Baseline,
} from '../../src/baseline/index.js';
import type { Finding } from '../../src/report/finding.js';
import { makeFinding } from '../suppressions/make-finding.js';

let root: string;
let file: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ais-baseline-'));
  file = path.join(root, BASELINE_FILE);
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function suppressedCount(findings: Finding[]): number {
  return findings.filter((f) => f.suppression?.kind === 'external').length;
}

describe('baseline file', () => {
  it('writes a versioned, deterministically sorted file and reads it back', async () => {
    const findings = [
      makeFinding('src/b.ts', 9, 'user-credential-in-prompt', 'fp-2'),
      makeFinding('src/a.ts', 3, 'user-credential-in-tool', 'fp-1'),
      { ...makeFinding('src/a.ts', 7, 'user-credential-in-tool', 'fp-inline'), suppression: { kind: 'inSource' as const } },
    ];
    await writeBaseline(file, findings);
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Baseline;
    expect(json.version).toBe(1);
    expect(json.tool).toBe('agent-impersonation-scan');
    expect(json.entries.map((e) => [e.file, e.ruleId, e.fingerprint])).toEqual([
      ['src/a.ts', 'user-credential-in-tool', 'fp-1'],
      ['src/b.ts', 'user-credential-in-prompt', 'fp-2'],
    ]);
    expect(json.entries[0]?.message).toBe('token flows into user-credential-in-tool at src/a.ts:3');
    expect(await readBaseline(file)).toEqual(json);
    // Same findings in another order give byte-identical output.
    const first = fs.readFileSync(file, 'utf8');
    await writeBaseline(file, [...findings].reverse());
    expect(fs.readFileSync(file, 'utf8')).toBe(first);
    expect(fs.readdirSync(root)).toEqual([BASELINE_FILE]);
  });

  it('reports a malformed or foreign file clearly', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{ "version": 1, ', /not valid JSON .*--suppress-all/],
      ['[]', /expected a JSON object/],
      ['{"version":1,"tool":"eslint","entries":[]}', /"tool" must be "agent-impersonation-scan"/],
      ['{"version":2,"tool":"agent-impersonation-scan","entries":[]}', /unsupported version 2/],
      ['{"version":1,"tool":"agent-impersonation-scan","entries":{}}', /"entries" must be an array/],
      ['{"version":1,"tool":"agent-impersonation-scan","entries":[{"ruleId":"x","file":"a.ts"}]}', /entries\[0\]\.fingerprint must be a non-empty string/],
    ];
    for (const [text, message] of cases) {
      fs.writeFileSync(file, text);
      const error: unknown = await readBaseline(file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BaselineError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message.startsWith(`${file}: `)).toBe(true);
    }
  });

  it('treats a missing file as no baseline only when asked to', async () => {
    expect(await readBaselineIfPresent(file)).toBeUndefined();
    await expect(readBaseline(file)).rejects.toThrow(/baseline file not found/);
  });
});

describe('applyBaseline', () => {
  it('suppresses findings in the baseline even after they moved, and reports new ones', async () => {
    const baseline = await writeBaseline(file, [makeFinding('src/a.ts', 10, 'user-credential-in-tool', 'fp-old')]);
    const later = [
      makeFinding('src/a.ts', 42, 'user-credential-in-tool', 'fp-old'),
      makeFinding('src/a.ts', 43, 'user-credential-in-tool', 'fp-new-flow-same-sink'),
      makeFinding('src/a.ts', 42, 'user-credential-in-prompt', 'fp-old'),
      makeFinding('src/moved.ts', 42, 'user-credential-in-tool', 'fp-old'),
    ];
    const result = applyBaseline(later, baseline);
    expect(result.map((f) => f.suppression?.kind)).toEqual(['external', undefined, undefined, undefined]);
    expect(result[0]?.suppression).toEqual({ kind: 'external', justification: `baseline: ${BASELINE_FILE}` });
    expect(later[0]?.suppression).toBeUndefined();
  });

  it('is count-aware: one entry suppresses one of two identical findings', async () => {
    const baseline = await writeBaseline(file, [makeFinding('src/a.ts', 5, 'user-credential-in-tool', 'fp')]);
    const twice = [makeFinding('src/a.ts', 9, 'user-credential-in-tool', 'fp'), makeFinding('src/a.ts', 5, 'user-credential-in-tool', 'fp')];
    const result = applyBaseline(twice, baseline);
    expect(suppressedCount(result)).toBe(1);
    expect(result[1]?.suppression?.kind).toBe('external');
    const both = await writeBaseline(file, twice);
    expect(suppressedCount(applyBaseline(twice, both))).toBe(2);
  });

  it('leaves inline-suppressed findings alone so they do not consume entries', async () => {
    const baseline = await writeBaseline(file, [makeFinding('src/a.ts', 5, 'user-credential-in-tool', 'fp')]);
    const inline: Finding = { ...makeFinding('src/a.ts', 1, 'user-credential-in-tool', 'fp'), suppression: { kind: 'inSource', justification: 'ok' } };
    const result = applyBaseline([inline, makeFinding('src/a.ts', 5, 'user-credential-in-tool', 'fp')], baseline);
    expect(result.map((f) => f.suppression?.kind)).toEqual(['inSource', 'external']);
  });
});

describe('pruneBaseline', () => {
  it('keeps only entries that still occur, count-aware, and never adds any', async () => {
    const baseline = await writeBaseline(file, [
      makeFinding('src/a.ts', 1, 'user-credential-in-tool', 'fp-a'),
      makeFinding('src/a.ts', 2, 'user-credential-in-tool', 'fp-a'),
      makeFinding('src/b.ts', 1, 'user-credential-in-prompt', 'fp-gone'),
    ]);
    const now = [
      makeFinding('src/a.ts', 30, 'user-credential-in-tool', 'fp-a'),
      makeFinding('src/c.ts', 1, 'user-credential-in-tool', 'fp-brand-new'),
    ];
    const pruned = pruneBaseline(baseline, applyBaseline(now, baseline));
    expect(pruned.entries.map((e) => `${e.file}:${e.fingerprint}`)).toEqual(['src/a.ts:fp-a']);
    await writeBaseline(file, pruned);
    expect((await readBaseline(file)).entries).toHaveLength(1);
  });
});
