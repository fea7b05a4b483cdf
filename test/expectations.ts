/**
 * Inline expectations (CodeQL style), read from fixture files:
 *   `// $ Alert[rule-id]`            a finding of that rule is reported on this line
 *   `// $ MISSING: Alert[rule-id]`   a known miss: expected, not reported yet (fails once it is reported)
 *   `// $ SPURIOUS: Alert[rule-id]`  a known false positive: reported, not wanted (fails once it goes away)
 *   `// ok: rule-id`                 a near miss: no finding of that rule on this line
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';

export interface Expectation {
  file: string;
  line: number;
  rule: string;
  kind: 'alert' | 'missing' | 'spurious' | 'ok';
}

const ALERT = /\$\s+(MISSING:\s*|SPURIOUS:\s*)?((?:Alert\[[a-z0-9-]+\]\s*)+)/g;
const OK = /\/\/\s*ok:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

export function readExpectations(root: string): Expectation[] {
  const out: Expectation[] = [];
  const files = fg.sync('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', { cwd: root, ignore: ['**/node_modules/**'] });
  for (const rel of files.sort()) {
    const lines = readFileSync(path.join(root, rel), 'utf8').split(/\r?\n/);
    lines.forEach((text, i) => {
      // `// $ Alert[…]` at the end of a line, or `{/* $ Alert[…] */}` in JSX.
      const starts = [text.indexOf('//'), text.indexOf('/*')].filter((i) => i >= 0);
      const comment = starts.length ? text.slice(Math.min(...starts)) : '';
      for (const m of comment.matchAll(ALERT)) {
        const kind = m[1]?.startsWith('MISSING') ? 'missing' : m[1]?.startsWith('SPURIOUS') ? 'spurious' : 'alert';
        for (const r of m[2]!.matchAll(/Alert\[([a-z0-9-]+)\]/g)) out.push({ file: rel, line: i + 1, rule: r[1]!, kind });
      }
      const ok = OK.exec(comment);
      if (ok) for (const rule of ok[1]!.split(',')) out.push({ file: rel, line: i + 1, rule: rule.trim(), kind: 'ok' });
    });
  }
  return out;
}

export interface Actual {
  file: string;
  line: number;
  rule: string;
}

/** Every way the actual findings disagree with the expectations, as readable lines (empty when they agree). */
export function compare(expected: Expectation[], actual: Actual[]): string[] {
  const problems: string[] = [];
  const key = (x: { file: string; line: number; rule: string }) => `${x.file}:${x.line} ${x.rule}`;
  const actualKeys = new Set(actual.map(key));
  const wanted = new Set(expected.filter((e) => e.kind === 'alert' || e.kind === 'spurious').map(key));
  for (const e of expected) {
    const found = actualKeys.has(key(e));
    if (e.kind === 'alert' && !found) problems.push(`missing: ${key(e)}`);
    if (e.kind === 'spurious' && !found) problems.push(`fixed false positive, remove SPURIOUS marker: ${key(e)}`);
    if (e.kind === 'missing' && found) problems.push(`now reported, turn MISSING into Alert: ${key(e)}`);
    if (e.kind === 'ok' && found) problems.push(`near miss flagged: ${key(e)}`);
  }
  const missingKeys = new Set(expected.filter((e) => e.kind === 'missing').map(key));
  for (const a of actual) {
    if (!wanted.has(key(a)) && !missingKeys.has(key(a))) problems.push(`unexpected: ${key(a)}`);
  }
  return [...new Set(problems)];
}
