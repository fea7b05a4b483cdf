import { describe, expect, it } from 'vitest';
import { parseDirectives } from '../../src/suppressions/directives.js';

const P = 'agent-impersonation-scan';

function kindsAndLines(text: string, file = 'src/agent.ts'): Array<[string, number, number]> {
  return parseDirectives(text, file).map((d) => [d.kind, d.lines.from, d.lines.to]);
}

describe('parseDirectives', () => {
  it('reads a next-line directive with rule ids and a reason in a // comment', () => {
    const text = [`const a = 1;`, `// ${P}-disable-next-line user-credential-in-tool -- reviewed: read-only API`, `run(token);`].join('\n');
    const [d, ...rest] = parseDirectives(text, 'src/agent.ts');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      kind: 'disable-next-line',
      ruleIds: ['user-credential-in-tool'],
      reason: 'reviewed: read-only API',
      lines: { from: 3, to: 3 },
      span: { file: 'src/agent.ts', line: 2, column: 1, endLine: 2 },
    });
    expect(d?.problem).toBeUndefined();
  });

  it('reads directives in /* */ comments, including a trailing disable-line', () => {
    const text = [`/* ${P}-disable */`, `tool(token); /* ${P}-disable-line mcp-token-passthrough */`, `/* ${P}-enable */`].join('\n');
    const directives = parseDirectives(text, 'a.ts');
    expect(directives.map((d) => d.kind)).toEqual(['disable', 'disable-line', 'enable']);
    expect(directives[1]).toMatchObject({ ruleIds: ['mcp-token-passthrough'], span: { line: 2, column: 14 } });
    expect(directives[1]?.reason).toBeUndefined();
  });

  it('accepts rule ids separated by commas, spaces, or both', () => {
    const ids = (list: string): string[] => parseDirectives(`// ${P}-disable-line ${list}`, 'a.ts')[0]?.ruleIds ?? [];
    expect(ids('user-credential-in-tool, user-credential-in-prompt')).toEqual(['user-credential-in-tool', 'user-credential-in-prompt']);
    expect(ids('user-credential-in-tool,user-credential-in-prompt')).toEqual(['user-credential-in-tool', 'user-credential-in-prompt']);
    expect(ids('user-credential-in-tool   user-credential-in-prompt -- ok')).toEqual(['user-credential-in-tool', 'user-credential-in-prompt']);
    expect(ids('')).toEqual([]);
  });

  it('ignores directive text inside strings, template literals and regular expressions', () => {
    const text = [
      `const s = "// ${P}-disable-line";`,
      `const t = \`head \${x} // ${P}-disable-line \${y} /* ${P}-disable */\`;`,
      `const r = /\\/\\/ ${P}-disable-next-line/u;`,
      `const q = '/* ${P}-disable */';`,
    ].join('\n');
    expect(parseDirectives(text, 'a.ts')).toEqual([]);
    expect(parseDirectives(text, 'a.js')).toEqual([]);
  });

  it('finds directives in TSX comments but not in JSX text', () => {
    const text = [
      `export const A = () => (`,
      `  <div>`,
      `    // ${P}-disable-line`,
      `    {/* ${P}-disable-next-line user-credential-in-prompt -- shown to the user only */}`,
      `    <Chat token={token} />`,
      `  </div>`,
      `);`,
    ].join('\n');
    const directives = parseDirectives(text, 'src/App.tsx');
    expect(directives).toHaveLength(1);
    expect(directives[0]).toMatchObject({ kind: 'disable-next-line', lines: { from: 5, to: 5 }, reason: 'shown to the user only' });
  });

  it('parses JavaScript files (with JSX) too', () => {
    const text = [`// ${P}-disable-next-line`, `const el = <b>{token}</b>; // ${P}-disable-line user-credential-in-prompt`].join('\n');
    expect(kindsAndLines(text, 'src/app.js')).toEqual([
      ['disable-next-line', 2, 2],
      ['disable-line', 2, 2],
    ]);
  });

  it('runs a disable block to its enable, or to the end of the file without one', () => {
    const closed = [`/* ${P}-disable */`, `a();`, `b();`, `/* ${P}-enable */`, `c();`].join('\n');
    expect(kindsAndLines(closed)[0]).toEqual(['disable', 1, 4]);
    const open = [`a();`, `// ${P}-disable user-credential-in-tool`, `b();`, `c();`, `d();`].join('\n');
    expect(kindsAndLines(open)).toEqual([['disable', 2, 5]]);
    const otherRule = [`/* ${P}-disable user-credential-in-tool */`, `/* ${P}-enable user-credential-in-prompt */`, `x();`].join('\n');
    expect(kindsAndLines(otherRule)[0]).toEqual(['disable', 1, 3]);
  });

  it('takes the reason after " -- ", also in a /** */ comment', () => {
    const [d] = parseDirectives(`/** ${P}-disable-line -- first-party API, reviewed 2024-05 */ x();`, 'a.ts');
    expect(d).toMatchObject({ kind: 'disable-line', ruleIds: [], reason: 'first-party API, reviewed 2024-05' });
    const [empty] = parseDirectives(`x(); // ${P}-disable-line user-credential-in-tool --`, 'a.ts');
    expect(empty?.ruleIds).toEqual(['user-credential-in-tool']);
    expect(empty?.reason).toBeUndefined();
  });

  it('flags a mistyped directive name and a multi-line line directive, but ignores prose', () => {
    const text = [
      `// ${P}-disable-nextline user-credential-in-tool`,
      `/* ${P}-disable-line`,
      `   user-credential-in-tool */`,
      `// ${P}-suppressions.json is committed by the team`,
      `// see ${P}-disable-line in the docs`,
    ].join('\n');
    const directives = parseDirectives(text, 'a.ts');
    expect(directives).toHaveLength(2);
    expect(directives[0]?.problem).toContain(`Did you mean '${P}-disable-next-line'?`);
    expect(directives[1]?.problem).toContain('must not span several lines');
  });

  it('returns nothing for a file without the directive prefix', () => {
    expect(parseDirectives('// eslint-disable-next-line\nconst a = 1;', 'a.ts')).toEqual([]);
  });
});
