/**
 * Reading YAML data we do not trust (rule packs, configuration): the parser options that keep
 * it plain data, and JSON Schema validators compiled once, on first use.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import { readFileSync } from 'node:fs';
import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

/** Core schema only, no custom tags (nothing executable), duplicate keys are errors. */
export const SAFE_YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = { schema: 'core', customTags: [], uniqueKeys: true, prettyErrors: true };

/** A validator for the schema at `schemaFile`, compiled the first time it is used. */
export function lazySchemaValidator(schemaFile: string | URL, options: Options): (data: unknown) => ErrorObject[] {
  let compiled: ReturnType<Ajv['compile']> | undefined;
  return (data) => {
    compiled ??= new Ajv(options).compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
    return compiled(data) ? [] : [...(compiled.errors ?? [])];
  };
}
