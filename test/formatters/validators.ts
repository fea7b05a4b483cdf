/**
 * Schema validators for formatter output: the SARIF 2.1.0 OASIS schema and our JSON
 * report schema, compiled once with ajv 8.
 */

import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

function readJson(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** The three formats the schemas use, checked by the platform's own parsers. */
function addFormats(ajv: Ajv): void {
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
}

let sarif: ValidateFunction | undefined;
let report: ValidateFunction | undefined;

/**
 * The OASIS schema is draft-04: ajv 8 cannot load that meta-schema, so the `$schema`
 * keyword is dropped and draft-04's root `id` becomes `$id`. The schema uses no
 * keyword whose meaning changed after draft-04 (no boolean exclusiveMinimum/Maximum).
 */
export function validateSarif(log: unknown): ErrorObject[] {
  if (!sarif) {
    const { $schema: _meta, id, ...rest } = readJson('../schemas/sarif-schema-2.1.0.json');
    const schema = { $id: String(id), ...rest };
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    sarif = ajv.compile(schema);
  }
  return sarif(log) ? [] : (sarif.errors ?? []);
}

export function validateJsonReport(value: unknown): ErrorObject[] {
  if (!report) {
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    report = ajv.compile(readJson('../../schemas/report.schema.json'));
  }
  return report(value) ? [] : (report.errors ?? []);
}

/** Fails the calling test with ajv's own messages, so a schema violation reads as one. */
export function expectValid(errors: ErrorObject[]): void {
  if (errors.length > 0) {
    const lines = errors.slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    throw new Error(`schema validation failed:\n${lines.join('\n')}`);
  }
}
