/**
 * Meta-tests of the bundled rule packs: each validates against rules/pack.schema.json
 * and says what it models; invalid packs are refused with a message naming the file and
 * the field; and packs and rules agree on kinds (every kind a pack emits is reported by
 * some rule, every kind a rule listens to is emitted by some pack).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_RULES_DIR, PackError, buildModel, bundledPackFiles, loadModel, loadPackFile, parsePack } from '../src/model/packs.js';
import type { Pack, SinkKind, SourceKind } from '../src/model/pack.js';
import { RULES } from '../src/rules/registry.js';
import type { FlowFacts } from '../src/rules/rule.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCHEMA_FILE = path.join(ROOT, 'rules', 'pack.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as { definitions: { sourceKind: { enum: SourceKind[] }; sinkKind: { enum: SinkKind[] } } };

/** Source kinds the engine emits itself, not through a pack: a credential recognised by its name only. */
const BUILT_IN_SOURCE_KINDS: readonly SourceKind[] = ['heuristic-name'];
/** Sink kinds that are structure, never a finding: a graph node only marks what it invokes as a sub-agent call. */
const STRUCTURAL_SINK_KINDS: readonly SinkKind[] = ['agent-step'];

const files = bundledPackFiles();
const packs: Array<{ file: string; pack: Pack }> = files.map((file) => ({ file, pack: loadPackFile(file) }));
const model = loadModel();

const packSourceKinds = new Set(model.sources.map((s) => s.kind));
const packSinkKinds = new Set(model.sinks.map((s) => s.kind));

function facts(sourceKind: SourceKind, sinkKind: SinkKind): FlowFacts {
  return {
    sourceKind,
    sinkKind,
    sourceLabel: 'Authorization header of the incoming request',
    sinkLabel: 'run context of an agent run',
    sourceText: 'req.headers.authorization',
    sinkText: 'context',
    framework: '@openai/agents',
    confidence: sourceKind === 'heuristic-name' ? 'low' : 'high',
  };
}

