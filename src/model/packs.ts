/**
 * Loads rule packs (bundled `rules/**\/*.yml` plus any extra packs), validates each
 * against `rules/pack.schema.json`, and merges them into one `Model`.
 */
import type { ErrorObject } from 'ajv';
import fg from 'fast-glob';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { lazySchemaValidator, SAFE_YAML_OPTIONS } from './yaml-data.js';
import type { ContextReaderSpec, ContextWriterSpec, Pack, PropagatorSpec, SanitizerSpec, SinkSpec, SourceSpec } from './pack.js';

export class PackError extends Error {}

/** The package's own `rules/` folder, next to `dist/` (or `src/` when run from source). */
export const BUNDLED_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

export interface Model {
  packs: Array<{ pack: string; file: string; checkedAgainst: Record<string, string> }>;
  sources: SourceSpec[];
  sinks: SinkSpec[];
  sanitizers: SanitizerSpec[];
  propagators: PropagatorSpec[];
  contextReaders: ContextReaderSpec[];
  contextWriters: ContextWriterSpec[];
  mcpServerModules: string[];
}

const validate = lazySchemaValidator(path.join(BUNDLED_RULES_DIR, 'pack.schema.json'), { allErrors: true, strict: false });

function describeSchemaErrors(errors: ErrorObject[]): string {
  return errors
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
    .join('; ');
}

export function parsePack(text: string, file: string): Pack {
  const doc = parseDocument(text, SAFE_YAML_OPTIONS);
  if (doc.errors.length > 0) throw new PackError(`${file}: ${doc.errors[0]!.message}`);
  return validatePack(doc.toJS({ maxAliasCount: 100 }) as unknown, file);
}

/** Checks already-parsed pack data (from YAML, or a configuration's own sources and sinks) against the schema. */
export function validatePack(data: unknown, file: string): Pack {
  const errors = validate(data);
  if (errors.length > 0) throw new PackError(`${file}: not a valid rule pack: ${describeSchemaErrors(errors)}`);
  return data as Pack;
}

export function loadPackFile(file: string): Pack {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PackError(`cannot read rule pack ${file}: ${(err as Error).message}`);
  }
  return parsePack(text, file);
}

export function bundledPackFiles(): string[] {
  return fg.sync('**/*.{yml,yaml}', { cwd: BUNDLED_RULES_DIR, absolute: true }).sort();
}

export function buildModel(packs: Array<{ pack: Pack; file: string }>): Model {
  const model: Model = { packs: [], sources: [], sinks: [], sanitizers: [], propagators: [], contextReaders: [], contextWriters: [], mcpServerModules: [] };
  const seen = new Set<string>();
  for (const { pack, file } of packs) {
    if (seen.has(pack.pack)) throw new PackError(`${file}: duplicate pack id '${pack.pack}'`);
    seen.add(pack.pack);
    model.packs.push({ pack: pack.pack, file, checkedAgainst: pack.checkedAgainst });
    model.sources.push(...(pack.sources ?? []));
    model.sinks.push(...(pack.sinks ?? []));
    model.sanitizers.push(...(pack.sanitizers ?? []));
    model.propagators.push(...(pack.propagators ?? []));
    model.contextReaders.push(...(pack.contextReaders ?? []));
    model.contextWriters.push(...(pack.contextWriters ?? []));
    model.mcpServerModules.push(...(pack.mcpServerModules ?? []));
  }
  return model;
}

/** The bundled packs: precompiled by the build (dist/rules.json), else read from rules/ (tests run from source). */
function bundledPacks(): Array<{ pack: Pack; file: string }> {
  try {
    return JSON.parse(readFileSync(new URL('../rules.json', import.meta.url), 'utf8')) as Array<{ pack: Pack; file: string }>;
  } catch {
    return bundledPackFiles().map((file) => ({ pack: loadPackFile(file), file }));
  }
}

/** The bundled packs plus extra pack files (from configuration). */
export function loadModel(extraPackFiles: string[] = [], extraPacks: Array<{ pack: Pack; file: string }> = []): Model {
  return buildModel([...bundledPacks(), ...extraPackFiles.map((file) => ({ pack: loadPackFile(file), file })), ...extraPacks]);
}
