import { describe, expect, it } from 'vitest';
import { annotation, escapeData, escapeProperty, formatGithub } from '../../src/formatters/github.js';
import { cleanReport, sampleReport, SAMPLE_ROOT } from './sample-report.js';

describe('github annotations', () => {
  it('renders the sample report', async () => {
    await expect(formatGithub(sampleReport(), { cwd: SAMPLE_ROOT })).toMatchFileSnapshot('__snapshots__/sample.github.txt');
  });

  it('escapes messages as @actions/core escapeData does', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    // `%` first, so an escape sequence already in the text survives as text.
    expect(escapeData('literal %0A')).toBe('literal %250A');
  });

  it('escapes properties as @actions/core escapeProperty does', () => {
    expect(escapeProperty('src/a,b:c%.ts\n')).toBe('src/a%2Cb%3Ac%25.ts%0A');
  });

  it('builds a command from level, properties and message', () => {
    expect(annotation('note', [['file', 'a,b.ts'], ['line', 3], ['title', 'x:y']], 'one\ntwo')).toBe(
      '::notice file=a%2Cb.ts,line=3,title=x%3Ay::one%0Atwo',
    );
    expect(annotation('error', [], 'bare')).toBe('::error::bare');
  });

  it('writes one annotation line per unsuppressed finding with its full span and rule', () => {
    const lines = formatGithub(sampleReport(), { cwd: SAMPLE_ROOT }).trimEnd().split('\n');
    expect(lines.every((l) => l.startsWith('::'))).toBe(true);
    expect(lines[0]).toMatch(
      /^::error file=src\/app\/api\/\[tenant\]\/agent\.ts,line=23,col=9,endLine=23,endColumn=53,title=user-credential-in-mcp-client::The session cookie/,
    );
    expect(lines.filter((l) => l.includes('title=user-credential-in-'))).toHaveLength(3);
    expect(lines.join('\n')).not.toContain('user-credential-in-subagent');
  });

  it('joins what, why and fix into one escaped message', () => {
    const out = formatGithub(sampleReport(), { cwd: SAMPLE_ROOT });
    const prompt = out.split('\n').find((l) => l.includes('title=user-credential-in-prompt'));
    expect(prompt).toBe(
      '::warning file=src/server.ts,line=64,col=38,endLine=64,endColumn=46,title=user-credential-in-prompt::' +
        "The Authorization header of the incoming request is interpolated into the agent's instructions%0A" +
        'The model and its provider read the instructions: the credential is disclosed to them, and a prompt injection can exfiltrate it, 100%25 outside your audit trail.%0A' +
        'Fix: Keep the token out of model input; put the user id (a non-secret claim) in the instructions instead.',
    );
  });

  it('maps severities to error, warning and notice commands', () => {
    const report = sampleReport({ longTrace: false });
    const unsuppressed = { ...report, findings: report.findings.map(({ suppression: _s, ...f }) => f) };
    const out = formatGithub(unsuppressed, {});
    expect(out).toMatch(/^::notice file=src\/agents\/research\.ts,line=12,col=9,endLine=12,endColumn=18,title=user-credential-in-subagent::/m);
    expect(out).toMatch(/^::error file=src\/server\.ts,line=51,/m);
  });

  it('makes paths relative to the working directory, or to the root without one', () => {
    expect(formatGithub(sampleReport(), { cwd: '/home/dev' })).toContain('::error file=acme-agent/src/server.ts,line=51');
    expect(formatGithub(sampleReport(), {})).toContain('::error file=src/server.ts,line=51');
  });

  it('annotates skipped files and notices, once each', () => {
    const out = formatGithub(sampleReport(), {});
    expect(out).toContain("::warning file=src/legacy/broken.ts,title=file-skipped::File skipped: does not parse: ')' expected at 14:22\n");
    expect(out).toContain('::notice title=no-tsconfig::No tsconfig.json found; default compiler options were used\n');
    expect(out).not.toContain('src/legacy/broken.ts does not parse');
  });

  it('writes nothing for a clean scan', () => {
    expect(formatGithub(cleanReport(), {})).toBe('');
  });
});
