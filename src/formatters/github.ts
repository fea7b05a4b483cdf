/**
 * GitHub Actions workflow commands (`::error file=…::message`), which the runner turns
 * into annotations on the pull request's diff. Escaping follows @actions/core's
 * `escapeData`/`escapeProperty`, so a message with newlines, commas or colons arrives whole.
 */

import type { ScanReport, Severity, SourceSpan } from '../report/finding.js';
import { sortFindings, sortNotices, sortSkipped } from './order.js';
import { displayPath } from './paths.js';
import { noticesToShow } from './summary.js';

export interface GithubOptions {
  cwd?: string;
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** Escaping for a command's message (@actions/core `escapeData`). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping for a command's `key=value` properties (@actions/core `escapeProperty`). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(level: Severity, properties: Array<[string, string | number]>, message: string): string {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[level]}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function spanProperties(file: string, span: SourceSpan | undefined): Array<[string, string | number]> {
  if (!span) return [['file', file]];
  return [
    ['file', file],
    ['line', span.line],
    ['col', span.column],
    ['endLine', span.endLine],
    ['endColumn', span.endColumn],
  ];
}

export function formatGithub(report: ScanReport, options: GithubOptions = {}): string {
  const path = (file: string): string => displayPath(file, report.root, options.cwd);
  const lines: string[] = [];
  for (const f of sortFindings(report.findings)) {
    if (f.suppression) continue;
    const message = `${f.message.what}\n${f.message.why}\nFix: ${f.message.fix}`;
    lines.push(annotation(f.severity, [...spanProperties(path(f.location.file), f.location), ['title', f.ruleId]], message));
  }
  for (const s of sortSkipped(report.skipped)) {
    lines.push(annotation('warning', [['file', path(s.file)], ['title', 'file-skipped']], `File skipped: ${s.reason}`));
  }
  for (const n of sortNotices(noticesToShow(report))) {
    const where = n.span ? spanProperties(path(n.span.file), n.span) : [];
    lines.push(annotation(n.level, [...where, ['title', n.code]], n.message));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
