/**
 * The built binary, end to end: exit codes, every output format, configuration,
 * suppressions, the baseline, and odd input. Spawns `node bin/agent-impersonation-scan.js`
 * (the npm test script builds first), so this is what a user runs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExpectations } from './expectations.js';
import { expectValid, validateJsonReport, validateSarif } from './formatters/validators.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'agent-impersonation-scan.js');
const EXAMPLE = 'examples/support-desk';
const CLEAN_FIXTURE = 'fixtures/neg-user-id-only-openai-agents';
/** One file, one `user-credential-in-tool` error. */
const TOOL_FIXTURE = 'fixtures/fw-openai-agents-tool-closure';
/** One file, one `mcp-token-passthrough` error. */
const PASSTHROUGH_FIXTURE = 'fixtures/mcp-server-v1-registertool-fetch-passthrough';
/** One file, one heuristic (warning) `user-credential-in-tool` finding. */
const WARNING_FIXTURE = 'fixtures/fw-llamaindex-function-tool-heuristic';
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A V8 stack frame line: what a user must never see without --debug. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface JsonSpan {
  file: string;
  line: number;
  column: number;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  location: JsonSpan;
  trace: Array<{ span: JsonSpan; label: string; role: string }>;
  message: { what: string; why: string; fix: string };
  fingerprint: string;
  suppression?: { kind: string; justification?: string };
}

interface JsonReport {
  findings: JsonFinding[];
  skipped: Array<{ file: string; reason: string }>;
  notices: Array<{ level: string; code: string; message: string }>;
  summary: { errors: number; warnings: number; suppressed: number; filesScanned: number };
}

interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification?: string }> }> }>;
}

function cli(args: string[], cwd = ROOT, extraEnv: NodeJS.ProcessEnv = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extraEnv };
  delete env['FORCE_COLOR'];
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(args: string[], cwd = ROOT): { run: Run; report: JsonReport } {
  const run = cli([...args, '-f', 'json'], cwd);
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

const tempDirs: string[] = [];

/** A fresh temp folder holding copies of the given fixture folders' files. */
function tempProject(...fixtures: string[]): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ais-cli-')));
  tempDirs.push(dir);
  for (const fixture of fixtures) fs.cpSync(path.join(ROOT, fixture), dir, { recursive: true });
  return dir;
}

/** Inserts `text` as a line above the first line containing `marker`; returns that line's new number. */
function insertAbove(file: string, marker: string, text: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(marker));
  if (index < 0) throw new Error(`${marker} not in ${file}`);
  const indent = /^\s*/.exec(lines[index]!)![0];
  lines.splice(index, 0, `${indent}${text}`);
  fs.writeFileSync(file, lines.join('\n'));
  return index + 2;
}

function expectNoStackTrace(run: Run): void {
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stdout).not.toMatch(STACK_FRAME);
  expect(run.stderr).not.toContain('internal error');
}

