/**
 * Turns the text of a `.agent-impersonation-scan.yml` into a `ScanConfig`, or throws a
 * `ConfigError` whose every problem names the file, line, column and key.
 *
 * Exports `parseConfigText(text, file, baseDir)`. The YAML is parsed safely: the core
 * schema only (no custom or language-specific tags: an unknown tag is an error, never a
 * string), unique keys, one document, and at most MAX_ALIAS_COUNT alias expansions so an
 * alias bomb fails fast. The value is validated against schemas/config.schema.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { lazySchemaValidator, SAFE_YAML_OPTIONS } from '../model/yaml-data.js';
import { Document, isMap, isScalar, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { audiencePatternProblem } from './audience.js';
import { didYouMean } from './did-you-mean.js';
import { ConfigError, defaultConfig, type ConfigProblem, type RuleSetting, type ScanConfig } from './types.js';

export const MAX_ALIAS_COUNT = 100;

/** schemas/ sits two levels above both src/config/ and dist/config/. */
const SCHEMA_URL = new URL('../../schemas/config.schema.json', import.meta.url);

const validate = lazySchemaValidator(SCHEMA_URL, { allErrors: true, verbose: true, strict: true });

interface Located {
  doc: Document.Parsed;
  lines: LineCounter;
}

function position(lines: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lines.linePos(offset);
  return { line: Math.max(line, 1), column: Math.max(col, 1) };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/u, '');
}

function yamlProblems({ doc, lines }: Located): ConfigProblem[] {
  const problems: ConfigProblem[] = doc.errors.map((error) => ({
    ...position(lines, error.pos[0]),
    message: `YAML syntax error: ${firstLine(error.message)}`,
  }));
  for (const warning of doc.warnings) {
    if (warning.code !== 'TAG_RESOLVE_FAILED') continue;
    problems.push({
      ...position(lines, warning.pos[0]),
      message: `${firstLine(warning.message)}: custom YAML tags are not supported; write a plain value`,
    });
  }
  return problems;
}

function toValue(located: Located, file: string): unknown {
  try {
    return located.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    let offset = 0;
    visit(located.doc, {
      Alias(_key, node) {
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    throw new ConfigError(file, [
      {
        ...position(located.lines, offset),
        message: `YAML aliases expand to too many values (over ${MAX_ALIAS_COUNT}); write the values out instead of nesting aliases`,
      },
    ]);
  }
}

function pathSegments(instancePath: string): string[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/gu, '/').replace(/~0/gu, '~'));
}

function keyPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((text, segment) => {
    if (typeof segment === 'number' || /^\d+$/u.test(segment)) return `${text}[${segment}]`;
    return text === '' ? segment : `${text}.${segment}`;
  }, '');
}

/** The YAML node at a JSON pointer; numeric segments index sequences. */
function nodeAt(doc: Document.Parsed, segments: readonly string[]): Node | undefined {
  const keys = segments.map((s) => (/^\d+$/u.test(s) ? Number(s) : s));
  const node: unknown = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
  return node !== null && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
};

function schemaProblem(error: ErrorObject, located: Located): ConfigProblem {
  const segments = pathSegments(error.instancePath);
  const key = keyPath(segments);
  const subject = key === '' ? 'the configuration' : `'${key}'`;
  if (error.keyword === 'additionalProperties') {
    const unknown = String((error.params as { additionalProperty: string }).additionalProperty);
    const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
    const known = Object.keys(parent?.properties ?? {});
    const map = nodeAt(located.doc, segments);
    const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && String(p.key.value) === unknown) : undefined;
    const range = isScalar(pair?.key) ? pair.key.range : map?.range;
    const hint = didYouMean(unknown, known, 3);
    return {
      ...position(located.lines, range?.[0] ?? 0),
      key: keyPath([...segments, unknown]),
      message: `unknown key '${keyPath([...segments, unknown])}'.${hint} Known keys${key === '' ? '' : ` of '${key}'`}: ${known.join(', ')}`,
    };
  }
  const node = nodeAt(located.doc, segments);
  let message: string;
  if (error.keyword === 'type') {
    const expected = String((error.params as { type: string }).type);
    message = `${subject} must be ${TYPE_NAMES[expected] ?? expected}, not ${describe(error.data)}`;
  } else if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
    message = `${subject} must be one of ${allowed.join(', ')}, not ${describe(error.data)}`;
  } else if (error.keyword === 'minLength') {
    message = `${subject} must not be empty`;
  } else {
    message = `${subject} ${error.message ?? 'is invalid'}`;
  }
  const problem: ConfigProblem = { ...position(located.lines, node?.range?.[0] ?? 0), message };
  if (key !== '') problem.key = key;
  return problem;
}

