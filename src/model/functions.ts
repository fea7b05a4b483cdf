/** Finding the function behind a declaration, and what a function returns. */
import ts from 'typescript';
import { isFunctionLike, type FunctionLike } from './syntax.js';

/** The function a declaration stands for: a function declaration, `const f = () => …`, a method. */
export function functionOfDeclaration(decl: ts.Node): FunctionLike | undefined {
  if (isFunctionLike(decl)) return decl;
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    let init: ts.Expression = decl.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) {
      init = init.expression;
    }
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  if (ts.isPropertyAssignment(decl)) {
    const init = decl.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  if (ts.isPropertyDeclaration(decl) && decl.initializer) {
    const init = decl.initializer;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

const returnCache = new WeakMap<ts.Node, ts.Expression[]>();

/** The expressions a function returns: an arrow's expression body, or every `return x` not inside a nested function. */
export function returnedExpressions(fn: FunctionLike): ts.Expression[] {
  const cached = returnCache.get(fn);
  if (cached) return cached;
  const out: ts.Expression[] = [];
  const body = fn.body;
  if (body && !ts.isBlock(body)) {
    out.push(body);
  } else if (body) {
    const visit = (node: ts.Node): void => {
      if (ts.isReturnStatement(node)) {
        if (node.expression) out.push(node.expression);
        return;
      }
      if (isFunctionLike(node) || ts.isClassLike(node)) return;
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
  }
  returnCache.set(fn, out);
  return out;
}
