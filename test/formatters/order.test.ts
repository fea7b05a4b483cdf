import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, formatReport, isFormatName } from '../../src/formatters/index.js';
import { compareFindings, sortFindings } from '../../src/formatters/order.js';
import type { Finding, ScanReport } from '../../src/report/finding.js';
import { sampleReport } from './sample-report.js';
import { expectValid, validateJsonReport, validateSarif } from './validators.js';

function at(file: string, line: number, column: number, ruleId: Finding['ruleId']): Finding {
  const base = sampleReport({ longTrace: false }).findings[0]!;
  return { ...base, ruleId, location: { file, line, column, endLine: line, endColumn: column + 1 } };
}

function permutations(report: ScanReport): ScanReport[] {
  const rotate = <T>(xs: T[], n: number): T[] => [...xs.slice(n), ...xs.slice(0, n)];
  return [1, 2, 3].map((n) => ({
    ...report,
    findings: n === 3 ? [...report.findings].reverse() : rotate(report.findings, n),
    skipped: [...report.skipped].reverse(),
    notices: rotate(report.notices, n % report.notices.length),
  }));
}

describe('deterministic order', () => {
  it('sorts by file, then line, then column, then rule id', () => {
    const expected = [
      at('src/a.ts', 2, 5, 'user-credential-in-tool'),
      at('src/a.ts', 10, 1, 'user-credential-in-prompt'),
      at('src/a.ts', 10, 3, 'mcp-token-passthrough'),
      at('src/a.ts', 10, 3, 'user-credential-in-tool'),
      at('src/b.ts', 1, 1, 'mcp-token-passthrough'),
      at('src/b/c.ts', 1, 1, 'mcp-token-passthrough'),
    ];
    expect(sortFindings([...expected].reverse())).toEqual(expected);
    expect(sortFindings([expected[3]!, expected[0]!, expected[5]!, expected[2]!, expected[4]!, expected[1]!])).toEqual(expected);
  });

  it('compares lines as numbers, not text', () => {
    expect(compareFindings(at('a.ts', 9, 1, 'user-credential-in-tool'), at('a.ts', 10, 1, 'user-credential-in-tool'))).toBeLessThan(0);
  });

  it.each(FORMAT_NAMES)('%s output does not depend on the order the engine reported in', (format) => {
    const report = sampleReport({ longTrace: false });
    const reference = formatReport(report, format, { color: false, cwd: '/home/dev' });
    for (const shuffled of permutations(report)) {
      expect(formatReport(shuffled, format, { color: false, cwd: '/home/dev' })).toBe(reference);
    }
    if (format === 'sarif') expectValid(validateSarif(JSON.parse(reference)));
    if (format === 'json') expectValid(validateJsonReport(JSON.parse(reference)));
  });

  it.each(FORMAT_NAMES)('%s leaves the report untouched', (format) => {
    const report = sampleReport({ longTrace: false });
    const before = structuredClone(report);
    formatReport(report, format, { color: true });
    expect(report).toEqual(before);
  });

  it('knows its format names', () => {
    expect(FORMAT_NAMES).toEqual(['stylish', 'json', 'sarif', 'github']);
    expect(isFormatName('sarif')).toBe(true);
    expect(isFormatName('junit')).toBe(false);
  });
});
