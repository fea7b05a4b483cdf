/**
 * Finding fingerprints: an id for "the same finding" across scans, so that baselines,
 * SARIF `partialFingerprints` and code-scanning alert tracking survive line moves,
 * reformatting and unrelated edits, and change when the flagged code itself changes.
 */

import { createHash } from 'node:crypto';

export interface FingerprintInput {
  ruleId: string;
  /** POSIX path relative to the scan root. */
  sinkFile: string;
  /** Full source text of the sink expression. */
  sinkSnippet: string;
  /** Full source text of the source expression. */
  sourceSnippet: string;
  /** Name of the function, method or tool that encloses the sink ("" at module level). */
  sinkEnclosingName: string;
  /** 0-based index among findings whose other inputs are identical within one file. */
  occurrence?: number;
}

/** Bumped whenever the hashed inputs or their normalisation change, so old baselines stop matching loudly rather than silently. */
const FINGERPRINT_VERSION = 'v1';

/**
 * Hashes the parts of a finding that identify it, leaving out line and column so a
 * finding keeps its fingerprint when code above it moves.
 */
export function fingerprintFinding(input: FingerprintInput): string {
  const parts = [
    FINGERPRINT_VERSION,
    input.ruleId,
    input.sinkFile.replace(/\\/g, '/'),
    normaliseCode(input.sinkSnippet),
    normaliseCode(input.sourceSnippet),
    input.sinkEnclosingName,
    String(input.occurrence ?? 0),
  ];
  // JSON encoding keeps the parts unambiguous: no separator can be forged by a snippet.
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return `${FINGERPRINT_VERSION}:${digest.slice(0, 32)}`;
}

/**
 * Reduces code to what a formatter cannot change: whitespace (indentation, line breaks)
 * and the trailing commas and semicolons that Prettier adds or removes are dropped, and
 * single quotes are made double.
 */
export function normaliseCode(code: string): string {
  return code
    .replace(/\s+/g, '')
    .replace(/,(?=[)\]}])/g, '')
    .replace(/;+$/, '')
    .replace(/'/g, '"');
}
