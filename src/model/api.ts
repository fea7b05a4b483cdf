/**
 * Names values by the package API they come from, like CodeQL's API graphs:
 * `new McpServer(...).registerTool` imported from '@modelcontextprotocol/sdk/server/mcp.js'
 * is { module: '@modelcontextprotocol/sdk/server/mcp.js', path: ['McpServer', '()', 'registerTool'] }.
 * Follows variables, destructuring, project imports and re-exports, `this.field`
 * initialisers and the return values of project factory functions.
 */
import ts from 'typescript';
import type { ApiRef } from './pack.js';
import { accessedName, propertyNameText, unwrap } from './syntax.js';
import { requiredModule, type Symbols } from './symbols.js';
import { functionOfDeclaration, returnedExpressions } from './functions.js';

export interface ApiValue {
  /** Module specifier; '' for a global (fetch, document, localStorage). */
  module: string;
  path: string[];
}

const MAX_DEPTH = 12;

export class ApiResolver {
  private readonly cache = new Map<ts.Node, ApiValue | null>();

  constructor(private readonly symbols: Symbols) {}

  resolve(expr: ts.Expression, depth = 0): ApiValue | undefined {
    const node = unwrap(expr);
    const cached = this.cache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    if (depth > MAX_DEPTH) return undefined;
    this.cache.set(node, null); // cycle guard
    const value = this.compute(node, depth);
    this.cache.set(node, value ?? null);
    return value;
  }

  private compute(node: ts.Expression, depth: number): ApiValue | undefined {
    if (ts.isIdentifier(node)) return this.resolveIdentifier(node, depth);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = accessedName(node);
      if (name === undefined) return undefined;
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return this.resolveThisField(node, name, depth);
      const base = this.resolve(node.expression, depth + 1);
      return base ? { module: base.module, path: [...base.path, name] } : undefined;
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const required = ts.isCallExpression(node) ? requiredModule(node) : undefined;
      if (required) return { module: required, path: [] };
      const callee = this.resolve(node.expression, depth + 1);
      if (callee) return { module: callee.module, path: [...callee.path, '()'] };
      return this.resolveFactoryReturn(node, depth);
    }
    return undefined;
  }

  private resolveIdentifier(node: ts.Identifier, depth: number): ApiValue | undefined {
    const symbol = this.symbols.symbolAt(node);
    if (!symbol) return { module: '', path: [node.text] };
    const imported = this.symbols.packageImportOf(symbol);
    if (imported) return { module: imported.module, path: imported.path };
    const decl = symbol.declarations?.[0];
    if (!decl) return undefined;
    return this.resolveDeclaration(decl, depth);
  }

  resolveDeclaration(decl: ts.Declaration, depth: number): ApiValue | undefined {
    if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name)) {
      return this.resolve(decl.initializer, depth + 1);
    }
    if (ts.isBindingElement(decl)) {
      const { root, path } = bindingPath(decl);
      if (root && ts.isVariableDeclaration(root) && root.initializer) {
        const base = this.resolve(root.initializer, depth + 1);
        return base ? { module: base.module, path: [...base.path, ...path] } : undefined;
      }
      return undefined;
    }
    if (ts.isPropertyDeclaration(decl) && decl.initializer) return this.resolve(decl.initializer, depth + 1);
    return undefined;
  }

  /** `this.server` → the field initialiser or a `this.server = …` assignment in the class. */
  private resolveThisField(node: ts.Expression, name: string, depth: number): ApiValue | undefined {
    const cls = findEnclosingClass(node);
    if (!cls) return undefined;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === name && member.initializer) {
        return this.resolve(member.initializer, depth + 1);
      }
    }
    let found: ApiValue | undefined;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (
        ts.isBinaryExpression(n) &&
        n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(n.left) &&
        n.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        n.left.name.text === name
      ) {
        found = this.resolve(n.right, depth + 1);
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(cls, visit);
    return found;
  }

  /** A project function that returns a framework value: `createClient()` in utils/supabase.ts. */
  private resolveFactoryReturn(node: ts.CallExpression | ts.NewExpression, depth: number): ApiValue | undefined {
    const callee = unwrap(node.expression);
    const target = ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? callee : undefined;
    if (!target) return undefined;
    const symbol = this.symbols.symbolAt(ts.isPropertyAccessExpression(target) ? target.name : target);
    const decl = symbol?.declarations?.[0];
    const fn = decl ? functionOfDeclaration(decl) : undefined;
    if (!fn) return undefined;
    for (const returned of returnedExpressions(fn)) {
      const value = this.resolve(returned, depth + 1);
      if (value) return value;
    }
    return undefined;
  }
}

/** For a binding element, the declaration that holds the pattern and the property path to the element. */
export function bindingPath(element: ts.BindingElement): { root: ts.Node | undefined; path: string[] } {
  const path: string[] = [];
  let current: ts.Node = element;
  while (ts.isBindingElement(current)) {
    const pattern: ts.BindingPattern = current.parent;
    if (current.dotDotDotToken) {
      // `{ host, ...rest }` / `[first, ...rest]`: the rest is the same object (or array), minus a few keys.
    } else if (ts.isObjectBindingPattern(pattern)) {
      const key = propertyNameText(current.propertyName ?? current.name);
      path.unshift(key ?? '*');
    } else {
      path.unshift('*');
    }
    current = pattern.parent;
  }
  return { root: current, path };
}

export function findEnclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isClassLike(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** Parses 'Runner().run' into ['Runner', '()', 'run']. */
function parseApiPath(path: string): string[] {
  const out: string[] = [];
  for (const part of path.split('.')) {
    if (part === '') continue;
    const m = /^([^()]*)((?:\(\))*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (let i = 0; i < (m[2]?.length ?? 0) / 2; i++) out.push('()');
  }
  return out;
}

function moduleMatches(module: string, from: readonly string[]): boolean {
  return from.some((f) => module === f || module.startsWith(`${f}/`));
}

/** Segment-wise match with '*' for any one segment and '**' for any number (`ChatPromptTemplate.**.invoke`). */
export function pathMatches(actual: readonly string[], pattern: readonly string[], i = 0, j = 0): boolean {
  if (j === pattern.length) return i === actual.length;
  if (pattern[j] === '**') {
    for (let k = i; k <= actual.length; k++) if (pathMatches(actual, pattern, k, j + 1)) return true;
    return false;
  }
  if (i === actual.length) return false;
  return (pattern[j] === '*' || pattern[j] === actual[i]) && pathMatches(actual, pattern, i + 1, j + 1);
}

export function apiMatches(value: ApiValue, refs: readonly ApiRef[], parsed: Map<ApiRef, string[]>): boolean {
  return refs.some((ref) => {
    if (!moduleMatches(value.module, ref.from)) return false;
    let pattern = parsed.get(ref);
    if (!pattern) {
      pattern = parseApiPath(ref.path);
      parsed.set(ref, pattern);
    }
    return pathMatches(value.path, pattern);
  });
}
