/**
 * First-party audiences (configuration): where a tool sends the user's credential only to
 * the team's own API, the finding is kept as a `note` (an accepted risk, still visible).
 * The destinations are the URLs of the outgoing calls inside the tool that carry the
 * captured credential, resolved through constants (`${BILLING_API}/invoices` with
 * `BILLING_API = process.env.X ?? 'https://billing.example.com'`). An unresolvable URL is
 * not first-party.
 */
import ts from 'typescript';
import { contains, isFunctionLike, unwrap } from '../model/syntax.js';
import type { Symbols } from '../model/symbols.js';
import { matchesFirstPartyAudience } from '../config/audience.js';
import type { Flow } from '../taint/sinks.js';

const REQUEST_CALLS = /^(fetch|request|get|post|put|patch|delete|head|ky|got|axios|ofetch|\$fetch)$/;

/** True when every outgoing call in the flow's tool that carries the credential goes to a first-party URL. */
export function sentOnlyToFirstParty(flow: Flow, audiences: readonly string[], symbols: Symbols): boolean {
  if (audiences.length === 0 || flow.kind !== 'tool-implementation' || !flow.tool) return false;
  const carrier = enclosingRequestCall(flow.node, flow.tool);
  const calls = carrier ? [carrier] : requestCallsUsing(flow.tool, flow.node, symbols);
  if (calls.length === 0) return false;
  return calls.every((call) => {
    const url = call.arguments[0] ? staticUrl(call.arguments[0], symbols, 0) : undefined;
    return url !== undefined && matchesFirstPartyAudience(url, audiences);
  });
}

function isRequestCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = unwrap(node.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return REQUEST_CALLS.test(name);
}

/** The outgoing call whose arguments hold the node (`fetch(url, { headers: { Authorization: token } })`). */
function enclosingRequestCall(node: ts.Node, stop: ts.Node): ts.CallExpression | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && current !== stop && !isFunctionLike(current)) {
    if (isRequestCall(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** The guard-first case: the credential is reported at `if (!token)`; the calls that use the same variable carry it. */
function requestCallsUsing(fn: ts.Node, use: ts.Node, symbols: Symbols): ts.CallExpression[] {
  const root = rootIdentifier(use);
  const symbol = root ? symbols.symbolAt(root) : undefined;
  if (!root || !symbol) return [];
  const out: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (isRequestCall(node) && node.arguments.slice(1).some((arg) => mentions(arg, root.text, symbol, symbols))) out.push(node);
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return out;
}

function rootIdentifier(node: ts.Node): ts.Identifier | undefined {
  let current: ts.Node = node;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current : undefined;
}

function mentions(node: ts.Node, name: string, symbol: ts.Symbol, symbols: Symbols): boolean {
  if (ts.isIdentifier(node) && node.text === name && symbols.symbolAt(node) === symbol) return true;
  let found = false;
  ts.forEachChild(node, (child) => {
    if (!found && mentions(child, name, symbol, symbols)) found = true;
  });
  return found;
}

/** A URL as far as it is written in the code: literals, templates and string constants. */
function staticUrl(expr: ts.Expression, symbols: Symbols, depth: number): string | undefined {
  if (depth > 5) return undefined;
  const value = unwrap(expr);
  if (ts.isStringLiteralLike(value)) return value.text;
  if (ts.isTemplateExpression(value)) {
    let out = value.head.text;
    for (const span of value.templateSpans) {
      const part = staticUrl(span.expression, symbols, depth + 1);
      // A dynamic part after the host is fine (a path or query); before it, nothing is known.
      if (part === undefined) return /^[a-z][a-z0-9+.-]*:\/\/[^/]+\//i.test(out) ? out : undefined;
      out += part + span.literal.text;
    }
    return out;
  }
  if (ts.isBinaryExpression(value)) {
    const op = value.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return staticUrl(value.right, symbols, depth + 1);
    if (op === ts.SyntaxKind.PlusToken) {
      const left = staticUrl(value.left, symbols, depth + 1);
      const right = staticUrl(value.right, symbols, depth + 1);
      return left !== undefined ? left + (right ?? '') : undefined;
    }
  }
  if (ts.isNewExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'URL' && value.arguments?.[0]) {
    const path = staticUrl(value.arguments[0], symbols, depth + 1);
    const base = value.arguments[1] ? staticUrl(value.arguments[1], symbols, depth + 1) : undefined;
    try {
      return base !== undefined && path !== undefined ? new URL(path, base).href : path;
    } catch {
      return undefined;
    }
  }
  if (ts.isIdentifier(value)) {
    const decl = symbols.declarationOf(value);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && !contains(decl, value)) return staticUrl(decl.initializer, symbols, depth + 1);
  }
  return undefined;
}
