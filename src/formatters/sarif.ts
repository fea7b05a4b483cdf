/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub, Azure DevOps, IDE viewers): one run, one
 * result per finding with the sink as its primary location, the trace as a codeFlow,
 * the source as a related location, a line-independent partial fingerprint, and the
 * scan's own diagnostics as tool execution notifications.
 *
 * Fix text goes into the message and `properties.fix`, never into SARIF `fixes`: those
 * must be concrete artifact changes, which a delegation fix is not.
 */

import { pathToFileURL } from 'node:url';
import type {
  Finding,
  RuleMeta,
  ScanNotice,
  ScanReport,
  Severity,
  SourceSpan,
  Suppression,
  TraceStep,
} from '../report/finding.js';
import { sortFindings, sortNotices, sortSkipped } from './order.js';
import type {
  SarifLocation,
  SarifLog,
  SarifNotification,
  SarifPhysicalLocation,
  SarifResult,
  SarifRule,
  SarifSuppression,
  SarifThreadFlow,
  SarifThreadFlowLocation,
} from './sarif-log.js';
import { noticesToShow } from './summary.js';

const SARIF_SCHEMA_URL =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/**
 * Code-scanning services drop or reject results with longer thread flows. A longer trace
 * keeps its first and last halves: the source end and the sink end are what a reader
 * needs; the omitted range is named in the thread flow's message and properties.
 */
export const SARIF_MAX_THREAD_FLOW_STEPS = 1000;

const SRCROOT = '%SRCROOT%';
/** Our own key next to GitHub's well-known one, so other consumers can tell whose hash it is. */
export const FINGERPRINT_KEY = 'agentImpersonationScan/v1';
const SOURCE_LOCATION_ID = 1;

export function formatSarif(report: ScanReport): string {
  return `${JSON.stringify(toSarifLog(report), null, 2)}\n`;
}

function toSarifLog(report: ScanReport): SarifLog {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id as string, i]));
  const notifications = [
    ...sortSkipped(report.skipped).map(skippedNotification),
    ...sortNotices(noticesToShow(report)).map(noticeNotification),
  ];
  return {
    $schema: SARIF_SCHEMA_URL,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: report.tool.informationUri,
            rules: report.rules.map(sarifRule),
          },
        },
        invocations: [
          notifications.length > 0
            ? { executionSuccessful: true, toolExecutionNotifications: notifications }
            : { executionSuccessful: true },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(report.root) } },
        columnKind: 'utf16CodeUnits',
        results: sortFindings(report.findings).map((f) => sarifResult(f, ruleIndex.get(f.ruleId))),
      },
    ],
  };
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * A relative URI reference for a report path: each segment percent-encoded (spaces, `:`,
 * `#`, `?`, `[id]` route folders), keeping the sub-delimiters that paths may hold as-is.
 */
export function artifactUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%(2[46-9BC]|3[BD]|40)/g, (m) => decodeURIComponent(m)))
    .join('/');
}

function physical(span: SourceSpan): SarifPhysicalLocation {
  return {
    artifactLocation: { uri: artifactUri(span.file), uriBaseId: SRCROOT },
    region: {
      startLine: Math.max(1, span.line),
      startColumn: Math.max(1, span.column),
      endLine: Math.max(1, span.endLine),
      endColumn: Math.max(1, span.endColumn),
    },
  };
}

export function ruleName(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

const PROBLEM_SEVERITY = { error: 'error', warning: 'warning', note: 'recommendation' } as const;

function sarifRule(rule: RuleMeta): SarifRule {
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.shortDescription },
    fullDescription: { text: rule.fullDescription },
    help: { text: markdownToText(rule.help), markdown: rule.help },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: rule.defaultSeverity },
    properties: {
      tags: [...rule.tags],
      precision: 'high',
      'security-severity': rule.securitySeverity.toFixed(1),
      'problem.severity': PROBLEM_SEVERITY[rule.defaultSeverity],
    },
  };
}

/** Plain text for viewers that do not render Markdown: drop markup, keep the words and code. */
export function markdownToText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\s*(```|~~~)/.test(line))
    .map((line) => line.replace(/^#{1,6}\s+/, ''))
    .join('\n')
    .replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]*)`/g, '$1');
}

/**
 * SARIF reads `[text](n)` in a message as a link to related location n; anything in the
 * engine's text that happens to look like one is escaped (SARIF §3.11.6).
 */
