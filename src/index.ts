/** The library API: run a scan and format its report without the CLI. */
export { scan, type ScanOptions, type ScanResult } from './analyze/scan.js';
export { formatReport, FORMAT_NAMES, type FormatName } from './formatters/index.js';
export { runCli } from './cli/run.js';
export { RULES, RULE_METAS } from './rules/registry.js';
export type { Finding, ScanReport, RuleId, Severity, TraceStep, SourceSpan } from './report/finding.js';
export type { Pack } from './model/pack.js';
