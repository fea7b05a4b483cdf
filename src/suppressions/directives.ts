/**
 * Finds inline suppression directives in one file's comments:
 *
 *   // agent-impersonation-scan-disable-next-line [rule-id[, rule-id]] [-- reason]
 *   // agent-impersonation-scan-disable-line      [rule-id[, rule-id]] [-- reason]
 *   /* agent-impersonation-scan-disable [rule-id …] [-- reason] *\/ … /* agent-impersonation-scan-enable [rule-id …] *\/
 *
 * Exports `parseDirectives(fileText, file, sourceFile?)`. Comments are found by the
 * TypeScript parser and scanner (the same comment ranges the compiler sees), so a
 * directive-shaped text inside a string, a template literal, a regular expression or
 * JSX text is not a directive. Whether a directive is *valid* (known rule ids, a
 * reason when one is required) is decided by `applySuppressions` in apply.ts, which
 * has the rule list and the configuration.
 */
import ts from 'typescript';
import { scriptKindOf } from '../project/files.js';
import type { SourceSpan } from '../report/finding.js';
import { closestMatch } from '../config/did-you-mean.js';

export const DIRECTIVE_PREFIX = 'agent-impersonation-scan-';

export const DIRECTIVE_KINDS = ['disable-next-line', 'disable-line', 'disable', 'enable'] as const;

export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];

export interface Directive {
  kind: DirectiveKind;
  /** The rule ids as written; empty means every rule. */
  ruleIds: string[];
  /** The text after ` -- `, trimmed; absent when there is none. */
  reason?: string;
  /** The whole comment that holds the directive (1-based; `endColumn` is exclusive). */
  span: SourceSpan;
  /**
   * The lines the directive covers, inclusive. `disable-next-line`: the line after the
   * comment; `disable-line`: the comment's line; `disable`: from the comment's line to the
   * first later `enable` that closes all of its rules, or to the last line of the file;
   * `enable`: its own line. Per-rule re-enabling inside a block is resolved by apply.ts.
   */
  lines: { from: number; to: number };
  /** Set when the comment is recognisably a directive but unusable as written; it then suppresses nothing. */
  problem?: string;
}

interface CommentRange {
  pos: number;
  end: number;
  kind: ts.CommentKind;
}

/**
 * Every suppression directive in `fileText`, in source order. `file` is the report-relative
 * path that goes into each span (its extension also selects TS/TSX/JS parsing). Pass the
 * program's `sourceFile` to avoid parsing the file a second time.
 */
export function parseDirectives(fileText: string, file: string, sourceFile?: ts.SourceFile): Directive[] {
  // Cheap exit for the overwhelming majority of files, which mention no directive at all.
  if (!fileText.includes(DIRECTIVE_PREFIX)) return [];
  const sf = sourceFile ?? ts.createSourceFile(file, fileText, ts.ScriptTarget.Latest, false, scriptKindOf(file));
  const directives: Directive[] = [];
  for (const range of collectComments(sf)) {
    const directive = directiveFromComment(sf, range, file);
    if (directive) directives.push(directive);
  }
  closeBlocks(directives, sf.getLineAndCharacterOfPosition(sf.text.length).line + 1);
  return directives;
}

interface Visit {
  node: ts.Node;
  parent: Visit | undefined;
}

/** All comment ranges of the file, each once, in source order. */
function collectComments(sf: ts.SourceFile): CommentRange[] {
  const text = sf.text;
  const byPos = new Map<number, CommentRange>();
  const add = (pos: number, end: number, kind: ts.CommentKind): void => {
    if (!byPos.has(pos)) byPos.set(pos, { pos, end, kind });
  };
  // Iterative walk: deeply nested expressions must not overflow the call stack.
  const stack: Visit[] = [{ node: sf, parent: undefined }];
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    const { node } = visit;
    if (node.kind >= ts.SyntaxKind.FirstToken && node.kind <= ts.SyntaxKind.LastToken) {
      if (node.pos === node.end && node.kind !== ts.SyntaxKind.EndOfFileToken) continue;
      // The text of a JsxText token is content, not trivia.
      if (node.kind !== ts.SyntaxKind.JsxText) ts.forEachLeadingCommentRange(text, node.pos, add);
      if (canHaveTrailingTrivia(visit)) ts.forEachTrailingCommentRange(text, node.end, add);
      continue;
    }
    // JSDoc nodes cover comment text; their comments are found as trivia of the next token.
    if (ts.isJSDoc(node)) continue;
    const children = node.getChildren(sf);
    for (let i = children.length - 1; i >= 0; i -= 1) {
      stack.push({ node: children[i] as ts.Node, parent: visit });
    }
  }
  return [...byPos.values()].sort((a, b) => a.pos - b.pos);
}

