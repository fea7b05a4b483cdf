import { describe, expect, it } from 'vitest';
import { shorten, formatStylish, STYLISH_TRACE_HEAD, STYLISH_TRACE_TAIL } from '../../src/formatters/stylish.js';
import { cleanReport, LONG_TRACE_STEPS, sampleReport, SAMPLE_ROOT } from './sample-report.js';

const ANSI = /\u001b\[[0-9;]*m/g;

describe('stylish', () => {
  it('renders the sample report', async () => {
    await expect(formatStylish(sampleReport(), { color: false })).toMatchFileSnapshot('__snapshots__/sample.stylish.txt');
  });

  it('colours only when asked, and colour adds nothing but escape codes', () => {
    const plain = formatStylish(sampleReport(), { color: false });
    const coloured = formatStylish(sampleReport(), { color: true });
    expect(plain).not.toMatch(ANSI);
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\u001b[31merror');
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });

  it('shows paths relative to the working directory when given one', () => {
    const out = formatStylish(sampleReport(), { color: false, cwd: '/home/dev' });
    expect(out.split('\n')).toContain('acme-agent/src/server.ts');
    expect(out).toContain('     1. acme-agent/src/server.ts:42:17  source: Authorization header');
    expect(formatStylish(sampleReport(), { color: false, cwd: SAMPLE_ROOT }).split('\n')).toContain('src/server.ts');
  });

  it('lists a finding as position, severity, what and rule, then its trace, why and fix', () => {
    const lines = formatStylish(sampleReport(), { color: false }).split('\n');
    const at = lines.findIndex((l) => l.includes('user-credential-in-tool'));
    expect(lines[at]).toBe(
      "  51:7   error    The Authorization header of the incoming request is put into the run context that the tool 'lookupTicket' reads  user-credential-in-tool",
    );
    expect(lines.slice(at + 1, at + 10)).toEqual([
      '      trace:',
      '        1. src/server.ts:42:17  source: Authorization header of the incoming request  req.headers.authorization',
      "        2. src/server.ts:43:9  assigned to token  const token = auth?.replace(/^Bearer /, '')",
      '        3. src/server.ts:51:7  sink: run context read by tools  context: { token }',
      "      why: Every call the tool makes runs as the user, with all of the user's permissions, for actions the agent chose.",
      "      fix: Exchange the user's token for a delegated, ticket-scoped token (RFC 8693) and put that into the context.",
      '           const delegated = await exchangeToken({ subjectToken: token, actorToken: agentCredential });',
      '           await run(agent, input, { context: { token: delegated } });',
      '  64:38  warning  The Authorization header of the incoming request is interpolated into the agent\'s instructions  user-credential-in-prompt',
    ]);
  });

  it('names the condition a config-gated flow depends on', () => {
    expect(formatStylish(sampleReport(), { color: false })).toContain(
      "      only when: process.env.FORWARD_GITHUB_TOKEN === '1'",
    );
  });

  it('counts suppressed findings without listing them', () => {
    const out = formatStylish(sampleReport(), { color: false });
    expect(out).not.toContain('researchAgent');
    expect(out).not.toContain('src/agents/research.ts');
    expect(out.trimEnd().split('\n').at(-1)).toBe('✖ 4 problems (3 errors, 1 warning, 0 notes), 1 suppressed');
  });

  it('shortens a long trace to its two ends', () => {
    const out = formatStylish(sampleReport(), { color: false });
    const omitted = LONG_TRACE_STEPS - STYLISH_TRACE_HEAD - STYLISH_TRACE_TAIL;
    expect(out).toContain(`… ${omitted} more steps (the json and sarif formats list them all) …`);
    expect(out).toContain(`   ${STYLISH_TRACE_HEAD}. src/lib/wrap.ts:${STYLISH_TRACE_HEAD - 1}:10`);
    expect(out).not.toContain(`wrap${STYLISH_TRACE_HEAD}(token)`);
    expect(out).toContain('1500. src/app/api/[tenant]/agent.ts:23:9  sink: MCP client transport header');
  });

  it('lists skipped files and notices once, and drops a notice that repeats a skipped file', () => {
    const out = formatStylish(sampleReport(), { color: false });
    expect(out).toContain("Skipped files:\n  src/legacy/broken.ts  does not parse: ')' expected at 14:22\n  vendor/bundle.min.js  larger than 1 MB");
    expect(out).toContain('Notices:\n  note     No tsconfig.json found; default compiler options were used  no-tsconfig\n');
    expect(out).toContain('  warning  src/server.ts:70:3  Unused agent-impersonation-scan-disable-next-line');
    expect(out).not.toContain('src/legacy/broken.ts does not parse');
  });

  it('says so when there is nothing to report', () => {
    expect(formatStylish(cleanReport(), { color: false })).toBe('✔ No problems found (42 files scanned)\n');
    const onlySuppressed = { ...cleanReport(), findings: sampleReport().findings.filter((f) => f.suppression) };
    expect(formatStylish(onlySuppressed, { color: false })).toBe('✔ No problems found (42 files scanned), 1 suppressed\n');
    const oneFile = { ...cleanReport(), stats: { filesScanned: 1, durationMs: 3 } };
    expect(formatStylish(oneFile, { color: false })).toBe('✔ No problems found (1 file scanned)\n');
  });

  it('uses singular words for single counts', () => {
    const report = sampleReport();
    const one = { ...report, findings: report.findings.filter((f) => f.ruleId === 'user-credential-in-prompt') };
    expect(formatStylish(one, { color: false }).trimEnd().split('\n').at(-1)).toBe(
      '✖ 1 problem (0 errors, 1 warning, 0 notes), 0 suppressed',
    );
  });

  it('keeps trace snippets to one short line', () => {
    expect(shorten('foo(\n    a,\n    b\n)')).toBe('foo( a, b )');
    const long = shorten(`callSomething(${'x'.repeat(100)})`);
    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });
});
