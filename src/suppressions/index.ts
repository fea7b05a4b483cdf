/**
 * Inline suppressions, ESLint style. Typical use in the CLI:
 *
 *   const directivesByFile = new Map(files.map((f) => [f.relativePath, parseDirectives(f.text, f.relativePath, f.sourceFile)]));
 *   const { findings, notices } = applySuppressions(rawFindings, directivesByFile, {
 *     knownRuleIds: RULE_IDS, requireReason: config.requireSuppressionReason,
 *     reportUnused: cliFlag ?? config.reportUnusedDisableDirectives,
 *   });
 *
 * Suppressed findings stay in the report (JSON/SARIF show them); they must not count for
 * the exit code. Run this before the baseline, so inline-suppressed findings never
 * consume baseline entries.
 */
export { parseDirectives, DIRECTIVE_PREFIX, DIRECTIVE_KINDS, type Directive, type DirectiveKind } from './directives.js';
export {
  applySuppressions,
  type ApplySuppressionsOptions,
  type ReportUnusedLevel,
  type SuppressionResult,
} from './apply.js';
