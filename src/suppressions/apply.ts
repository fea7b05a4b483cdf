/**
 * Applies inline suppression directives (see directives.ts) to a scan's findings.
 *
 * Exports `applySuppressions(findings, directivesByFile, options)`, which returns new
 * finding objects (a covered finding gets `suppression: { kind: 'inSource', … }`) and the
 * notices about the directives themselves:
 * - `invalid-disable-directive` (level error): an unknown rule id, a mistyped directive, a
 *   missing reason when reasons are required. An invalid directive suppresses nothing, so
 *   a malformed comment can never silence everything.
 * - `unused-disable-directive` (level per `reportUnused`): a directive, or one of its rule
 *   ids, that covered no finding; an `enable` that closed no open block.
 *
 * `directivesByFile` is keyed by the same report-relative path as `finding.location.file`.
 * A finding is covered when the line of its primary location (the sink) is covered:
 * `disable-next-line`/`disable-line` by line; `disable`/`enable` blocks by position, with
 * ESLint's per-rule semantics (an `enable x` inside a general `disable` re-enables only x).
 * A finding that already carries a suppression keeps it; the directive still counts as used.
 */
import type { Finding, ScanNotice, SourceSpan } from '../report/finding.js';
import { didYouMean } from '../config/did-you-mean.js';
import { DIRECTIVE_PREFIX, type Directive } from './directives.js';

export type ReportUnusedLevel = 'off' | 'warn' | 'error';

export interface ApplySuppressionsOptions {
  knownRuleIds: readonly string[];
  requireReason: boolean;
  reportUnused: ReportUnusedLevel;
}

export interface SuppressionResult {
  findings: Finding[];
  notices: ScanNotice[];
}

export function applySuppressions(
  findings: readonly Finding[],
  directivesByFile: ReadonlyMap<string, readonly Directive[]>,
  options: ApplySuppressionsOptions,
): SuppressionResult {
  const notices: ScanNotice[] = [];
  const usable = new Map<string, Directive[]>();
  for (const [file, directives] of directivesByFile) {
    const valid: Directive[] = [];
    for (const directive of directives) {
      const problems = problemsOf(directive, options);
      if (problems.length > 0) notices.push(invalidNotice(directive, problems));
      else valid.push(directive);
    }
    usable.set(file, valid);
  }

  const used = new Map<Directive, Set<string>>();
  const result = findings.map((finding) => {
    const covering = coveringDirectives(finding, usable.get(finding.location.file) ?? []);
    const first = covering[0];
    if (first === undefined) return finding;
    for (const directive of covering) {
      const ids = used.get(directive) ?? new Set<string>();
      ids.add(finding.ruleId);
      used.set(directive, ids);
    }
    if (finding.suppression) return finding;
    const suppression: NonNullable<Finding['suppression']> = { kind: 'inSource', span: { ...first.span } };
    if (first.reason !== undefined) suppression.justification = first.reason;
    return { ...finding, suppression };
  });

  if (options.reportUnused !== 'off') {
    const level = options.reportUnused === 'error' ? 'error' : 'warning';
    for (const directives of usable.values()) notices.push(...unusedNotices(directives, used, level));
  }
  notices.sort(compareNotices);
  return { findings: result, notices };
}

function directiveName(directive: Directive): string {
  return `${DIRECTIVE_PREFIX}${directive.kind}`;
}

function problemsOf(directive: Directive, options: ApplySuppressionsOptions): string[] {
  if (directive.problem !== undefined) return [directive.problem];
  const problems: string[] = [];
  for (const id of directive.ruleIds) {
    if (options.knownRuleIds.includes(id)) continue;
    problems.push(
      `'${id}' is not a rule of agent-impersonation-scan.${didYouMean(id, options.knownRuleIds)} ` +
        `Known rules: ${options.knownRuleIds.join(', ')}`,
    );
  }
  if (options.requireReason && directive.kind !== 'enable' && directive.reason === undefined) {
    const ids = directive.ruleIds.length > 0 ? ` ${directive.ruleIds.join(', ')}` : '';
    problems.push(
      `it gives no reason, and requireSuppressionReason is on. Add one after ' -- ', ` +
        `e.g. '${directiveName(directive)}${ids} -- why this flow is acceptable'`,
    );
  }
  return problems;
}

function invalidNotice(directive: Directive, problems: string[]): ScanNotice {
  return {
    level: 'error',
    code: 'invalid-disable-directive',
    message:
      `Invalid ${directiveName(directive)} directive: ${problems.join('; ')}. ` +
      `It suppresses nothing until it is fixed.`,
    span: { ...directive.span },
  };
}

function isBefore(a: SourceSpan, b: SourceSpan): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

function coversRule(directive: Directive, ruleId: string): boolean {
  return directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId);
}