const exampleAlerts = readExpectations(path.join(ROOT, EXAMPLE)).filter((e) => e.kind === 'alert');

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before these tests (`npm test` does).');
  }
});

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('scanning the example app', () => {
  it('exits 1 and the stylish report names every finding and a summary', () => {
    const run = cli([EXAMPLE]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(exampleAlerts.length).toBeGreaterThan(0);
    for (const alert of exampleAlerts) {
      expect(run.stdout).toContain(alert.rule);
      expect(run.stdout).toContain(alert.file);
      expect(run.stdout).toMatch(new RegExp(`^\\s+${alert.line}:\\d+\\s+error\\s`, 'm'));
    }
    expect(run.stdout).toContain('trace:');
    expect(run.stdout).toContain('fix:');
    const n = exampleAlerts.length;
    expect(run.stdout).toContain(`✖ ${n} problem${n === 1 ? '' : 's'} (${n} error${n === 1 ? '' : 's'}, 0 warnings`);
    // NO_COLOR is honoured: no ANSI escapes.
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('-f json: a valid report whose findings carry ruleId, location and a source-to-sink trace', () => {
    const { run, report } = json([EXAMPLE]);
    expect(run.code).toBe(1);
    expectValid(validateJsonReport(report));
    expect(report.findings.map((f) => `${f.location.file}:${f.location.line} ${f.ruleId}`).sort()).toEqual(
      exampleAlerts.map((a) => `${a.file}:${a.line} ${a.rule}`).sort(),
    );
    for (const f of report.findings) {
      expect(f.trace.length).toBeGreaterThanOrEqual(2);
      expect(f.trace[0]!.role).toBe('source');
      expect(f.trace.at(-1)!.role).toBe('sink');
      expect(f.trace.at(-1)!.span).toEqual(f.location);
      expect(f.message.what).not.toBe('');
      expect(f.message.fix).not.toBe('');
      expect(f.fingerprint).toMatch(/\S/);
    }
    expect(report.summary.errors).toBe(exampleAlerts.length);
  });

  it('-f sarif -o writes a SARIF 2.1.0 file (and nothing to stdout)', () => {
    const dir = tempProject();
    const out = path.join(dir, 'nested', 'scan.sarif');
    const run = cli([EXAMPLE, '-f', 'sarif', '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const log = JSON.parse(fs.readFileSync(out, 'utf8')) as SarifLog;
    expectValid(validateSarif(log));
    expect(log.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual(exampleAlerts.map((a) => a.rule).sort());
  });

  it('-p scans the files of a tsconfig', () => {
    const { run, report } = json(['-p', `${EXAMPLE}/tsconfig.json`]);
    expect(run.code).toBe(1);
    expect(report.findings.map((f) => `${f.location.file}:${f.location.line}`).sort()).toEqual(
      exampleAlerts.map((a) => `${EXAMPLE}/${a.file}:${a.line}`).sort(),
    );
  });

  it('-f github prints one ::error annotation per finding', () => {
    const run = cli([EXAMPLE, '-f', 'github']);
    expect(run.code).toBe(1);
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::error file='));
    expect(annotations).toHaveLength(exampleAlerts.length);
    for (const alert of exampleAlerts) {
      expect(annotations.some((a) => a.startsWith(`::error file=${EXAMPLE}/${alert.file},line=${alert.line},`) && a.includes(alert.rule))).toBe(true);
    }
  });
});

describe('exit codes and options', () => {
  it('a clean fixture exits 0', () => {
    const run = cli([CLEAN_FIXTURE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No problems found');
    expect(json([CLEAN_FIXTURE]).report.findings).toEqual([]);
  });

  it('an unknown option exits 2 with a one-line reason and a usage hint, no stack trace', () => {
    const run = cli(['--frobnicate', EXAMPLE]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      "agent-impersonation-scan: unknown option '--frobnicate'",
      "Run 'agent-impersonation-scan --help' for usage.",
    ]);
    expectNoStackTrace(run);
  });

  it('a mistyped option suggests the right one', () => {
    const run = cli(['--quite', EXAMPLE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Did you mean --quiet?');
    expectNoStackTrace(run);
  });

  it('a bad option value exits 2 and lists the allowed values', () => {
    const run = cli(['-f', 'xml', EXAMPLE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stylish, json, sarif, github');
    expect(run.stderr).toContain('--help');
    expectNoStackTrace(run);
  });

  it('a missing path exits 2 and names it', () => {
    const run = cli(['no/such/folder']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no/such/folder');
    expectNoStackTrace(run);
  });

  it('a folder without source files exits 2', () => {
    const dir = tempProject();
    fs.writeFileSync(path.join(dir, 'notes.md'), '# nothing to scan\n');
    const run = cli([dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no JavaScript or TypeScript files/);
    expectNoStackTrace(run);
  });

  it('--version prints the package version', () => {
    for (const flag of ['--version', '-v']) {
      const run = cli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(VERSION);
    }
  });

  it('--help shows usage, options and examples', () => {
    const run = cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: agent-impersonation-scan');
    expect(run.stdout).toContain('--fail-on');
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('$ agent-impersonation-scan -f sarif -o scan.sarif');
    expect(run.stdout).toMatch(/Exit codes: 0 .*1 .*2 /);
  });

  it('--list-rules lists the five rules with their severity', () => {
    const run = cli(['--list-rules']);
    expect(run.code).toBe(0);
    const ids = run.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    expect(ids.sort()).toEqual(
      ['mcp-token-passthrough', 'user-credential-in-mcp-client', 'user-credential-in-prompt', 'user-credential-in-subagent', 'user-credential-in-tool'].sort(),
    );
    for (const line of run.stdout.trim().split('\n')) expect(line).toMatch(/^\S+\s+(error|warning|note)\s+\S/);
  });

  it('a warning-only scan exits 0 by default; --fail-on warning/note makes it fail', () => {
    expect(cli([WARNING_FIXTURE]).code).toBe(0);
    expect(cli([WARNING_FIXTURE, '--fail-on', 'warning']).code).toBe(1);
    expect(cli([WARNING_FIXTURE, '--fail-on', 'note']).code).toBe(1);
    const { report } = json([WARNING_FIXTURE]);
    expect(report.findings.map((f) => f.severity)).toEqual(['warning']);
  });

  it('--max-warnings fails only when the warnings exceed the limit', () => {
    expect(cli([WARNING_FIXTURE, '--max-warnings', '0']).code).toBe(1);
    expect(cli([WARNING_FIXTURE, '--max-warnings', '1']).code).toBe(0);
    const bad = cli([WARNING_FIXTURE, '--max-warnings', '-1']);
    expect(bad.code).toBe(2);
    expectNoStackTrace(bad);
  });

  it('--fail-on error still fails on errors', () => {
    expect(cli([TOOL_FIXTURE, '--fail-on', 'error']).code).toBe(1);
  });

  it('--quiet hides warnings but keeps errors', () => {
    const quiet = cli([WARNING_FIXTURE, '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('user-credential-in-tool');
    expect(json([WARNING_FIXTURE, '--quiet']).report.findings).toEqual([]);
    const errors = cli([TOOL_FIXTURE, '--quiet']);
    expect(errors.code).toBe(1);
    expect(errors.stdout).toContain('user-credential-in-tool');
  });
});

describe('the code cache of the TypeScript library', () => {
  it('is written to the cache folder once, reused, and changes nothing in the output', () => {
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ais-cache-'));
    tempDirs.push(cacheHome);
    const first = cli([TOOL_FIXTURE, '-f', 'json'], ROOT, { XDG_CACHE_HOME: cacheHome });
    const folder = path.join(cacheHome, 'agent-impersonation-scan');
    const written = fs.readdirSync(folder);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^typescript-.*\.v8$/);
    const stamp = fs.statSync(path.join(folder, written[0]!)).mtimeMs;
    const second = cli([TOOL_FIXTURE, '-f', 'json'], ROOT, { XDG_CACHE_HOME: cacheHome });
    expect(fs.statSync(path.join(folder, written[0]!)).mtimeMs).toBe(stamp);
    const strip = (out: string): unknown => ({ ...(JSON.parse(out) as JsonReport), stats: undefined, summary: { ...(JSON.parse(out) as JsonReport).summary, durationMs: undefined } });
    expect(first.code).toBe(1);
    expect(second.code).toBe(1);
    expect(strip(second.stdout)).toEqual(strip(first.stdout));
  });

  it('is neither read nor written with AGENT_IMPERSONATION_SCAN_NO_CACHE', () => {
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ais-cache-'));
    tempDirs.push(cacheHome);
    const run = cli([TOOL_FIXTURE], ROOT, { XDG_CACHE_HOME: cacheHome, AGENT_IMPERSONATION_SCAN_NO_CACHE: '1' });
    expect(run.code).toBe(1);
    expect(fs.existsSync(path.join(cacheHome, 'agent-impersonation-scan'))).toBe(false);
  });

  it('is skipped, not fatal, when the cache folder cannot be written', () => {
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ais-cache-'));
    tempDirs.push(cacheHome);
    fs.writeFileSync(path.join(cacheHome, 'agent-impersonation-scan'), 'a file where the folder should be');
    const run = cli([TOOL_FIXTURE], ROOT, { XDG_CACHE_HOME: cacheHome });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
  });
});

describe('configuration', () => {
  it('an inline sanitizer in the configuration makes its result a delegated token', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ais-cli-')));
    tempDirs.push(dir);
    fs.writeFileSync(
      path.join(dir, 'agent.ts'),
      [
        "import { tool } from 'ai';",
        "import { z } from 'zod';",
        "import { exchangeForAgent } from '@acme/auth';",
        'export function tools(req: Request) {',
        "  const delegated = exchangeForAgent(req.headers.get('authorization'));",
        "  return tool({ description: 'orders', inputSchema: z.object({}), execute: async () => fetch('https://orders.example.com', { headers: { Authorization: String(delegated) } }) });",
        '}',
        '',
      ].join('\n'),
    );
    expect(cli([dir]).code).toBe(1);
    fs.writeFileSync(
      path.join(dir, '.agent-impersonation-scan.yml'),
      "sanitizers:\n  - id: acme-exchange\n    label: Acme token exchange\n    call: { api: { from: ['@acme/auth'], path: exchangeForAgent } }\n",
    );
    const run = cli([dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('rules: { user-credential-in-tool: off } removes the finding', () => {
    const dir = tempProject(TOOL_FIXTURE);
    expect(cli([dir]).code).toBe(1);
    fs.writeFileSync(path.join(dir, '.agent-impersonation-scan.yml'), 'rules:\n  user-credential-in-tool: off\n');
    const run = cli([dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No problems found');
    expect(json([dir]).report.findings).toEqual([]);
  });

  it('rules: { user-credential-in-tool: warn } downgrades the finding', () => {
    const dir = tempProject(TOOL_FIXTURE);
    fs.writeFileSync(path.join(dir, '.agent-impersonation-scan.yml'), 'rules:\n  user-credential-in-tool: warn\n');
    const { run, report } = json([dir]);
    expect(run.code).toBe(0);
    expect(report.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(cli([dir, '--fail-on', 'warning']).code).toBe(1);
  });

  it('an unknown key exits 2 naming file:line:column and a did-you-mean', () => {
    const dir = tempProject(TOOL_FIXTURE);
    const file = path.join(dir, '.agent-impersonation-scan.yml');
    fs.writeFileSync(file, 'rules:\n  user-credential-in-tool: warn\nexlcude:\n  - "generated/**"\n');
    const run = cli([dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file}:3:1`);
    expect(run.stderr).toContain("unknown key 'exlcude'");
    expect(run.stderr).toContain("Did you mean 'exclude'?");
    expectNoStackTrace(run);
  });

  it('an unknown rule id in rules: exits 2', () => {
    const dir = tempProject(TOOL_FIXTURE);
    fs.writeFileSync(path.join(dir, '.agent-impersonation-scan.yml'), 'rules:\n  user-credential-in-tools: off\n');
    const run = cli([dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('user-credential-in-tools');
    expectNoStackTrace(run);
  });

  it('--print-config prints the effective configuration and where it came from', () => {
    const dir = tempProject(TOOL_FIXTURE);
    const file = path.join(dir, '.agent-impersonation-scan.yml');
    fs.writeFileSync(file, 'rules:\n  user-credential-in-tool: off\nrequireSuppressionReason: true\n');
    const run = cli([dir, '--print-config']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(file);
    expect(run.stdout).toMatch(/^rules:\n {2}user-credential-in-tool: off$/m);
    expect(run.stdout).toMatch(/^requireSuppressionReason: true$/m);
    expect(run.stdout).toMatch(/^exclude:/m);
    // It prints the configuration, not a report.
    expect(run.stdout).not.toContain('problem');
  });

  it('-c uses an explicit config file; a missing one exits 2', () => {
    const dir = tempProject(TOOL_FIXTURE);
    const elsewhere = tempProject();
    const file = path.join(elsewhere, 'strict.yml');
    fs.writeFileSync(file, 'rules:\n  user-credential-in-tool: off\n');
    expect(cli([dir, '-c', file]).code).toBe(0);
    const missing = cli([dir, '-c', path.join(elsewhere, 'nope.yml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml');
    expectNoStackTrace(missing);
  });
});

describe('inline suppressions', () => {
  const directive = '// agent-impersonation-scan-disable-next-line user-credential-in-tool -- reviewed';

  function suppressedProject(): string {
    const dir = tempProject(TOOL_FIXTURE);
    insertAbove(path.join(dir, 'server.ts'), '$ Alert[user-credential-in-tool]', directive);
    return dir;
  }

  it('suppresses the finding: exit 0, stylish counts it, JSON keeps it with its suppression', () => {
    const dir = suppressedProject();
    const run = cli([dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 suppressed/);
    const { report } = json([dir]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.suppression).toMatchObject({ kind: 'inSource', justification: 'reviewed' });
    expect(report.summary.suppressed).toBe(1);
  });

  it('SARIF carries the suppression', () => {
    const dir = suppressedProject();
    const run = cli([dir, '-f', 'sarif']);
    expect(run.code).toBe(0);
    const log = JSON.parse(run.stdout) as SarifLog;
    expectValid(validateSarif(log));
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(1);
    expect(results[0]!.suppressions).toEqual([expect.objectContaining({ kind: 'inSource', justification: 'reviewed' })]);
  });

  it('a directive for another rule does not suppress', () => {
    const dir = tempProject(TOOL_FIXTURE);
    insertAbove(path.join(dir, 'server.ts'), '$ Alert[user-credential-in-tool]', '// agent-impersonation-scan-disable-next-line user-credential-in-prompt');
    expect(cli([dir]).code).toBe(1);
  });

  it('an unused directive is reported (warn by default, an error on request)', () => {
    const dir = suppressedProject();
    const line = insertAbove(path.join(dir, 'server.ts'), 'const app = express();', '// agent-impersonation-scan-disable-next-line user-credential-in-prompt -- stale');
    const run = cli([dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('unused-disable-directive');
    expect(run.stdout).toContain(`server.ts:${line - 1}`);
    const { report } = json([dir]);
    expect(report.notices).toEqual([expect.objectContaining({ level: 'warning', code: 'unused-disable-directive' })]);
    expect(cli([dir, '--report-unused-disable-directives', 'error']).code).toBe(1);
    const off = cli([dir, '--report-unused-disable-directives', 'off']);
    expect(off.code).toBe(0);
    expect(off.stdout).not.toContain('unused-disable-directive');
  });
});

describe('baseline (--suppress-all / --prune-suppressions)', () => {
  it('records today’s findings at the scan root, reports only new flows, and prunes fixed ones', () => {
    const dir = tempProject(TOOL_FIXTURE);
    const baselineFile = path.join(dir, 'agent-impersonation-scan-suppressions.json');
    // Run from elsewhere: the baseline belongs to the scanned folder, not to the cwd.
    const first = cli([dir, '--suppress-all'], os.tmpdir());
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Wrote 1 finding');
    const baseline = JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as { entries: Array<{ ruleId: string; file: string }> };
    expect(baseline.entries).toEqual([expect.objectContaining({ ruleId: 'user-credential-in-tool', file: 'server.ts' })]);

    expect(cli([dir]).code).toBe(0);
    const { report: accepted } = json([dir]);
    expect(accepted.findings.map((f) => f.suppression?.kind)).toEqual(['external']);

    // A new flow in a new file is not in the baseline.
    fs.copyFileSync(path.join(ROOT, PASSTHROUGH_FIXTURE, 'server.ts'), path.join(dir, 'mcp-server.ts'));
    const { run: second, report } = json([dir]);
    expect(second.code).toBe(1);
    expect(report.findings.filter((f) => !f.suppression).map((f) => `${f.location.file} ${f.ruleId}`)).toEqual(['mcp-server.ts mcp-token-passthrough']);

    // The accepted flow goes away: pruning drops its entry, and the file is rewritten.
    fs.rmSync(path.join(dir, 'server.ts'));
    const pruned = cli([dir, '--prune-suppressions']);
    expect(pruned.code).toBe(1);
    expect(pruned.stderr).toContain('Pruned 1');
    const after = JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as { entries: unknown[] };
    expect(after.entries).toEqual([]);
  });

  it('a corrupt baseline file exits 2 and names it', () => {
    const dir = tempProject(TOOL_FIXTURE);
    fs.writeFileSync(path.join(dir, 'agent-impersonation-scan-suppressions.json'), '{ not json');
    const run = cli([dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('agent-impersonation-scan-suppressions.json');
    expectNoStackTrace(run);
  });
});

describe('odd input never crashes the scan', () => {
  function badInputProject(): string {
    const dir = tempProject();
    fs.copyFileSync(path.join(ROOT, TOOL_FIXTURE, 'server.ts'), path.join(dir, 'good.ts'));
    fs.writeFileSync(path.join(dir, 'syntax.ts'), 'export const broken = (;\n');
    fs.writeFileSync(path.join(dir, 'binary.ts'), Buffer.from([0x65, 0x78, 0x70, 0x00, 0x00, 0x01, 0x02, 0xff]));
    fs.writeFileSync(path.join(dir, 'latin1.ts'), Buffer.concat([Buffer.from("export const name = '"), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from("';\n")]));
    const utf16 = fs.readFileSync(path.join(ROOT, TOOL_FIXTURE, 'server.ts'), 'utf8');
    fs.writeFileSync(path.join(dir, 'utf16.ts'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, 'utf16le')]));
    fs.symlinkSync('.', path.join(dir, 'loop'));
    return dir;
  }

  it('reports the skipped files with reasons and still finds the flows of good files', () => {
    const dir = badInputProject();
    const { run, report } = json([dir]);
    expect(run.code).toBe(1);
    expectNoStackTrace(run);
    expect(report.skipped.map((s) => s.file).sort()).toEqual(['binary.ts', 'latin1.ts', 'syntax.ts']);
    const reason = (file: string): string => report.skipped.find((s) => s.file === file)!.reason;
    expect(reason('binary.ts')).toMatch(/binary/);
    expect(reason('latin1.ts')).toMatch(/UTF-8/);
    expect(reason('syntax.ts')).toMatch(/syntax error at line 1:/);
    // UTF-16 with a BOM is decoded, not skipped; the symlink loop is not followed (no loop/… paths).
    expect(report.findings.map((f) => `${f.location.file} ${f.ruleId}`).sort()).toEqual(['good.ts user-credential-in-tool', 'utf16.ts user-credential-in-tool']);
    expect(report.summary.filesScanned).toBe(2);
  });

  it('stylish lists the skipped files', () => {
    const dir = badInputProject();
    const run = cli([dir]);
    expect(run.code).toBe(1);
    expectNoStackTrace(run);
    expect(run.stdout).toContain('Skipped files:');
    expect(run.stdout).toMatch(/binary\.ts\s+binary content/);
    expect(run.stdout).toMatch(/syntax\.ts\s+syntax error/);
    expect(run.stdout).toMatch(/latin1\.ts\s+not valid UTF-8/);
  });

  it('SARIF reports skipped files as tool notifications and still validates', () => {
    const dir = badInputProject();
    const run = cli([dir, '-f', 'sarif']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as { runs: Array<{ invocations?: Array<{ toolExecutionNotifications?: Array<{ message: { text: string } }> }> }> };
    expectValid(validateSarif(log));
    const notes = log.runs[0]!.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notes.map((n) => n.message.text).join('\n')).toMatch(/binary content/);
  });

  it('a tsconfig that cannot be fully read is reported, and the scan goes on', () => {
    const dir = tempProject(TOOL_FIXTURE);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: './missing-base.json' }));
    const { run, report } = json([dir]);
    expect(run.code).toBe(1);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['user-credential-in-tool']);
    expect(report.skipped).toEqual([]);
    expect(report.notices.map((n) => [n.code, n.message])).toEqual([['project-config', expect.stringContaining('missing-base.json')]]);
  });

  it('a tsconfig problem is a notice, not a skipped file with an empty name', () => {
    const dir = tempProject(TOOL_FIXTURE);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: './missing-base.json' }));
    const run = cli(['.', '-f', 'github'], dir);
    expect(run.stdout).toContain('missing-base.json');
    expect(run.stdout).not.toContain('file=,');
  });

  it('an -o path that cannot be written is a plain exit-2 message', () => {
    const dir = tempProject();
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const run = cli([TOOL_FIXTURE, '-o', path.join(dir, 'a-file', 'report.json')]);
    expect(run.code).toBe(2);
    expectNoStackTrace(run);
    expect(run.stderr).toContain('cannot write the report');
    expect(run.stderr).not.toContain('internal error');
  });

  it('a folder holding only unreadable files reports them and exits 2 (nothing was analysed)', () => {
    const dir = tempProject();
    fs.writeFileSync(path.join(dir, 'syntax.ts'), 'export const broken = (;\n');
    const { run, report } = json([dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('none of the 1 file(s) could be analysed');
    expect(report.skipped).toEqual([expect.objectContaining({ file: 'syntax.ts' })]);
  });
});