export function escapeSarifMessage(text: string): string {
  return text.replace(/\[([^\]]*)\]\((\d+)\)/g, '\\[$1\\]($2)');
}

function resultMessage(f: Finding): { text: string; markdown: string } {
  const { what, why, fix } = f.message;
  const example = f.fix.example ? `\n\n\`\`\`ts\n${f.fix.example}\n\`\`\`` : '';
  return {
    text: escapeSarifMessage(`${what}\n${why}\nFix: ${fix}`),
    markdown: escapeSarifMessage(`${what}\n\n${why}\n\n**Fix:** ${fix}${example}`),
  };
}

function sarifResult(f: Finding, ruleIndex: number | undefined): SarifResult {
  const source = f.trace.find((s) => s.role === 'source');
  return {
    ruleId: f.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: f.severity,
    message: resultMessage(f),
    locations: [{ physicalLocation: physical(f.location) }],
    ...(f.trace.length > 0 ? { codeFlows: [{ threadFlows: [threadFlow(f.trace)] }] } : {}),
    ...(source
      ? {
          relatedLocations: [
            { id: SOURCE_LOCATION_ID, physicalLocation: physical(source.span), message: { text: source.label } },
          ],
        }
      : {}),
    partialFingerprints: { primaryLocationLineHash: f.fingerprint, [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.suppression ? { suppressions: [suppression(f.suppression)] } : {}),
    properties: {
      confidence: f.confidence,
      sourceKind: f.sourceKind,
      sinkKind: f.sinkKind,
      ...(f.framework === undefined ? {} : { framework: f.framework }),
      ...(f.condition === undefined ? {} : { condition: f.condition }),
      fix: f.fix.example === undefined ? { summary: f.fix.summary } : { summary: f.fix.summary, example: f.fix.example },
    },
  };
}

function suppression(s: Suppression): SarifSuppression {
  const out: SarifSuppression = { kind: s.kind, status: 'accepted' };
  if (s.justification !== undefined) out.justification = s.justification;
  if (s.span) out.location = { physicalLocation: physical(s.span) };
  return out;
}

const KINDS: Record<TraceStep['role'], string[]> = {
  source: ['taint', 'source'],
  step: ['taint'],
  sink: ['taint', 'sink'],
};

function threadFlowLocation(step: TraceStep, index: number): SarifThreadFlowLocation {
  return {
    location: { physicalLocation: physical(step.span), message: { text: step.label } },
    kinds: KINDS[step.role],
    nestingLevel: 0,
    // The original step number, so a gap left by the cap shows as a jump.
    executionOrder: index + 1,
    importance: step.role === 'step' ? 'important' : 'essential',
  };
}

function threadFlow(trace: TraceStep[]): SarifThreadFlow {
  if (trace.length <= SARIF_MAX_THREAD_FLOW_STEPS) return { locations: trace.map(threadFlowLocation) };
  const head = Math.ceil(SARIF_MAX_THREAD_FLOW_STEPS / 2);
  const tailStart = trace.length - (SARIF_MAX_THREAD_FLOW_STEPS - head);
  const omitted = { first: head + 1, last: tailStart };
  return {
    message: {
      text: `Trace of ${trace.length} steps shortened to ${SARIF_MAX_THREAD_FLOW_STEPS}: steps ${omitted.first}–${omitted.last} are omitted.`,
    },
    locations: [
      ...trace.slice(0, head).map(threadFlowLocation),
      ...trace.slice(tailStart).map((s, i) => threadFlowLocation(s, tailStart + i)),
    ],
    properties: { totalSteps: trace.length, omittedSteps: omitted },
  };
}

const NOTICE_LEVEL: Record<Severity, SarifNotification['level']> = { error: 'error', warning: 'warning', note: 'note' };

function skippedNotification(s: { file: string; reason: string }): SarifNotification {
  return {
    level: 'warning',
    message: { text: `File skipped: ${s.reason}` },
    descriptor: { id: 'file-skipped' },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(s.file), uriBaseId: SRCROOT } } }],
  };
}

function noticeNotification(n: ScanNotice): SarifNotification {
  const out: SarifNotification = { level: NOTICE_LEVEL[n.level], message: { text: n.message }, descriptor: { id: n.code } };
  if (n.span) out.locations = [{ physicalLocation: physical(n.span) } satisfies SarifLocation];
  return out;
}
