/**
 * The report model: what one scan produces. Every formatter is a pure function of a
 * `ScanReport`; only the CLI prints and decides the exit code.
 */

export type Severity = 'error' | 'warning' | 'note';

/** How sure the analysis is that the value is a user's credential. */
export type Confidence = 'high' | 'medium' | 'low';

export const RULE_IDS = [
  'user-credential-in-tool',
  'user-credential-in-subagent',
  'user-credential-in-mcp-client',
  'mcp-token-passthrough',
  'user-credential-in-prompt',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** A span in a scanned file. `file` is POSIX-style and relative to the report's root. Lines and columns are 1-based. */
export interface SourceSpan {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One step of a finding's trace: where the credential was, and what carried it on. */
export interface TraceStep {
  span: SourceSpan;
  /** A short label, e.g. "source: Authorization header of the incoming request". */
  label: string;
  /** The expression's text, shortened (never a literal secret value). */
  snippet: string;
  role: 'source' | 'step' | 'sink';
}

export interface FindingMessage {
  /** What flows where. */
  what: string;
  /** Why this is impersonation. */
  why: string;
  /** What to do instead: delegation, tailored to the framework and sink. */
  fix: string;
}

export interface Suppression {
  kind: 'inSource' | 'external';
  /** The reason given after ` -- `, or where the baseline entry came from. */
  justification?: string;
  /** Where the directive stands (inline suppressions only). */
  span?: SourceSpan;
}

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  confidence: Confidence;
  message: FindingMessage;
  /** The sink: where the credential crosses the agent boundary (SPEC.md "Where a finding is reported"). */
  location: SourceSpan;
  /** Source first, sink last. */
  trace: TraceStep[];
  /** A fix in the framework's own idiom: a one-line summary and an optional code shape. */
  fix: { summary: string; example?: string };
  /** Stable across unrelated edits and line moves (see fingerprint.ts). */
  fingerprint: string;
  sourceKind: string;
  sinkKind: string;
  /** The agent framework of the sink, e.g. "@openai/agents". */
  framework?: string;
  /** A condition the flow depends on (config-gated forwarding), as source text. */
  condition?: string;
  suppression?: Suppression;
}

/** A diagnostic about the scan itself: a skipped file, a malformed directive, a config problem. */
export interface ScanNotice {
  level: 'error' | 'warning' | 'note';
  /** e.g. "file-skipped", "unused-disable-directive", "invalid-disable-directive". */
  code: string;
  message: string;
  span?: SourceSpan;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface RuleMeta {
  id: RuleId;
  /** A one-line summary. */
  shortDescription: string;
  /** A paragraph: what it finds and why it matters. */
  fullDescription: string;
  defaultSeverity: Severity;
  helpUri: string;
  /** Markdown help: why, and the fix. */
  help: string;
  /** e.g. "security", "CWE-522", "OWASP-ASI03". */
  tags: string[];
  /** CVSS-like severity for code scanning UIs (0.0–10.0), as SARIF `security-severity`. */
  securitySeverity: number;
}

export interface ScanReport {
  tool: { name: string; version: string; informationUri: string };
  /** Absolute path that every `file` in the report is relative to. */
  root: string;
  findings: Finding[];
  skipped: SkippedFile[];
  notices: ScanNotice[];
  rules: RuleMeta[];
  stats: { filesScanned: number; durationMs: number };
}
