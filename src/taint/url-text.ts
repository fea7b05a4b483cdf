/** The text of a URL argument with constants resolved, to tell an agent or MCP server endpoint by its address. */
import ts from 'typescript';
import type { Symbols } from '../model/symbols.js';
import { unwrap } from '../model/syntax.js';

export function urlText(expr: ts.Expression, symbols: Symbols, depth = 0): string {
  const value = unwrap(expr);
  if (depth > 3) return value.getText();
  if (ts.isIdentifier(value)) {
    const decl = symbols.declarationOf(value);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return `${value.text} ${urlText(decl.initializer, symbols, depth + 1)}`;
    return value.text;
  }
  if (ts.isNewExpression(value) && value.arguments?.[0]) return urlText(value.arguments[0], symbols, depth + 1);
  return value.getText();
}
