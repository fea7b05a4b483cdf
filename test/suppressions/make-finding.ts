/** A minimal, valid Finding for suppression and baseline tests. */
import type { Finding, RuleId } from '../../src/report/finding.js';

export function makeFinding(
  file: string,
  line: number,
  ruleId: RuleId = 'user-credential-in-tool',
  fingerprint = `fp-${file}-${line}-${ruleId}`,
  column = 5,
): Finding {
  const span = { file, line, column, endLine: line, endColumn: column + 10 };
  return {
    ruleId,
    severity: 'error',
    confidence: 'high',
    message: { what: `token flows into ${ruleId} at ${file}:${line}`, why: 'impersonation', fix: 'exchange the token' },
    location: span,
    trace: [{ span, label: 'sink', snippet: 'token', role: 'sink' }],
    fix: { summary: 'Use RFC 8693 token exchange' },
    fingerprint,
    sourceKind: 'authorization-header',
    sinkKind: 'agent-tool',
  };
}
