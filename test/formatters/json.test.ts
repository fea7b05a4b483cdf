import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatJson, JSON_FORMAT_VERSION, toJsonReport } from '../../src/formatters/json.js';
import { sortFindings } from '../../src/formatters/order.js';
import type { Finding, ScanReport } from '../../src/report/finding.js';
import { cleanReport, LONG_TRACE_STEPS, sampleReport } from './sample-report.js';
import { expectValid, validateJsonReport } from './validators.js';

function parsed(report: ScanReport): Record<string, unknown> {
  const value = JSON.parse(formatJson(report)) as Record<string, unknown>;
  expectValid(validateJsonReport(value));
  return value;
}

/** The same finding with its keys in reverse order, as another engine version might build it. */
function reversedKeys<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).reverse()) as T;
}

describe('json', () => {
  it('renders the sample report', async () => {
    await expect(formatJson(sampleReport({ longTrace: false }))).toMatchFileSnapshot('__snapshots__/sample.json');
  });

  it('validates against schemas/report.schema.json', () => {
    parsed(sampleReport());
    parsed(sampleReport({ longTrace: false }));
    parsed(cleanReport());
  });

  it('has a schema that rejects what the format does not allow', () => {
    const good = toJsonReport(sampleReport({ longTrace: false }));
    const { summary: _summary, ...noSummary } = good;
    expect(validateJsonReport(noSummary)).not.toEqual([]);
    expect(validateJsonReport({ ...good, version: 2 })).not.toEqual([]);
    expect(validateJsonReport({ ...good, undocumented: true })).not.toEqual([]);
    const badSeverity = { ...good, findings: [{ ...good.findings[0], severity: 'fatal' }] };
    expect(validateJsonReport(badSeverity)).not.toEqual([]);
    const zeroLine = { ...good, findings: [{ ...good.findings[0], location: { ...good.findings[0]!.location, line: 0 } }] };
    expect(validateJsonReport(zeroLine)).not.toEqual([]);
  });

  it('names its schema and format version', () => {
    const out = parsed(sampleReport());
    expect(out['$schema']).toBe('https://unpkg.com/agent-impersonation-scan@0.1.0/schemas/report.schema.json');
    expect(out['version']).toBe(JSON_FORMAT_VERSION);
    expect(JSON_FORMAT_VERSION).toBe(1);
    const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as {
      properties: { version: { const: number } };
    };
    expect(schema.properties.version.const).toBe(JSON_FORMAT_VERSION);
  });

  it('summarises the scan', () => {
    expect(parsed(sampleReport())['summary']).toEqual({
      errors: 3,
      warnings: 1,
      notes: 0,
      suppressed: 1,
      filesScanned: 42,
      skippedFiles: 2,
      durationMs: 812,
    });
  });

  it('keeps every finding field, suppressed findings and whole traces included', () => {
    const report = sampleReport();
    const findings = parsed(report)['findings'] as Finding[];
    expect(findings).toEqual(sortFindings(report.findings));
    expect(findings.find((f) => f.ruleId === 'user-credential-in-mcp-client')?.trace).toHaveLength(LONG_TRACE_STEPS);
    expect(findings.find((f) => f.suppression)?.suppression?.kind).toBe('inSource');
  });

  it('keeps the raw skipped and notice lists', () => {
    const out = parsed(sampleReport());
    expect(out['skipped']).toEqual([
      { file: 'src/legacy/broken.ts', reason: "does not parse: ')' expected at 14:22" },
      { file: 'vendor/bundle.min.js', reason: 'larger than 1 MB' },
    ]);
    expect((out['notices'] as Array<{ code: string }>).map((n) => n.code)).toEqual([
      'no-tsconfig',
      'file-skipped',
      'unused-disable-directive',
    ]);
  });

  it('writes the same bytes whatever key order the engine built its objects in', () => {
    const report = sampleReport({ longTrace: false });
    const shuffled: ScanReport = {
      ...report,
      findings: report.findings.map((f) => reversedKeys({ ...f, message: reversedKeys(f.message), location: reversedKeys(f.location) })),
    };
    expect(formatJson(shuffled)).toBe(formatJson(report));
  });
});
