/**
 * Meta-tests of the documentation: every rule has a docs page that its helpUri points
 * to and fixtures that exercise it, and every TypeScript example in the docs is scanned
 * and must produce exactly the findings its `// $ Alert[…]` / `// ok:` markers claim.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../src/analyze/scan.js';
import { loadModel } from '../src/model/packs.js';
import { RULES } from '../src/rules/registry.js';
import { RULE_IDS } from '../src/report/finding.js';
import { compare, readExpectations, type Expectation } from './expectations.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DOCS_RULES = path.join(ROOT, 'docs', 'rules');
const model = loadModel();

/**
 * Doc examples the scanner gets wrong today, with the exact problems `compare` reports.
 * Kept exact on purpose: a fixed gap fails the test until its entry is removed here.
 */
const KNOWN_GAPS: Record<string, string[]> = {};

interface Block {
  /** e.g. "docs/rules/user-credential-in-tool.md #2 (line 111)". */
  id: string;
  doc: string;
  code: string;
}

const DOC_FILES = [
  ...fs
    .readdirSync(DOCS_RULES)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/rules/${f}`),
  'docs/why-delegation.md',
];

function tsBlocks(doc: string): Block[] {
  const text = fs.readFileSync(path.join(ROOT, doc), 'utf8');
  const blocks: Block[] = [];
  const fence = /^```(?:ts|typescript)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (const m of text.matchAll(fence)) {
    const line = text.slice(0, m.index).split('\n').length;
    blocks.push({ id: `${doc} #${blocks.length + 1} (line ${line})`, doc, code: m[1]! });
  }
  return blocks;
}

const blocks = DOC_FILES.flatMap(tsBlocks);

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const fixtureExpectations: Expectation[] = readExpectations(path.join(ROOT, 'fixtures'));

function blockExpectations(block: Block): Expectation[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ais-doc-'));
  tempDirs.push(dir);
  fs.writeFileSync(path.join(dir, 'index.ts'), block.code);
  return readExpectations(dir);
}

describe('every rule is documented and exercised', () => {
  it('the registry holds exactly the rule ids of the report model', () => {
    expect(RULES.map((r) => r.meta.id).sort()).toEqual([...RULE_IDS].sort());
  });

  it('docs/rules holds a page for each rule and nothing else', () => {
    const pages = fs.readdirSync(DOCS_RULES).filter((f) => f.endsWith('.md'));
    expect(pages.sort()).toEqual(RULES.map((r) => `${r.meta.id}.md`).sort());
  });

  describe.each(RULES.map((r) => [r.meta.id, r]))('%s', (id, rule) => {
    const page = `docs/rules/${id}.md`;

    it('has a docs page titled with its id, and helpUri points to it', () => {
      const text = fs.readFileSync(path.join(ROOT, page), 'utf8');
      expect(text.split('\n')[0]).toBe(`# ${id}`);
      expect(rule.meta.helpUri.endsWith(`/${page}`)).toBe(true);
      expect(rule.meta.helpUri).toMatch(/^https:\/\//);
    });

    it('is expected by at least one fixture', () => {
      const expecting = fixtureExpectations.filter((e) => e.rule === id && e.kind === 'alert');
      expect(expecting.length).toBeGreaterThan(0);
    });

    it('its page shows a bad example that alerts and a good one marked ok', () => {
      const own = tsBlocks(page).flatMap(blockExpectations).filter((e) => e.rule === id);
      expect(own.some((e) => e.kind === 'alert')).toBe(true);
      expect(own.some((e) => e.kind === 'ok')).toBe(true);
    });
  });

  it('every rule id named in a marker is a real rule', () => {
    const named = [...fixtureExpectations, ...blocks.flatMap(blockExpectations)].map((e) => e.rule);
    for (const rule of new Set(named)) expect(RULE_IDS as readonly string[]).toContain(rule);
  });
});

describe('doc examples scan as their markers say', () => {
  it('finds the examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(RULES.length * 2);
  });

  it('every known gap names an existing block', () => {
    const ids = new Set(blocks.map((b) => b.id));
    for (const id of Object.keys(KNOWN_GAPS)) expect(ids).toContain(id);
  });

  it.each(blocks.map((b) => [b.id, b]))('%s', (_id, block) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ais-doc-'));
    tempDirs.push(dir);
    fs.writeFileSync(path.join(dir, 'index.ts'), block.code);
    const { report } = scan({ paths: [dir], cwd: dir }, model);
    // A block that does not parse would be skipped and pass vacuously.
    expect(report.skipped).toEqual([]);
    expect(report.stats.filesScanned).toBe(1);
    const actual = report.findings.map((f) => ({ file: f.location.file, line: f.location.line, rule: f.ruleId }));
    expect(compare(readExpectations(dir), actual)).toEqual(KNOWN_GAPS[block.id] ?? []);
  });
});
