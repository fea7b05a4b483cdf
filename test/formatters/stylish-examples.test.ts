/** A fix example is printed once per report; later findings with the same fix point back to it. */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/formatters/index.js';
import { sampleReport } from './sample-report.js';

describe('stylish fix examples', () => {
  it('prints each example once', () => {
    const report = sampleReport({ longTrace: false });
    const first = report.findings.find((f) => !f.suppression)!;
    const example = 'const delegated = await exchange(userToken);';
    const twin = { ...first, location: { ...first.location, line: first.location.line + 40, endLine: first.location.endLine + 40 }, fix: { ...first.fix, example } };
    const withTwins = { ...report, findings: [{ ...first, fix: { ...first.fix, example } }, twin] };
    const out = formatReport(withTwins, 'stylish', { color: false });
    expect(out.split(example).length - 1).toBe(1);
    expect(out).toContain(`(example: see the first ${first.ruleId} finding above)`);
  });
});
