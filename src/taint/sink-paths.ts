/**
 * Where a sink's value sits: following a sink path (`context.auth`, `tools.*.authorization`)
 * through object literals, the constants holding them and later assignments, down to the
 * property that puts the credential in.
 */
import ts from 'typescript';
import { returnedExpressions } from '../model/functions.js';
import { propertyNameText, readChain, unwrap } from '../model/syntax.js';
import type { TaintEngine } from './engine.js';
import { stepsOf, type Taint } from './types.js';

export interface Leaf {
  /** The property (or argument) that puts the value in. */
  node: ts.Node;
  value: ts.Expression;
  /** Path segments that could not be followed syntactically. */
  remaining: string[];
}

/**
 * `mcp_servers: mcpServersFor(token)`: when the rest of the sink path was built by a helper,
 * the finding belongs on the helper's property that stores the credential (the trace's
 * newest `authorization_token: …` step), not on the call that returns it.
 */
export function builtElsewhere(leaf: Leaf, taint: Taint): ts.Node | undefined {
  const key = [...leaf.remaining].reverse().find((s) => s !== '*' && s !== '**' && !s.startsWith('$'));
  if (!key || !ts.isCallExpression(unwrap(leaf.value))) return undefined;
  const steps = stepsOf(taint.steps);
  for (let i = steps.length - 1; i >= 0; i--) {
    const node = steps[i]!.node;
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      return propertyNameText(node.name)?.toLowerCase() === key.toLowerCase() ? node : undefined;
    }
  }
  return undefined;
}

/** Follows `context.auth` through object literals (and constants holding them) to the values at that path. */
export function navigate(expr: ts.Expression, segments: string[], reportNode: ts.Node, engine: TaintEngine, depth = 0): Leaf[] {
  if (segments.length === 0) return [{ node: reportNode, value: expr, remaining: [] }];
  const value = unwrap(expr);
  if (ts.isObjectLiteralExpression(value)) {
    const [key, ...rest] = segments as [string, ...string[]];
    const out: Leaf[] = [];
    for (const prop of value.properties) {
      if (ts.isSpreadAssignment(prop)) {
        out.push(...navigate(prop.expression, segments, prop, engine, depth + 1));
        continue;
      }
      const name = propertyNameText(prop.name);
      if (key !== '*' && name?.toLowerCase() !== key.toLowerCase()) continue;
      if (ts.isPropertyAssignment(prop)) out.push(...navigate(prop.initializer, rest, prop, engine, depth + 1));
      else if (ts.isShorthandPropertyAssignment(prop)) out.push(...navigate(prop.name, rest, prop, engine, depth + 1));
      else if ((ts.isMethodDeclaration(prop) || ts.isGetAccessorDeclaration(prop)) && rest.length === 0) {
        for (const r of returnedExpressions(prop)) out.push({ node: prop, value: r, remaining: [] });
      }
    }
    return out;
  }
  if (ts.isArrayLiteralExpression(value) && segments[0] === '*') {
    return value.elements.flatMap((el) => navigate(el, segments.slice(1), reportNode, engine, depth + 1));
  }
  if (ts.isIdentifier(value) && depth < 4) {
    const symbol = engine.symbols.symbolAt(value);
    const decl = symbol?.declarations?.[0];
    const out: Leaf[] = [];
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isObjectLiteralExpression(unwrap(decl.initializer))) {
      out.push(...navigate(decl.initializer, segments, reportNode, engine, depth + 1));
    }
    // `options.body = JSON.stringify(payload)` after `const options = { method }`.
    for (const assignment of engine.index.assignmentsByRoot.get(value.text) ?? []) {
      const { root, segments: written } = readChain(assignment.left);
      if (written.length !== 1 || written[0] !== segments[0] || !ts.isIdentifier(root) || engine.symbols.symbolAt(root) !== symbol) continue;
      out.push(...navigate(assignment.right, segments.slice(1), assignment, engine, depth + 1));
    }
    if (out.length > 0 || (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isObjectLiteralExpression(unwrap(decl.initializer)))) return out;
  }
  return [{ node: reportNode, value, remaining: segments }];
}
