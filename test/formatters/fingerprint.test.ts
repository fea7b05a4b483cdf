import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fingerprintFinding, normaliseCode, type FingerprintInput } from '../../src/report/fingerprint.js';

/**
 * What the engine would hash for a file: the `run(…)` call is the sink, the
 * `req.headers.authorization` read is the source, and the sink's enclosing function is
 * named by its declaration. Parsing real code makes "moved lines" mean moved lines.
 */
function inputFor(code: string, file = 'src/server.ts'): FingerprintInput {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, true);
  let sink: ts.CallExpression | undefined;
  let source: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText(sf) === 'run') sink ??= node;
    if (ts.isPropertyAccessExpression(node) && node.getText(sf) === 'req.headers.authorization') source ??= node;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!sink || !source) throw new Error('fixture has no sink or source');
  return {
    ruleId: 'user-credential-in-tool',
    sinkFile: file,
    sinkSnippet: sink.getText(sf),
    sourceSnippet: source.getText(sf),
    sinkEnclosingName: enclosingName(sink),
  };
}

function enclosingName(node: ts.Node): string {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name) return n.name.text;
    if (ts.isArrowFunction(n) && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) return n.parent.name.text;
  }
  return '';
}

const original = `
import { run } from '@openai/agents';
export async function handle(req, res) {
  const token = req.headers.authorization;
  const result = await run(agent, req.body.input, { context: { token } });
  res.json(result);
}
`;

// Lines added above, the call reformatted as Prettier would at a narrower width.
const moved = `
import { run } from '@openai/agents';
import { log } from './log';

// Handles POST /chat.
export async function handle(req, res) {
  log('chat');
  const token = req.headers.authorization;

  const result = await run(
    agent,
    req.body.input,
    { context: { token } },
  );
  res.json(result);
}
`;

const changedSink = original.replace('{ context: { token } }', '{ context: { token, tenant } }');
const otherFunction = original.replace('function handle', 'function handleAdmin');

describe('fingerprintFinding', () => {
  it('is "v1:" and 32 hex digits', () => {
    expect(fingerprintFinding(inputFor(original))).toMatch(/^v1:[0-9a-f]{32}$/);
  });

  it('survives moved lines and reformatting', () => {
    expect(inputFor(moved).sinkSnippet).not.toBe(inputFor(original).sinkSnippet);
    expect(fingerprintFinding(inputFor(moved))).toBe(fingerprintFinding(inputFor(original)));
  });

  it('changes when the sink expression changes', () => {
    expect(fingerprintFinding(inputFor(changedSink))).not.toBe(fingerprintFinding(inputFor(original)));
  });

  it('changes with the enclosing function, the file, the rule, the source and the occurrence', () => {
    const base = inputFor(original);
    const fp = fingerprintFinding(base);
    expect(fingerprintFinding(inputFor(otherFunction))).not.toBe(fp);
    expect(fingerprintFinding(inputFor(original, 'src/admin.ts'))).not.toBe(fp);
    expect(fingerprintFinding({ ...base, ruleId: 'user-credential-in-prompt' })).not.toBe(fp);
    expect(fingerprintFinding({ ...base, sourceSnippet: 'req.cookies.session' })).not.toBe(fp);
    expect(fingerprintFinding({ ...base, occurrence: 1 })).not.toBe(fp);
    expect(fingerprintFinding({ ...base, occurrence: 0 })).toBe(fp);
  });

  it('treats Windows separators in the path like POSIX ones', () => {
    const base = inputFor(original);
    expect(fingerprintFinding({ ...base, sinkFile: 'src\\server.ts' })).toBe(fingerprintFinding(base));
  });

  it('cannot be forged by moving text between fields', () => {
    const base = inputFor(original);
    const a = fingerprintFinding({ ...base, sinkSnippet: 'ab', sourceSnippet: 'c' });
    const b = fingerprintFinding({ ...base, sinkSnippet: 'a', sourceSnippet: 'bc' });
    expect(a).not.toBe(b);
  });
});

describe('normaliseCode', () => {
  it('drops whitespace, trailing commas and semicolons, and unifies quotes', () => {
    expect(normaliseCode("run(\n  agent,\n  { context: { token }, },\n);")).toBe('run(agent,{context:{token}})');
    expect(normaliseCode("headers['authorization']")).toBe(normaliseCode('headers["authorization"]'));
  });

  it('keeps everything else', () => {
    expect(normaliseCode('run(agent, input)')).not.toBe(normaliseCode('run(input, agent)'));
  });
});