/** Every (source kind, sink kind) pair of the schema that the rule reports. */
function acceptedPairs(rule: (typeof RULES)[number]): Array<[SourceKind, SinkKind]> {
  const pairs: Array<[SourceKind, SinkKind]> = [];
  for (const source of schema.definitions.sourceKind.enum) {
    for (const sink of schema.definitions.sinkKind.enum) if (rule.accepts(facts(source, sink))) pairs.push([source, sink]);
  }
  return pairs;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempPack(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ais-packs-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const VALID_HEAD = 'pack: my-pack\ndescription: a test pack\ncheckedAgainst:\n  my-agent-sdk: 1.0.0\n';

describe('bundled packs', () => {
  it('are found under rules/ (one per framework file)', () => {
    expect(path.resolve(BUNDLED_RULES_DIR)).toBe(path.join(ROOT, 'rules'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files.map((f) => path.relative(ROOT, f).split(path.sep).join('/'))).toEqual(
      expect.arrayContaining(['rules/core/http-sources.yml', 'rules/frameworks/openai-agents.yml', 'rules/frameworks/mcp-sdk.yml']),
    );
  });

  // Independent of loadModel: a fresh ajv over the raw YAML, so a bypassed validation fails here.
  it.each(files.map((f) => [path.relative(ROOT, f), f]))('%s validates against pack.schema.json', (_rel, file) => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
    const data: unknown = parse(fs.readFileSync(file, 'utf8'));
    const ok = validate(data);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each(packs.map((p) => [p.pack.pack, p]))('%s says what it models and what it was checked against', (_id, { pack }) => {
    expect(pack.description.trim().length).toBeGreaterThan(10);
    const checked = Object.entries(pack.checkedAgainst);
    expect(checked.length).toBeGreaterThan(0);
    for (const [pkg, version] of checked) {
      expect(pkg).toMatch(/\S/);
      expect(version).toMatch(/\d/);
    }
    const entries =
      (pack.sources?.length ?? 0) + (pack.sinks?.length ?? 0) + (pack.sanitizers?.length ?? 0) + (pack.propagators?.length ?? 0) + (pack.contextReaders?.length ?? 0) + (pack.contextWriters?.length ?? 0);
    expect(entries).toBeGreaterThan(0);
  });

  it('pack ids are unique', () => {
    const ids = packs.map((p) => p.pack.pack);
    expect(ids.length).toBe(new Set(ids).size);
    expect(model.packs.map((p) => p.pack).sort()).toEqual([...ids].sort());
  });

  it('source, sink and sanitizer ids are unique across packs', () => {
    for (const list of [model.sources, model.sinks, model.sanitizers]) {
      const ids = list.map((x) => x.id);
      const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(dupes).toEqual([]);
    }
  });
});

describe('invalid packs are refused', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['an unknown top-level field', `${VALID_HEAD}sinkz: []\n`, /additional properties \(sinkz\)/],
    ['a missing checkedAgainst', 'pack: my-pack\ndescription: a test pack\n', /checkedAgainst/],
    ['a bad pack id', 'pack: My_Pack\ndescription: d\ncheckedAgainst: {}\n', /\/pack must match pattern/],
    [
      'an unknown sink kind',
      `${VALID_HEAD}sinks:\n  - id: s\n    kind: tool-implmentation\n    label: l\n    framework: f\n    property: { names: [context] }\n`,
      /\/sinks\/0\/kind/,
    ],
    ['a source without a matcher', `${VALID_HEAD}sources:\n  - id: s\n    kind: cookie\n    label: l\n`, /\/sources\/0 /],
    ['YAML that does not parse', `${VALID_HEAD}sources: [\n`, /my-pack\.yml: /],
  ];

  it.each(cases)('%s: PackError naming the file and the field', (_name, text, field) => {
    const file = tempPack('my-pack.yml', text);
    expect(() => loadPackFile(file)).toThrow(PackError);
    expect(() => loadPackFile(file)).toThrow(field);
    expect(() => loadPackFile(file)).toThrow(`${file}:`);
    // An extra pack from configuration goes through the same check.
    expect(() => loadModel([file])).toThrow(PackError);
  });

  it('a valid extra pack is accepted and merged after the bundled ones', () => {
    const file = tempPack(
      'extra.yml',
      `${VALID_HEAD}sources:\n  - id: my-session-token\n    kind: session-token\n    label: token of my session helper\n    call: { function: getMySessionToken }\n`,
    );
    const extended = loadModel([file]);
    expect(extended.packs.at(-1)).toMatchObject({ pack: 'my-pack', file });
    expect(extended.sources.at(-1)).toMatchObject({ id: 'my-session-token', kind: 'session-token' });
  });

  it('a duplicate pack id is refused, naming the second file', () => {
    const pack = parsePack(VALID_HEAD, 'a.yml');
    expect(() =>
      buildModel([
        { pack, file: 'a.yml' },
        { pack, file: 'b.yml' },
      ]),
    ).toThrow(/b\.yml: duplicate pack id 'my-pack'/);
    const bundled = packs[0]!;
    expect(() => loadModel([bundled.file])).toThrow(/duplicate pack id/);
  });

  it('an unreadable pack file is a PackError', () => {
    expect(() => loadPackFile(path.join(os.tmpdir(), 'no-such-pack.yml'))).toThrow(PackError);
  });
});

describe('packs and rules agree on kinds', () => {
  it('the schema, the TypeScript types and the rules know the same kinds', () => {
    // Every kind a pack used is in the schema enum (else the pack would not validate), and
    // every source kind a rule can listen to is one a pack or the engine emits.
    const emittedSources = new Set<SourceKind>([...packSourceKinds, ...BUILT_IN_SOURCE_KINDS]);
    for (const kind of schema.definitions.sourceKind.enum) expect(emittedSources, `source kind ${kind} is emitted by nothing`).toContain(kind);
    for (const kind of schema.definitions.sinkKind.enum) expect(packSinkKinds, `sink kind ${kind} is used by no pack`).toContain(kind);
  });

  it('every sink kind a pack emits is reported by some rule (structural kinds by none)', () => {
    const sources = [...packSourceKinds, ...BUILT_IN_SOURCE_KINDS];
    for (const sink of packSinkKinds) {
      const reporters = RULES.filter((rule) => sources.some((source) => rule.accepts(facts(source, sink))));
      if (STRUCTURAL_SINK_KINDS.includes(sink)) expect(reporters.map((r) => r.meta.id), sink).toEqual([]);
      else expect(reporters.length, `no rule reports sink kind ${sink}`).toBeGreaterThan(0);
    }
  });

  it('every source kind a pack emits is reported by some rule', () => {
    for (const source of packSourceKinds) {
      const reporters = RULES.filter((rule) => [...packSinkKinds].some((sink) => rule.accepts(facts(source, sink))));
      expect(reporters.length, `no rule reports source kind ${source}`).toBeGreaterThan(0);
    }
  });

  it.each(RULES.map((r) => [r.meta.id, r]))('%s listens only to kinds that packs emit', (_id, rule) => {
    const pairs = acceptedPairs(rule);
    expect(pairs.length).toBeGreaterThan(0);
    for (const [source, sink] of pairs) {
      expect(packSinkKinds, `${rule.meta.id} listens to sink kind ${sink}`).toContain(sink);
      expect([...packSourceKinds, ...BUILT_IN_SOURCE_KINDS], `${rule.meta.id} listens to source kind ${source}`).toContain(source);
    }
  });

  it('mcp-token-passthrough owns outbound requests; an app’s own outbound call with a user token is not passthrough', () => {
    const passthrough = RULES.find((r) => r.meta.id === 'mcp-token-passthrough')!;
    expect(passthrough.accepts(facts('mcp-inbound-token', 'outbound-request'))).toBe(true);
    expect(RULES.filter((r) => r.accepts(facts('authorization-header', 'outbound-request')))).toEqual([]);
  });
});
