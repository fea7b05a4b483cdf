/**
 * Counts shared by the human and machine formats, so `stylish` and `json` can never
 * disagree about how many problems a scan found.
 */

import type { ScanNotice, ScanReport } from '../report/finding.js';

export interface ReportSummary {
  /** Unsuppressed findings by severity. */
  errors: number;
  warnings: number;
  notes: number;
  suppressed: number;
  filesScanned: number;
  skippedFiles: number;
  durationMs: number;
}

export function summarize(report: ScanReport): ReportSummary {
  const summary: ReportSummary = {
    errors: 0,
    warnings: 0,
    notes: 0,
    suppressed: 0,
    filesScanned: report.stats.filesScanned,
    skippedFiles: report.skipped.length,
    durationMs: report.stats.durationMs,
  };
  for (const finding of report.findings) {
    if (finding.suppression) summary.suppressed++;
    else if (finding.severity === 'error') summary.errors++;
    else if (finding.severity === 'warning') summary.warnings++;
    else summary.notes++;
  }
  return summary;
}

/**
 * Notices to show beside the skipped-file list: a `file-skipped` notice about a file that
 * `report.skipped` already lists would say the same thing twice.
 */
export function noticesToShow(report: ScanReport): ScanNotice[] {
  const skipped = new Set(report.skipped.map((s) => s.file));
  return report.notices.filter((n) => !(n.code === 'file-skipped' && n.span && skipped.has(n.span.file)));
}
