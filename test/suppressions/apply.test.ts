import { describe, expect, it } from 'vitest';
import { RULE_IDS, type Finding, type RuleId } from '../../src/report/finding.js';
import { applySuppressions, type ApplySuppressionsOptions } from '../../src/suppressions/apply.js';
import { parseDirectives } from '../../src/suppressions/directives.js';
import { makeFinding } from './make-finding.js';

const P = 'agent-impersonation-scan';
const FILE = 'src/agent.ts';
const defaults: ApplySuppressionsOptions = { knownRuleIds: RULE_IDS, requireReason: false, reportUnused: 'warn' };

function run(lines: string[], findings: Finding[], options: Partial<ApplySuppressionsOptions> = {}) {
  const directives = new Map([[FILE, parseDirectives(lines.join('\n'), FILE)]]);
  return applySuppressions(findings, directives, { ...defaults, ...options });
}

function suppressedLines(findings: Finding[]): number[] {
  return findings.filter((f) => f.suppression).map((f) => f.location.line);
}

describe('applySuppressions', () => {
  it('disable-next-line covers only the next line, for the named rule', () => {
    const lines = [`// ${P}-disable-next-line user-credential-in-tool -- read-only API`, `tool(token);`, `tool(token);`];
    const findings = [makeFinding(FILE, 2), makeFinding(FILE, 3), makeFinding(FILE, 2, 'user-credential-in-prompt')];
    const result = run(lines, findings);
    expect(result.findings.map((f) => f.suppression?.kind)).toEqual(['inSource', undefined, undefined]);
    expect(result.findings[0]?.suppression).toEqual({
      kind: 'inSource',
      justification: 'read-only API',
      span: { file: FILE, line: 1, column: 1, endLine: 1, endColumn: (lines[0] as string).length + 1 },
    });
    expect(result.notices).toEqual([]);
  });

  it('disable-line covers the sink line, and returns new objects without touching the input', () => {
    const lines = [`const t = req.headers.authorization;`, `run({ context: { t } }); // ${P}-disable-line`];
    const findings = [makeFinding(FILE, 2, 'user-credential-in-subagent'), makeFinding(FILE, 1)];
    const result = run(lines, findings);
    expect(suppressedLines(result.findings)).toEqual([2]);
    expect(result.findings[0]?.suppression?.justification).toBeUndefined();
    expect(findings[0]?.suppression).toBeUndefined();
    expect(result.findings[1]).toBe(findings[1]);
  });

  it('a disable block covers up to its enable; without enable, to the end of the file', () => {
    const lines = [`a();`, `/* ${P}-disable */`, `b();`, `/* ${P}-enable */`, `c();`, `// ${P}-disable user-credential-in-prompt`, `d();`, `e();`];
    const findings = [1, 3, 5, 7, 8].map((line) => makeFinding(FILE, line, 'user-credential-in-prompt'));
    findings.push(makeFinding(FILE, 8, 'user-credential-in-tool'));
    const result = run(lines, findings);
    expect(result.findings.map((f) => [f.location.line, f.ruleId, f.suppression?.kind])).toEqual([
      [1, 'user-credential-in-prompt', undefined],
      [3, 'user-credential-in-prompt', 'inSource'],
      [5, 'user-credential-in-prompt', undefined],
      [7, 'user-credential-in-prompt', 'inSource'],
      [8, 'user-credential-in-prompt', 'inSource'],
      [8, 'user-credential-in-tool', undefined],
    ]);
  });

  it('re-enables a single rule inside a general disable block, as ESLint does', () => {
    const lines = [`/* ${P}-disable -- legacy module */`, `a();`, `/* ${P}-enable user-credential-in-tool */`, `b();`];
    const rules: RuleId[] = ['user-credential-in-tool', 'user-credential-in-prompt'];
    const findings = rules.flatMap((rule) => [makeFinding(FILE, 2, rule), makeFinding(FILE, 4, rule)]);
    const result = run(lines, findings);
    expect(result.findings.filter((f) => f.suppression).map((f) => `${f.location.line}:${f.ruleId}`)).toEqual([
      '2:user-credential-in-tool',
      '2:user-credential-in-prompt',
      '4:user-credential-in-prompt',
    ]);
    expect(result.findings.find((f) => f.suppression)?.suppression?.justification).toBe('legacy module');
  });

  it('an unknown rule id is reported with a did-you-mean and suppresses nothing', () => {
    const lines = [`tool(token); // ${P}-disable-line user-credential-in-tol -- ok`];
    const result = run(lines, [makeFinding(FILE, 1)]);
    expect(result.findings[0]?.suppression).toBeUndefined();
    expect(result.notices).toHaveLength(1);
    const [notice] = result.notices;
    expect(notice).toMatchObject({ level: 'error', code: 'invalid-disable-directive', span: { file: FILE, line: 1, column: 14 } });
    expect(notice?.span).toMatchObject({ file: FILE, line: 1, column: 14 });
    expect(notice?.message).toContain("'user-credential-in-tol' is not a rule");
    expect(notice?.message).toContain("Did you mean 'user-credential-in-tool'?");
    expect(notice?.message).toContain('suppresses nothing');
  });

  it('one bad id invalidates the whole directive: a malformed directive never silences everything', () => {
    const lines = [`// ${P}-disable-next-line user-credential-in-tool, not-a-rule`, `tool(token);`];
    const result = run(lines, [makeFinding(FILE, 2), makeFinding(FILE, 2, 'user-credential-in-prompt')]);
    expect(suppressedLines(result.findings)).toEqual([]);
    expect(result.notices.map((n) => n.code)).toEqual(['invalid-disable-directive']);
  });

  it('a directive without a reason is reported and ignored when reasons are required', () => {
    const lines = [`// ${P}-disable-next-line user-credential-in-tool`, `tool(token);`, `tool(token); // ${P}-disable-line -- vetted`];
    const findings = [makeFinding(FILE, 2), makeFinding(FILE, 3)];
    const result = run(lines, findings, { requireReason: true });
    expect(suppressedLines(result.findings)).toEqual([3]);
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0]).toMatchObject({ code: 'invalid-disable-directive', level: 'error', span: { line: 1 } });
    expect(result.notices[0]?.message).toContain('requireSuppressionReason');
    expect(result.notices[0]?.message).toContain(' -- ');
    // The same directive is fine when reasons are optional.
    expect(suppressedLines(run(lines, findings).findings)).toEqual([2, 3]);
  });

  it('a mistyped directive name is reported and suppresses nothing', () => {
    const lines = [`// ${P}-disable-nextline`, `tool(token);`];
    const result = run(lines, [makeFinding(FILE, 2)]);
    expect(suppressedLines(result.findings)).toEqual([]);
    expect(result.notices[0]?.message).toContain(`Did you mean '${P}-disable-next-line'?`);
  });

  it('reports unused directives at the configured level, and not at all when off', () => {
    const lines = [`// ${P}-disable-next-line`, `safe();`, `tool(token); // ${P}-disable-line user-credential-in-tool, user-credential-in-prompt`];
    const findings = [makeFinding(FILE, 3)];
    const warn = run(lines, findings);
    expect(warn.notices.map((n) => [n.code, n.level, n.span?.line])).toEqual([
      ['unused-disable-directive', 'warning', 1],
      ['unused-disable-directive', 'warning', 3],
    ]);
    expect(warn.notices[0]?.message).toBe(`Unused ${P}-disable-next-line directive: no finding was reported on line 2. Remove it.`);
    expect(warn.notices[1]?.message).toContain("Remove 'user-credential-in-prompt' from it");
    expect(run(lines, findings, { reportUnused: 'error' }).notices.map((n) => n.level)).toEqual(['error', 'error']);
    expect(run(lines, findings, { reportUnused: 'off' }).notices).toEqual([]);
  });

  it('reports an enable that closes no block', () => {
    const lines = [`/* ${P}-disable user-credential-in-tool */`, `tool(token);`, `/* ${P}-enable user-credential-in-prompt */`, `/* ${P}-enable */`, `/* ${P}-enable */`];
    const result = run(lines, [makeFinding(FILE, 2)]);
    expect(result.notices.map((n) => n.span?.line)).toEqual([3, 5]);
    expect(result.notices[0]?.message).toContain("no disable block is open for 'user-credential-in-prompt'");
  });

  it('keeps an existing suppression but counts the directive as used', () => {
    const external: Finding = { ...makeFinding(FILE, 2), suppression: { kind: 'external', justification: 'baseline' } };
    const result = run([`// ${P}-disable-next-line`, `tool(token);`], [external]);
    expect(result.findings[0]?.suppression).toEqual({ kind: 'external', justification: 'baseline' });
    expect(result.notices).toEqual([]);
  });

  it('only applies directives of the finding’s own file', () => {
    const directives = new Map([['other.ts', parseDirectives(`// ${P}-disable-next-line\nx();`, 'other.ts')]]);
    const result = applySuppressions([makeFinding(FILE, 2)], directives, defaults);
    expect(result.findings[0]?.suppression).toBeUndefined();
    expect(result.notices.map((n) => n.span?.file)).toEqual(['other.ts']);
  });
});
