/**
 * The one order every formatter lists findings in (file, line, column, rule), so that
 * outputs diff cleanly between runs whatever order the engine produced them in.
 */

import type { Finding, ScanNotice, SkippedFile, SourceSpan } from '../report/finding.js';

/** Code-unit comparison: locale-independent, so CI and laptops sort alike. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareSpans(a: SourceSpan, b: SourceSpan): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn
  );
}

export function compareFindings(a: Finding, b: Finding): number {
  const { file: fa, line: la, column: ca } = a.location;
  const { file: fb, line: lb, column: cb } = b.location;
  return (
    compareText(fa, fb) ||
    la - lb ||
    ca - cb ||
    compareText(a.ruleId, b.ruleId) ||
    compareSpans(a.location, b.location) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** A sorted copy; the report itself is never mutated. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Notices about the whole scan (no span) first, then by place, code and text. */
export function sortNotices(notices: readonly ScanNotice[]): ScanNotice[] {
  return [...notices].sort((a, b) => {
    if (!a.span || !b.span) {
      if (a.span !== b.span) return a.span ? 1 : -1;
    } else {
      const bySpan = compareSpans(a.span, b.span);
      if (bySpan !== 0) return bySpan;
    }
    return compareText(a.code, b.code) || compareText(a.message, b.message);
  });
}

export function sortSkipped(skipped: readonly SkippedFile[]): SkippedFile[] {
  return [...skipped].sort((a, b) => compareText(a.file, b.file) || compareText(a.reason, b.reason));
}