/** Line directives first (the most specific, whose reason wins), then the block in force. */
function coveringDirectives(finding: Finding, directives: readonly Directive[]): Directive[] {
  const { line } = finding.location;
  const covering = directives.filter(
    (d) =>
      (d.kind === 'disable-line' || d.kind === 'disable-next-line') &&
      d.lines.from <= line &&
      line <= d.lines.to &&
      coversRule(d, finding.ruleId),
  );
  const blocks = directives.filter((d) => (d.kind === 'disable' || d.kind === 'enable') && isBefore(d.span, finding.location));
  const state = new BlockState();
  for (const directive of blocks) state.apply(directive);
  const block = state.disablerOf(finding.ruleId);
  if (block) covering.push(block);
  return covering;
}

/** Which `disable` comments are in force, replayed in source order as ESLint does. */
class BlockState {
  private general: Directive | undefined;
  /** Rules re-enabled by `enable x` while a general `disable` is open. */
  private readonly reEnabled = new Set<string>();
  private readonly perRule = new Map<string, Directive>();

  /** Returns the rule ids (or '*') that an `enable` closed, for the unused-directive check. */
  apply(directive: Directive): string[] {
    if (directive.kind === 'disable') {
      if (directive.ruleIds.length === 0) {
        this.general = directive;
        this.reEnabled.clear();
        this.perRule.clear();
      } else {
        for (const id of directive.ruleIds) {
          this.perRule.set(id, directive);
          this.reEnabled.delete(id);
        }
      }
      return [];
    }
    if (directive.ruleIds.length === 0) {
      const closedSomething = this.general !== undefined || this.perRule.size > 0;
      this.general = undefined;
      this.reEnabled.clear();
      this.perRule.clear();
      return closedSomething ? ['*'] : [];
    }
    const closed: string[] = [];
    for (const id of directive.ruleIds) {
      if (this.disablerOf(id)) closed.push(id);
      this.perRule.delete(id);
      if (this.general) this.reEnabled.add(id);
    }
    return closed;
  }

  disablerOf(ruleId: string): Directive | undefined {
    const specific = this.perRule.get(ruleId);
    if (specific) return specific;
    return this.general && !this.reEnabled.has(ruleId) ? this.general : undefined;
  }
}

function unusedNotices(
  directives: readonly Directive[],
  used: ReadonlyMap<Directive, ReadonlySet<string>>,
  level: ScanNotice['level'],
): ScanNotice[] {
  const notices: ScanNotice[] = [];
  const state = new BlockState();
  const blockDirectives = directives.filter((d) => d.kind === 'disable' || d.kind === 'enable');
  for (const directive of blockDirectives) {
    const closed = state.apply(directive);
    if (directive.kind !== 'enable') continue;
    const unclosed = directive.ruleIds.length === 0 ? (closed.length === 0 ? [''] : []) : directive.ruleIds.filter((id) => !closed.includes(id));
    if (unclosed.length === 0) continue;
    const what = unclosed[0] === '' ? 'no disable block is open here' : `no disable block is open for ${quoteList(unclosed)}`;
    notices.push(unusedNotice(directive, `${what}. Remove it`, level));
  }
  for (const directive of directives) {
    if (directive.kind === 'enable') continue;
    const usedIds = used.get(directive);
    const scope = scopeText(directive);
    if (directive.ruleIds.length === 0) {
      if (usedIds === undefined) notices.push(unusedNotice(directive, `no finding was reported ${scope}. Remove it`, level));
      continue;
    }
    const unusedIds = [...new Set(directive.ruleIds)].filter((id) => !usedIds?.has(id));
    if (unusedIds.length === 0) continue;
    const fix = unusedIds.length === directive.ruleIds.length ? 'Remove it' : `Remove ${quoteList(unusedIds)} from it`;
    notices.push(unusedNotice(directive, `no ${quoteList(unusedIds)} finding was reported ${scope}. ${fix}`, level));
  }
  return notices;
}

function scopeText(directive: Directive): string {
  switch (directive.kind) {
    case 'disable-next-line':
      return `on line ${directive.lines.from}`;
    case 'disable-line':
      return 'on its line';
    default:
      return `in the block it opens (lines ${directive.lines.from}-${directive.lines.to})`;
  }
}

function quoteList(ids: readonly string[]): string {
  return ids.map((id) => `'${id}'`).join(', ');
}

function unusedNotice(directive: Directive, detail: string, level: ScanNotice['level']): ScanNotice {
  return {
    level,
    code: 'unused-disable-directive',
    message: `Unused ${directiveName(directive)} directive: ${detail}.`,
    span: { ...directive.span },
  };
}

function compareNotices(a: ScanNotice, b: ScanNotice): number {
  const sa = a.span;
  const sb = b.span;
  if (sa === undefined || sb === undefined) return 0;
  if (sa.file !== sb.file) return sa.file < sb.file ? -1 : 1;
  return sa.line - sb.line || sa.column - sb.column || a.code.localeCompare(b.code);
}
