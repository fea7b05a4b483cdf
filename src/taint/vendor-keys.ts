/**
 * A vendor's MCP adapter recognises the API key its client presents by the key's prefix
 * (`token.startsWith('phx_')`). SPEC.md: such a passthrough is reported at warning.
 */
import ts from 'typescript';
import { unwrap } from '../model/syntax.js';
import type { TaintEngine } from './engine.js';

const KEY_PREFIX = /^[A-Za-z]{2,8}[_-]([a-z]{2,6}[_-])?$/;

/** Is the value (or the variable it comes from) checked with `.startsWith('<prefix>_')` somewhere? */
export function hasVendorKeyCheck(expr: ts.Expression, engine: TaintEngine): boolean {
  const value = unwrap(expr);
  if (!ts.isIdentifier(value)) return false;
  const symbol = engine.symbols.symbolAt(value);
  if (!symbol) return false;
  for (const call of engine.index.callsByName.get('startsWith') ?? []) {
    if (!ts.isCallExpression(call)) continue;
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const receiver = unwrap(callee.expression);
    const arg = call.arguments[0];
    if (!ts.isIdentifier(receiver) || receiver.text !== value.text || !arg || !ts.isStringLiteralLike(arg)) continue;
    if (KEY_PREFIX.test(arg.text) && engine.symbols.symbolAt(receiver) === symbol) return true;
  }
  return false;
}
