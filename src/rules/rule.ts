/**
 * A rule decides which flows (source kind → sink kind) are its findings and how they
 * read. Rules list no APIs: packs emit kinds, rules subscribe to kinds.
 */
import type { FindingMessage, RuleMeta, Severity } from '../report/finding.js';
import type { SinkKind, SourceKind } from '../model/pack.js';

/** What a rule sees of a flow: kinds and the words to describe it, no syntax. */
export interface FlowFacts {
  sourceKind: SourceKind;
  sinkKind: SinkKind;
  /** e.g. "Authorization header of the incoming request". */
  sourceLabel: string;
  /** e.g. "run context of an OpenAI Agents run". */
  sinkLabel: string;
  /** The source expression, e.g. `req.headers.authorization`. */
  sourceText: string;
  /** The sink expression. */
  sinkText: string;
  framework: string;
  confidence: 'high' | 'medium' | 'low';
  condition?: string;
  toolName?: string;
}

export interface RuleDefinition {
  meta: RuleMeta;
  /** When several rules accept flows on one sink, the higher priority wins (the more specific reading). */
  priority: number;
  accepts(flow: FlowFacts): boolean;
  severity(flow: FlowFacts): Severity;
  message(flow: FlowFacts): FindingMessage;
}

const DOCS_BASE = 'https://github.com/agent-impersonation-scan/agent-impersonation-scan/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

/** The user-credential source kinds (everything but an MCP server's inbound token, which has its own rule on upstream calls). */
export const USER_SOURCE_KINDS: readonly SourceKind[] = [
  'authorization-header',
  'request-headers',
  'cookie',
  'session-token',
  'sso-token',
  'heuristic-name',
  'mcp-inbound-token',
  'api-key-header',
];

/** Definite sources are errors; a name-only heuristic is a warning. */
export function severityByConfidence(flow: FlowFacts): Severity {
  return flow.confidence === 'high' ? 'error' : 'warning';
}

export function conditionNote(flow: FlowFacts): string {
  return flow.condition ? ` This happens only when \`${flow.condition}\`.` : '';
}

export function heuristicNote(flow: FlowFacts): string {
  return flow.sourceKind === 'heuristic-name' ? ' (The value is a credential by its name only; its origin is not visible here.)' : '';
}

/** "the <label>", whatever article the pack wrote. */
export function the(label: string): string {
  return `the ${label.replace(/^(a|an|the)\s+/i, '')}`;
}