function isJsxElementOrFragment(node: ts.Node | undefined): boolean {
  return node !== undefined && (ts.isJsxElement(node) || ts.isJsxFragment(node));
}

/** After some JSX tokens the following text is JSX content, not a comment (as in tsutils' forEachComment). */
function canHaveTrailingTrivia(visit: Visit): boolean {
  const token = visit.node;
  const parent = visit.parent?.node;
  const grandparent = visit.parent?.parent?.node;
  if (parent === undefined) return true;
  if (token.kind === ts.SyntaxKind.CloseBraceToken) {
    return !ts.isJsxExpression(parent) || !isJsxElementOrFragment(grandparent);
  }
  if (token.kind !== ts.SyntaxKind.GreaterThanToken) return true;
  switch (parent.kind) {
    case ts.SyntaxKind.JsxOpeningElement:
      return token.end !== parent.end;
    case ts.SyntaxKind.JsxOpeningFragment:
      return false;
    case ts.SyntaxKind.JsxSelfClosingElement:
      return token.end !== parent.end || !isJsxElementOrFragment(grandparent);
    case ts.SyntaxKind.JsxClosingElement:
    case ts.SyntaxKind.JsxClosingFragment:
      return !isJsxElementOrFragment(visit.parent?.parent?.parent?.node);
    default:
      return true;
  }
}

function spanOf(sf: ts.SourceFile, file: string, pos: number, end: number): SourceSpan {
  const start = sf.getLineAndCharacterOfPosition(pos);
  const stop = sf.getLineAndCharacterOfPosition(end);
  return { file, line: start.line + 1, column: start.character + 1, endLine: stop.line + 1, endColumn: stop.character + 1 };
}

/** The comment's value as ESLint sees it: the text between the delimiters, trimmed. */
function commentValue(raw: string, kind: ts.CommentKind): string {
  if (kind === ts.SyntaxKind.SingleLineCommentTrivia) return raw.slice(2).trim();
  // A leading `*` lets `/** agent-impersonation-scan-disable */` work too.
  return raw.slice(2, -2).trim().replace(/^\*+\s*/u, '');
}

function directiveFromComment(sf: ts.SourceFile, range: CommentRange, file: string): Directive | undefined {
  const value = commentValue(sf.text.slice(range.pos, range.end), range.kind);
  if (!value.startsWith(DIRECTIVE_PREFIX)) return undefined;
  const [head = '', ...reasonParts] = value.split(/\s-{2,}(?:\s|$)/u);
  const match = /^([a-z-]+)(?:\s+([\s\S]*))?$/u.exec(head.slice(DIRECTIVE_PREFIX.length));
  if (!match) return undefined;
  const name = match[1] as string;
  const span = spanOf(sf, file, range.pos, range.end);
  const known = (DIRECTIVE_KINDS as readonly string[]).includes(name);
  // Prose that mentions the tool (e.g. "agent-impersonation-scan-suppressions.json") is not a directive;
  // only a near miss of a directive name is treated as a mistyped one.
  const guess = known ? name : closestMatch(name, DIRECTIVE_KINDS, 2);
  if (guess === undefined) return undefined;
  const kind = guess as DirectiveKind;
  const reason = reasonParts.join(' -- ').trim();
  const directive: Directive = {
    kind,
    ruleIds: (match[2] ?? '').split(/[\s,]+/u).filter((id) => id.length > 0),
    span,
    lines: coveredLines(kind, span),
  };
  if (reason.length > 0) directive.reason = reason;
  if (!known) {
    directive.problem = `'${DIRECTIVE_PREFIX}${name}' is not a directive. Did you mean '${DIRECTIVE_PREFIX}${kind}'?`;
  } else if ((kind === 'disable-line' || kind === 'disable-next-line') && span.endLine !== span.line) {
    directive.problem = `a ${DIRECTIVE_PREFIX}${kind} comment must not span several lines; write it on one line`;
  }
  return directive;
}

function coveredLines(kind: DirectiveKind, span: SourceSpan): { from: number; to: number } {
  if (kind === 'disable-next-line') return { from: span.endLine + 1, to: span.endLine + 1 };
  return { from: span.line, to: span.line };
}

/** Extends each `disable` block to the `enable` that closes all of its rules, or to the end of the file. */
function closeBlocks(directives: Directive[], lastLine: number): void {
  directives.forEach((directive, index) => {
    if (directive.kind !== 'disable') return;
    const closer = directives.slice(index + 1).find(
      (later) =>
        later.kind === 'enable' &&
        (later.ruleIds.length === 0 ||
          (directive.ruleIds.length > 0 && directive.ruleIds.every((id) => later.ruleIds.includes(id)))),
    );
    directive.lines = { from: directive.span.line, to: closer ? closer.span.line : lastLine };
  });
}