const SEVERITY_BY_NUMBER: Record<number, RuleSetting> = { 0: 'off', 1: 'warn', 2: 'error' };

/** Checks the schema cannot express: audience pattern syntax, pack files that exist. */
function semanticProblems(value: RawConfig, located: Located, baseDir: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (key: string, index: number): { line: number; column: number } =>
    position(located.lines, nodeAt(located.doc, [key, String(index)])?.range?.[0] ?? 0);
  (value.firstPartyAudiences ?? []).forEach((pattern, index) => {
    const problem = audiencePatternProblem(pattern);
    if (problem) problems.push({ ...at('firstPartyAudiences', index), key: `firstPartyAudiences[${index}]`, message: problem });
  });
  (value.packs ?? []).forEach((pack, index) => {
    if (fs.existsSync(path.resolve(baseDir, pack))) return;
    problems.push({
      ...at('packs', index),
      key: `packs[${index}]`,
      message: `pack file '${pack}' does not exist (paths are relative to ${baseDir})`,
    });
  });
  return problems;
}

interface RawConfig {
  rules?: Record<string, RuleSetting | 0 | 1 | 2>;
  include?: string[];
  exclude?: string[];
  requireSuppressionReason?: boolean;
  reportUnusedDisableDirectives?: ScanConfig['reportUnusedDisableDirectives'];
  firstPartyAudiences?: string[];
  sources?: unknown[];
  sinks?: unknown[];
  sanitizers?: unknown[];
  packs?: string[];
}

function merge(raw: RawConfig, baseDir: string): ScanConfig {
  const config = defaultConfig(baseDir);
  for (const [ruleId, setting] of Object.entries(raw.rules ?? {})) {
    (config.rules as Record<string, RuleSetting>)[ruleId] = typeof setting === 'number' ? (SEVERITY_BY_NUMBER[setting] ?? 'error') : setting;
  }
  if (raw.include) config.include = [...raw.include];
  if (raw.exclude) config.exclude = [...new Set([...config.exclude, ...raw.exclude])];
  if (raw.requireSuppressionReason !== undefined) config.requireSuppressionReason = raw.requireSuppressionReason;
  if (raw.reportUnusedDisableDirectives) config.reportUnusedDisableDirectives = raw.reportUnusedDisableDirectives;
  if (raw.firstPartyAudiences) config.firstPartyAudiences = raw.firstPartyAudiences.map((p) => p.trim());
  if (raw.sources) config.sources = [...raw.sources];
  if (raw.sinks) config.sinks = [...raw.sinks];
  if (raw.sanitizers) config.sanitizers = [...raw.sanitizers];
  if (raw.packs) config.packs = raw.packs.map((p) => path.resolve(baseDir, p));
  return config;
}

/**
 * Parses and validates a config file's text. `file` is used in messages (and becomes
 * `configFile`); `baseDir` is where relative globs and pack paths are resolved.
 */
export function parseConfigText(text: string, file: string, baseDir: string): ScanConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...SAFE_YAML_OPTIONS, lineCounter: lines });
  const located: Located = { doc, lines };
  const syntax = yamlProblems(located);
  if (syntax.length > 0) throw new ConfigError(file, syntax);
  const value = toValue(located, file) ?? {};
  const schemaErrors = validate(value);
  if (schemaErrors.length > 0) throw new ConfigError(file, schemaErrors.map((e) => schemaProblem(e, located)));
  const semantic = semanticProblems(value as RawConfig, located, baseDir);
  if (semantic.length > 0) throw new ConfigError(file, semantic);
  const config = merge(value as RawConfig, baseDir);
  config.configFile = file;
  return config;
}
