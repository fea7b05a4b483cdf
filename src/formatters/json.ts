/**
 * The machine-readable format: the whole report, sorted, under a versioned schema
 * (schemas/report.schema.json, described in docs/json-format.md). Objects are rebuilt
 * field by field so the key order, and therefore the bytes, do not depend on how the
 * engine happened to build them.
 */

import type {
  Finding,
  RuleMeta,
  ScanNotice,
  ScanReport,
  SkippedFile,
  SourceSpan,
  TraceStep,
} from '../report/finding.js';
import { sortFindings, sortNotices, sortSkipped } from './order.js';
import { summarize, type ReportSummary } from './summary.js';

/** Bumped only for breaking changes; added fields keep it (docs/json-format.md). */
export const JSON_FORMAT_VERSION = 1;

const PACKAGE_NAME = 'agent-impersonation-scan';

/** Where the schema of this exact release is published: the package ships `schemas/`. */
function reportSchemaUrl(toolVersion: string): string {
  return `https://unpkg.com/${PACKAGE_NAME}@${toolVersion}/schemas/report.schema.json`;
}

export interface JsonReport {
  $schema: string;
  version: number;
  tool: ScanReport['tool'];
  root: string;
  summary: ReportSummary;
  findings: Finding[];
  skipped: SkippedFile[];
  notices: ScanNotice[];
  rules: RuleMeta[];
}

export function toJsonReport(report: ScanReport): JsonReport {
  const { name, version, informationUri } = report.tool;
  return {
    $schema: reportSchemaUrl(version),
    version: JSON_FORMAT_VERSION,
    tool: { name, version, informationUri },
    root: report.root,
    summary: summarize(report),
    findings: sortFindings(report.findings).map(finding),
    skipped: sortSkipped(report.skipped).map((s) => ({ file: s.file, reason: s.reason })),
    notices: sortNotices(report.notices).map(notice),
    rules: report.rules.map(rule),
  };
}

export function formatJson(report: ScanReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}

function span(s: SourceSpan): SourceSpan {
  return { file: s.file, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
}

function step(s: TraceStep): TraceStep {
  return { span: span(s.span), label: s.label, snippet: s.snippet, role: s.role };
}

function finding(f: Finding): Finding {
  const out: Finding = {
    ruleId: f.ruleId,
    severity: f.severity,
    confidence: f.confidence,
    message: { what: f.message.what, why: f.message.why, fix: f.message.fix },
    location: span(f.location),
    trace: f.trace.map(step),
    fix: f.fix.example === undefined ? { summary: f.fix.summary } : { summary: f.fix.summary, example: f.fix.example },
    fingerprint: f.fingerprint,
    sourceKind: f.sourceKind,
    sinkKind: f.sinkKind,
  };
  if (f.framework !== undefined) out.framework = f.framework;
  if (f.condition !== undefined) out.condition = f.condition;
  if (f.suppression) {
    const { kind, justification, span: at } = f.suppression;
    out.suppression = { kind };
    if (justification !== undefined) out.suppression.justification = justification;
    if (at) out.suppression.span = span(at);
  }
  return out;
}

function notice(n: ScanNotice): ScanNotice {
  const out: ScanNotice = { level: n.level, code: n.code, message: n.message };
  if (n.span) out.span = span(n.span);
  return out;
}

function rule(r: RuleMeta): RuleMeta {
  return {
    id: r.id,
    shortDescription: r.shortDescription,
    fullDescription: r.fullDescription,
    defaultSeverity: r.defaultSeverity,
    helpUri: r.helpUri,
    help: r.help,
    tags: [...r.tags],
    securitySeverity: r.securitySeverity,
  };
}
