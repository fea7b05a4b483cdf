/**
 * Symbol resolution through the type checker, used on demand (never a full type-check).
 * Imports of the project's own modules resolve to their declarations; imports of
 * packages stay imports, named by their module specifier.
 */
import ts from 'typescript';

export interface PackageImport {
  /** The module specifier as written, e.g. '@openai/agents' or '@modelcontextprotocol/sdk/client/sse.js'. */
  module: string;
  /** ['tool'] for a named import, ['default'] for a default import, [] for a namespace or `require`. */
  path: string[];
}

/** `npm:ai@5`, `jsr:@std/http@1`, `https://esm.sh/ai@5` → the package name (Deno and CDN imports). */
function packageName(spec: string): string {
  const m = /^(?:npm:|jsr:|https?:\/\/(?:esm\.sh|cdn\.skypack\.dev|esm\.run|cdn\.jsdelivr\.net\/npm)\/)(@?[^@/]+(?:\/[^@/]+)?)(?:@[^/]*)?(\/.*)?$/.exec(spec);
  return m ? `${m[1]}${m[2] ?? ''}` : spec;
}

function isBareSpecifier(spec: string): boolean {
  return !spec.startsWith('.') && !spec.startsWith('/') && !/^https?:\/\/(?!esm\.sh|cdn\.skypack|esm\.run|cdn\.jsdelivr)/.test(spec);
}

/** Globals of JS runtimes: resolving them through the checker (with no lib loaded) only costs time. */
const KNOWN_GLOBALS = new Set([
  'fetch', 'process', 'console', 'JSON', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Math', 'Date', 'Promise',
  'Error', 'TypeError', 'URL', 'URLSearchParams', 'Headers', 'Request', 'Response', 'FormData', 'Buffer', 'Map', 'Set',
  'WeakMap', 'RegExp', 'Symbol', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'setTimeout',
  'clearTimeout', 'setInterval', 'clearInterval', 'structuredClone', 'btoa', 'atob', 'crypto', 'globalThis', 'window',
  'document', 'localStorage', 'sessionStorage', 'undefined', 'NaN', 'Infinity', 'parseInt', 'parseFloat', 'isNaN',
  'require', 'module', 'exports', '__dirname', '__filename', 'TextEncoder', 'TextDecoder', 'AbortController', 'queueMicrotask',
]);

export class Symbols {
  private readonly aliasCache = new Map<ts.Symbol, ts.Symbol>();
  private readonly nodeCache = new Map<ts.Node, ts.Symbol | null>();

  constructor(readonly checker: ts.TypeChecker) {}

  /** The symbol an identifier (or property name) refers to, following project-internal aliases. */
  symbolAt(node: ts.Node): ts.Symbol | undefined {
    const cached = this.nodeCache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.lookup(node);
    this.nodeCache.set(node, found ?? null);
    return found;
  }

  /** Names declared anywhere in a file; set by the program index (one walk serves both). */
  declaredNamesOf: ((file: ts.SourceFile) => ReadonlySet<string> | undefined) | undefined;

  private isUndeclaredGlobal(node: ts.Node): boolean {
    if (!ts.isIdentifier(node) || !KNOWN_GLOBALS.has(node.text)) return false;
    const parent = node.parent;
    if (parent && ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
    const names = this.declaredNamesOf?.(node.getSourceFile());
    return names !== undefined && !names.has(node.text);
  }

  private lookup(node: ts.Node): ts.Symbol | undefined {
    if (this.isUndeclaredGlobal(node)) return undefined;
    let symbol: ts.Symbol | undefined;
    try {
      if (ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) {
        symbol = this.checker.getShorthandAssignmentValueSymbol(node.parent);
      } else {
        symbol = this.checker.getSymbolAtLocation(node);
      }
    } catch {
      return undefined;
    }
    return symbol ? this.resolveAlias(symbol) : undefined;
  }

  /** Follows import/export aliases into the project; stops at an import of a package. */
  resolveAlias(symbol: ts.Symbol): ts.Symbol {
    const cached = this.aliasCache.get(symbol);
    if (cached) return cached;
    let current = symbol;
    for (let i = 0; i < 20 && current.flags & ts.SymbolFlags.Alias; i++) {
      if (this.packageImportOf(current)) break;
      let next: ts.Symbol | undefined;
      try {
        next = this.checker.getImmediateAliasedSymbol(current);
      } catch {
        next = undefined;
      }
      if (!next || next === current || next.flags & ts.SymbolFlags.Alias && next.declarations === undefined) break;
      current = next;
    }
    this.aliasCache.set(symbol, current);
    return current;
  }

  /** When the symbol is an import (or re-export) of a package, which package and which export. */
  packageImportOf(symbol: ts.Symbol): PackageImport | undefined {
    const decl = symbol.declarations?.[0];
    if (!decl) return undefined;
    if (ts.isImportSpecifier(decl)) {
      const spec = decl.parent.parent.parent.moduleSpecifier;
      if (!ts.isStringLiteral(spec) || !isBareSpecifier(spec.text) || this.resolvesToProject(spec)) return undefined;
      return { module: packageName(spec.text), path: [(decl.propertyName ?? decl.name).text] };
    }
    if (ts.isImportClause(decl)) {
      const spec = decl.parent.moduleSpecifier;
      if (!ts.isStringLiteral(spec) || !isBareSpecifier(spec.text) || this.resolvesToProject(spec)) return undefined;
      return { module: packageName(spec.text), path: ['default'] };
    }
    if (ts.isNamespaceImport(decl)) {
      const spec = decl.parent.parent.moduleSpecifier;
      if (!ts.isStringLiteral(spec) || !isBareSpecifier(spec.text) || this.resolvesToProject(spec)) return undefined;
      return { module: packageName(spec.text), path: [] };
    }
    if (ts.isImportEqualsDeclaration(decl) && ts.isExternalModuleReference(decl.moduleReference)) {
      const spec = decl.moduleReference.expression;
      if (!ts.isStringLiteral(spec) || !isBareSpecifier(spec.text)) return undefined;
      return { module: packageName(spec.text), path: [] };
    }
    if (ts.isExportSpecifier(decl)) {
      const spec = decl.parent.parent.moduleSpecifier;
      if (!spec || !ts.isStringLiteral(spec) || !isBareSpecifier(spec.text) || this.resolvesToProject(spec)) return undefined;
      return { module: packageName(spec.text), path: [(decl.propertyName ?? decl.name).getText()] };
    }
    return undefined;
  }

  /** A bare specifier can still be the project's own module through tsconfig `paths`. */
  private resolvesToProject(spec: ts.StringLiteral): boolean {
    try {
      const moduleSymbol = this.checker.getSymbolAtLocation(spec);
      return Boolean(moduleSymbol?.declarations?.some((d) => ts.isSourceFile(d)));
    } catch {
      return false;
    }
  }

  /** The first declaration of the symbol an identifier refers to. */
  declarationOf(node: ts.Node): ts.Declaration | undefined {
    return this.symbolAt(node)?.declarations?.[0];
  }
}

/** `require('pkg')` → 'pkg'. */
export function requiredModule(expr: ts.Expression): string | undefined {
  if (
    ts.isCallExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    expr.expression.text === 'require' &&
    expr.arguments.length === 1 &&
    ts.isStringLiteralLike(expr.arguments[0]!)
  ) {
    const spec = (expr.arguments[0] as ts.StringLiteralLike).text;
    return isBareSpecifier(spec) ? spec : undefined;
  }
  return undefined;
}
