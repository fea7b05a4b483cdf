/**
 * The terminal format (ESLint's "stylish", extended with the trace and the
 * why/fix notes every finding carries): findings grouped by file, then the scan's
 * own diagnostics, then a one-line summary. Suppressed findings are only counted.
 */

import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, ScanReport, Severity, TraceStep } from '../report/finding.js';
import { sortFindings, sortNotices, sortSkipped } from './order.js';
import { displayPath } from './paths.js';
import { noticesToShow, summarize, type ReportSummary } from './summary.js';

export interface StylishOptions {
  color: boolean;
  cwd?: string;
}

/** A terminal cannot usefully show a 1,500-step trace; JSON and SARIF carry it whole. */
export const STYLISH_TRACE_HEAD = 8;
export const STYLISH_TRACE_TAIL = 4;
const SNIPPET_MAX = 60;

interface Context {
  /** Fix examples already printed: each is shown once, the first time its rule comes up. */
  shownExamples: Set<string>;
  c: ChalkInstance;
  report: ScanReport;
  cwd?: string;
}

export function formatStylish(report: ScanReport, options: StylishOptions): string {
  // Level 1 (16 colours) is enough and renders the same on every terminal that has colour at all.
  const ctx: Context = { c: new Chalk({ level: options.color ? 1 : 0 }), report, cwd: options.cwd, shownExamples: new Set() };
  const blocks: string[] = [];
  for (const [file, findings] of groupByFile(report)) blocks.push(fileBlock(ctx, file, findings));
  const diagnostics = diagnosticsBlock(ctx);
  if (diagnostics) blocks.push(diagnostics);
  blocks.push(summaryLine(ctx.c, summarize(report)));
  return `${blocks.join('\n\n')}\n`;
}

function groupByFile(report: ScanReport): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of sortFindings(report.findings)) {
    if (finding.suppression) continue;
    const group = groups.get(finding.location.file);
    if (group) group.push(finding);
    else groups.set(finding.location.file, [finding]);
  }
  return groups;
}

function where(ctx: Context, file: string): string {
  return displayPath(file, ctx.report.root, ctx.cwd);
}

function paintSeverity(c: ChalkInstance, severity: Severity, text: string = severity): string {
  if (severity === 'error') return c.red(text);
  if (severity === 'warning') return c.yellow(text);
  return c.blue(text);
}

function fileBlock(ctx: Context, file: string, findings: Finding[]): string {
  const { c } = ctx;
  const positions = findings.map((f) => `${f.location.line}:${f.location.column}`);
  const width = Math.max(...positions.map((p) => p.length));
  const lines = [c.underline(where(ctx, file))];
  findings.forEach((finding, i) => {
    const position = c.dim(positions[i]!.padEnd(width));
    const severity = paintSeverity(c, finding.severity, finding.severity.padEnd(7));
    lines.push(`  ${position}  ${severity}  ${finding.message.what}  ${c.dim(finding.ruleId)}`);
    lines.push(...findingDetails(ctx, finding));
  });
  return lines.join('\n');
}

function findingDetails(ctx: Context, finding: Finding): string[] {
  const { c } = ctx;
  const pad = '      ';
  const lines = finding.trace.length > 0 ? [`${pad}${c.bold('trace:')}`, ...traceLines(ctx, finding.trace, `${pad}  `)] : [];
  if (finding.condition) lines.push(`${pad}${c.bold('only when:')} ${c.cyan(finding.condition)}`);
  lines.push(labelled(`${pad}${c.bold('why:')} `, finding.message.why, pad));
  lines.push(labelled(`${pad}${c.bold('fix:')} `, finding.message.fix, pad));
  if (finding.fix.example && ctx.shownExamples.has(finding.fix.example)) {
    lines.push(`${pad}     ${c.dim(`(example: see the first ${finding.ruleId} finding above)`)}`);
  } else if (finding.fix.example) {
    ctx.shownExamples.add(finding.fix.example);
    for (const line of finding.fix.example.split('\n')) lines.push(line ? `${pad}     ${c.green(line)}` : '');
  }
  return lines;
}

/** Continuation lines of a multi-line text line up under its first line. */
function labelled(label: string, text: string, pad: string): string {
  return label + text.split('\n').join(`\n${pad}     `);
}

function traceLines(ctx: Context, trace: TraceStep[], pad: string): string[] {
  const { c } = ctx;
  const numberWidth = String(trace.length).length;
  const step = (s: TraceStep, index: number): string => {
    const n = `${String(index + 1).padStart(numberWidth)}.`;
    const at = `${where(ctx, s.span.file)}:${s.span.line}:${s.span.column}`;
    const snippet = s.snippet ? `  ${c.dim(shorten(s.snippet))}` : '';
    return `${pad}${c.dim(n)} ${at}  ${s.label}${snippet}`;
  };
  if (trace.length <= STYLISH_TRACE_HEAD + STYLISH_TRACE_TAIL + 1) return trace.map(step);
  const tailStart = trace.length - STYLISH_TRACE_TAIL;
  const omitted = tailStart - STYLISH_TRACE_HEAD;
  return [
    ...trace.slice(0, STYLISH_TRACE_HEAD).map((s, i) => step(s, i)),
    `${pad}${c.dim(`… ${omitted} more steps (the json and sarif formats list them all) …`)}`,
    ...trace.slice(tailStart).map((s, i) => step(s, tailStart + i)),
  ];
}

/** One line, at most SNIPPET_MAX characters: a trace line should fit a terminal. */
export function shorten(snippet: string): string {
  const flat = snippet.replace(/\s+/g, ' ').trim();
  return flat.length <= SNIPPET_MAX ? flat : `${flat.slice(0, SNIPPET_MAX - 1)}…`;
}

function diagnosticsBlock(ctx: Context): string {
  const { c, report } = ctx;
  const lines: string[] = [];
  const skipped = sortSkipped(report.skipped);
  if (skipped.length > 0) {
    lines.push(c.bold('Skipped files:'));
    for (const s of skipped) lines.push(`  ${where(ctx, s.file)}  ${c.dim(s.reason)}`);
  }
  const notices = sortNotices(noticesToShow(report));
  if (notices.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(c.bold('Notices:'));
    for (const n of notices) {
      const at = n.span ? `${where(ctx, n.span.file)}:${n.span.line}:${n.span.column}  ` : '';
      lines.push(`  ${paintSeverity(c, n.level, n.level.padEnd(7))}  ${at}${n.message}  ${c.dim(n.code)}`);
    }
  }
  return lines.join('\n');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summaryLine(c: ChalkInstance, s: ReportSummary): string {
  const problems = s.errors + s.warnings + s.notes;
  if (problems === 0) {
    const suppressed = s.suppressed > 0 ? `, ${s.suppressed} suppressed` : '';
    return c.green.bold(`✔ No problems found (${plural(s.filesScanned, 'file')} scanned)${suppressed}`);
  }
  const text =
    `✖ ${plural(problems, 'problem')} ` +
    `(${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')}), ` +
    `${s.suppressed} suppressed`;
  return s.errors > 0 ? c.red.bold(text) : c.yellow.bold(text);
}
