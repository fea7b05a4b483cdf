/**
 * The formatters' entry point: a report in, text out. Every format is a pure function
 * of the `ScanReport` (plus the colour decision and working directory the CLI passes);
 * only the CLI writes the text. Outputs end with a newline, or are empty.
 */

import type { ScanReport } from '../report/finding.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'github'] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

export interface FormatOptions {
  color: boolean;
  /** Where paths shown to people are relative to; the report's root when absent. */
  cwd?: string;
}

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

export function formatReport(report: ScanReport, format: FormatName, options: FormatOptions): string {
  switch (format) {
    case 'stylish':
      return formatStylish(report, options);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'github':
      return formatGithub(report, options.cwd === undefined ? {} : { cwd: options.cwd });
  }
}

export { shouldUseColor } from './color.js';
export { formatGithub, formatJson, formatSarif, formatStylish };
