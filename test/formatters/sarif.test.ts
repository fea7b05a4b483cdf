import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  artifactUri,
  escapeSarifMessage,
  FINGERPRINT_KEY,
  formatSarif,
  markdownToText,
  ruleName,
  SARIF_MAX_THREAD_FLOW_STEPS,
} from '../../src/formatters/sarif.js';
import type { SarifLog, SarifResult } from '../../src/formatters/sarif-log.js';
import type { ScanReport } from '../../src/report/finding.js';
import { cleanReport, LONG_TRACE_STEPS, sampleReport, SAMPLE_ROOT } from './sample-report.js';
import { expectValid, validateSarif } from './validators.js';

/** Every SARIF log a test looks at goes through the OASIS schema first. */
function sarifOf(report: ScanReport): SarifLog {
  const log = JSON.parse(formatSarif(report)) as SarifLog;
  expectValid(validateSarif(log));
  return log;
}

function resultFor(log: SarifLog, ruleId: string): SarifResult {
  const result = log.runs[0]!.results.find((r) => r.ruleId === ruleId);
  if (!result) throw new Error(`no result for ${ruleId}`);
  return result;
}

describe('sarif', () => {
  it('renders the sample report', async () => {
    sarifOf(sampleReport({ longTrace: false }));
    await expect(formatSarif(sampleReport({ longTrace: false }))).toMatchFileSnapshot('__snapshots__/sample.sarif');
  });

  it('validates for the full sample, an empty scan and unusual findings', () => {
    sarifOf(sampleReport());
    sarifOf(cleanReport());
    const report = sampleReport({ longTrace: false });
    const [first, ...rest] = report.findings;
    sarifOf({ ...report, findings: [{ ...first!, suppression: { kind: 'external' } }, ...rest] });
    sarifOf({ ...report, rules: [] });
  });

  it('has a validator that rejects invalid SARIF', () => {
    const log = sarifOf(sampleReport({ longTrace: false }));
    const broken = structuredClone(log) as unknown as { runs: Array<{ results: Array<{ level: string }> }> };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(validateSarif(broken)).not.toEqual([]);
    expect(validateSarif({ ...log, version: '2.0.0' })).not.toEqual([]);
  });

  it('describes the tool and every rule', () => {
    const { driver } = sarifOf(sampleReport()).runs[0]!.tool;
    expect(driver).toMatchObject({ name: 'agent-impersonation-scan', version: '0.1.0' });
    expect(driver.rules.map((r) => r.id)).toEqual(sampleReport().rules.map((r) => r.id));
    expect(driver.rules[3]).toMatchObject({
      id: 'mcp-token-passthrough',
      name: 'McpTokenPassthrough',
      defaultConfiguration: { level: 'error' },
      properties: { precision: 'high', 'security-severity': '8.8', 'problem.severity': 'error', tags: ['security', 'CWE-441', 'OWASP-ASI03'] },
    });
    expect(driver.rules[0]!.help.markdown).toContain('**as the user**');
    expect(driver.rules[0]!.help.text).not.toMatch(/\*\*|```|^##/m);
  });

  it('maps a note rule to the code-scanning "recommendation" problem severity', () => {
    const report = sampleReport({ longTrace: false });
    const rules = report.rules.map((r) => (r.id === 'user-credential-in-prompt' ? { ...r, defaultSeverity: 'note' as const } : r));
    const rule = sarifOf({ ...report, rules }).runs[0]!.tool.driver.rules.find((r) => r.id === 'user-credential-in-prompt');
    expect(rule?.properties['problem.severity']).toBe('recommendation');
    expect(rule?.defaultConfiguration.level).toBe('note');
  });

  it('points each result at its rule by id and index', () => {
    const run = sarifOf(sampleReport()).runs[0]!;
    expect(run.results).toHaveLength(5);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex!]!.id).toBe(result.ruleId);
  });

  it('reports the sink as the primary location, relative to %SRCROOT%', () => {
    const log = sarifOf(sampleReport({ longTrace: false }));
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/dev/acme-agent/' } });
    expect(log.runs[0]!.columnKind).toBe('utf16CodeUnits');
    const result = resultFor(log, 'user-credential-in-mcp-client');
    expect(result.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'src/app/api/%5Btenant%5D/agent.ts', uriBaseId: '%SRCROOT%' },
          region: { startLine: 23, startColumn: 9, endLine: 23, endColumn: 53 },
        },
      },
    ]);
    const base = log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri;
    const uri = result.locations[0]!.physicalLocation!.artifactLocation.uri;
    expect(fileURLToPath(new URL(uri, base))).toBe(`${SAMPLE_ROOT}/src/app/api/[tenant]/agent.ts`);
  });

  it('carries the trace as a code flow and the source as a related location', () => {
    const result = resultFor(sarifOf(sampleReport({ longTrace: false })), 'user-credential-in-tool');
    const steps = result.codeFlows![0]!.threadFlows[0]!.locations;
    expect(steps.map((s) => [s.location.physicalLocation?.region?.startLine, s.location.message?.text, s.kinds, s.executionOrder])).toEqual([
      [42, 'source: Authorization header of the incoming request', ['taint', 'source'], 1],
      [43, 'assigned to token', ['taint'], 2],
      [51, 'sink: run context read by tools', ['taint', 'sink'], 3],
    ]);
    expect(result.relatedLocations).toEqual([
      { id: 1, physicalLocation: steps[0]!.location.physicalLocation, message: { text: 'source: Authorization header of the incoming request' } },
    ]);
  });

  it(`caps a code flow at ${SARIF_MAX_THREAD_FLOW_STEPS} steps, keeping both ends`, () => {
    const flow = resultFor(sarifOf(sampleReport()), 'user-credential-in-mcp-client').codeFlows![0]!.threadFlows[0]!;
    expect(flow.locations).toHaveLength(SARIF_MAX_THREAD_FLOW_STEPS);
    const order = flow.locations.map((l) => l.executionOrder);
    expect(order.slice(0, 2)).toEqual([1, 2]);
    expect(order.slice(498, 502)).toEqual([499, 500, 1001, 1002]);
    expect(order.at(-1)).toBe(LONG_TRACE_STEPS);
    expect(flow.locations[0]!.kinds).toEqual(['taint', 'source']);
    expect(flow.locations.at(-1)!.kinds).toEqual(['taint', 'sink']);
    expect(flow.message?.text).toBe('Trace of 1500 steps shortened to 1000: steps 501–1000 are omitted.');
    expect(flow.properties).toEqual({ totalSteps: 1500, omittedSteps: { first: 501, last: 1000 } });
  });

  it('puts what, why and fix into the message, and the fix into properties, never into SARIF fixes', () => {
    const log = sarifOf(sampleReport({ longTrace: false }));
    const result = resultFor(log, 'mcp-token-passthrough');
    expect(result.message.text).toBe(
      "The token the MCP client presented (extra.authInfo.token) is sent to api.github.com by the tool 'list_issues'\n" +
        'Token passthrough: GitHub sees the end user, not this server, and the token was issued for this MCP server, not for GitHub.\n' +
        "Fix: Exchange the received token for one whose audience is GitHub (RFC 8693), or call GitHub with this server's own OAuth client.",
    );
    expect(result.message.markdown).toContain("**Fix:** Exchange the received token");
    expect(result.message.markdown).toContain("```ts\nconst upstream = await exchangeToken({");
    expect(result.properties).toMatchObject({
      confidence: 'high',
      sourceKind: 'mcp-caller-token',
      sinkKind: 'mcp-upstream-call',
      framework: '@modelcontextprotocol/sdk',
      condition: "process.env.FORWARD_GITHUB_TOKEN === '1'",
      fix: { summary: 'Exchange the token for a GitHub-audience token before calling upstream.' },
    });
    for (const r of log.runs[0]!.results) expect(r).not.toHaveProperty('fixes');
  });

  it('fingerprints results with the line-independent finding fingerprint', () => {
    const result = resultFor(sarifOf(sampleReport()), 'user-credential-in-tool');
    expect(result.partialFingerprints).toEqual({
      primaryLocationLineHash: 'v1:c5e1a3f7092b4d6e8f1a3c5e7b9d0f24',
      [FINGERPRINT_KEY]: 'v1:c5e1a3f7092b4d6e8f1a3c5e7b9d0f24',
    });
  });

  it('marks suppressed findings as accepted suppressions and leaves others alone', () => {
    const log = sarifOf(sampleReport());
    expect(resultFor(log, 'user-credential-in-subagent').suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'reviewed: the research agent only calls our read-only API',
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'src/agents/research.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 11, startColumn: 5, endLine: 11, endColumn: 93 },
          },
        },
      },
    ]);
    expect(log.runs[0]!.results.filter((r) => r.suppressions)).toHaveLength(1);
  });

  it('reports skipped files and notices as tool execution notifications', () => {
    const [invocation] = sarifOf(sampleReport()).runs[0]!.invocations;
    expect(invocation!.executionSuccessful).toBe(true);
    const notes = invocation!.toolExecutionNotifications!;
    expect(notes.map((n) => [n.level, n.descriptor.id, n.locations?.[0]?.physicalLocation?.artifactLocation.uri])).toEqual([
      ['warning', 'file-skipped', 'src/legacy/broken.ts'],
      ['warning', 'file-skipped', 'vendor/bundle.min.js'],
      ['note', 'no-tsconfig', undefined],
      ['warning', 'unused-disable-directive', 'src/server.ts'],
    ]);
    expect(notes[3]!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 70, startColumn: 3, endLine: 70, endColumn: 65 });
    expect(sarifOf(cleanReport()).runs[0]!.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('encodes paths as URI references', () => {
    expect(artifactUri('src/app/[id]/page.tsx')).toBe('src/app/%5Bid%5D/page.tsx');
    expect(artifactUri('my docs/a#b?.ts')).toBe('my%20docs/a%23b%3F.ts');
    expect(artifactUri('src/@scope/a+b,c;d=e.ts')).toBe('src/@scope/a+b,c;d=e.ts');
    // A colon in the first segment would read as a URI scheme.
    expect(artifactUri('c:d/e.ts')).toBe('c%3Ad/e.ts');
  });

  it('escapes text that SARIF would read as a link to a related location', () => {
    expect(escapeSarifMessage('headers[0](1) and a[b]')).toBe('headers\\[0\\](1) and a[b]');
  });

  it('names rules in PascalCase and strips Markdown for help text', () => {
    expect(ruleName('user-credential-in-mcp-client')).toBe('UserCredentialInMcpClient');
    expect(markdownToText('## Fix\nUse `x` and **y**, see [RFC](https://a.example/).\n```ts\ncode()\n```')).toBe(
      'Fix\nUse x and y, see RFC (https://a.example/).\ncode()',
    );
  });
});
