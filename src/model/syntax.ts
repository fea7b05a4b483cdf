/**
 * Small syntax helpers shared by the model and the taint engine: unwrapping
 * expressions that do not change a value, reading access chains, naming nodes.
 */
import ts from 'typescript';

type Transparent =
  | ts.ParenthesizedExpression
  | ts.AsExpression
  | ts.NonNullExpression
  | ts.SatisfiesExpression
  | ts.TypeAssertion
  | ts.AwaitExpression;

/** Parentheses, type assertions, `!`, `satisfies` and `await` (a promise's value is the value) leave a value as it is. */
export function isTransparent(expr: ts.Node): expr is Transparent {
  return (
    ts.isParenthesizedExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isNonNullExpression(expr) ||
    ts.isSatisfiesExpression(expr) ||
    ts.isTypeAssertionExpression(expr) ||
    ts.isAwaitExpression(expr)
  );
}

/** Strips transparent wrappers. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (isTransparent(current)) current = current.expression;
  return current;
}

/** The property name an access reads, when it is static (`a.b`, `a['b']`, `a[0]` → '*'). */
export function accessedName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const arg = node.argumentExpression;
  if (ts.isStringLiteralLike(arg)) return arg.text;
  if (ts.isNumericLiteral(arg)) return '*';
  return undefined;
}

export function isAccess(node: ts.Node): node is ts.PropertyAccessExpression | ts.ElementAccessExpression {
  return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node);
}

/**
 * Reads `a.b['c']?.d` as a root expression and segments ['b', 'c', 'd'].
 * Unknown dynamic keys become '*'.
 */
export function readChain(expr: ts.Expression): { root: ts.Expression; segments: string[] } {
  const segments: string[] = [];
  let current = unwrap(expr);
  while (isAccess(current)) {
    segments.unshift(accessedName(current) ?? '*');
    current = unwrap(current.expression);
  }
  return { root: current, segments };
}

/** The name of a property in an object literal or binding pattern, when static. */
export function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** The name a callee is called by: `f` for `f()`, `m` for `a.b.m()`, `X` for `new X()`. */
export function calleeName(expr: ts.Expression): string | undefined {
  const callee = unwrap(expr);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) {
    return callee.argumentExpression.text;
  }
  return undefined;
}

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** True when `inner` lies inside `outer` (or is it). */
export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** A readable name for a function: its declared name, or the variable/property it is assigned to. */
export function functionName(fn: ts.Node): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name) {
    return fn.name.getText();
  }
  if (ts.isConstructorDeclaration(fn)) {
    const cls = fn.parent;
    return `${ts.isClassLike(cls) && cls.name ? cls.name.text : 'class'} constructor`;
  }
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent)) return propertyNameText(parent.name) ?? 'anonymous function';
  return 'anonymous function';
}

/** The source text of a node on one line, shortened for traces and messages. */
export function snippet(node: ts.Node, max = 80): string {
  const text = node.getText().replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Every function that encloses `node`, innermost first. */
export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionLike(current)) return current;
    current = current.parent;
  }
  return undefined;
}
