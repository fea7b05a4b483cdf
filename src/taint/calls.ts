/**
 * Calls and constructions in the taint engine: sources, sanitizers, propagating
 * library calls, containers (Map/Headers/AsyncLocalStorage/context objects), the
 * return values of project functions (entered with a call frame), and callers.
 */
import ts from 'typescript';
import { functionOfDeclaration, returnedExpressions } from '../model/functions.js';
import { calleeName, unwrap, type FunctionLike } from '../model/syntax.js';
import type { TaintEngine } from './engine.js';
import type { Symbols } from '../model/symbols.js';
import { withoutWhole } from '../model/matchers.js';
import { describeFn, STORE_KEY } from './describe.js';
import { CONTAINER_READS, type CallLike } from './program-index.js';
import { better, withStep, type Frame, type Taint } from './types.js';

/** Constructors whose instance holds what they were given (read back with get/field access). */
const CONTAINER_CONSTRUCTORS = new Set(['Headers', 'Map', 'URLSearchParams', 'FormData', 'RequestContext', 'RuntimeContext']);

export class Calls {
  private readonly callerCache = new Map<ts.Node, CallLike[]>();
  private readonly symbolGroups = new Map<string, Map<ts.Symbol, CallLike[]>>();

  constructor(private readonly engine: TaintEngine) {}

  call(call: ts.CallExpression, path: readonly string[], stack: readonly Frame[]): Taint | undefined {
    const e = this.engine;
    const name = calleeName(call.expression);
    const source = e.accept(e.sources.matchCall(call, name, path));
    if (source) return { source, steps: undefined };
    if (e.policy.isSanitizer(call)) return undefined;

    const propagated = this.propagate(call, path, stack);
    if (propagated !== 'none') return propagated;

    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee) && name && CONTAINER_READS.has(name)) {
      const key = name === 'getStore' ? STORE_KEY : keyOf(call.arguments[0], e.symbols);
      const read = e.taintOf(callee.expression, [key, ...path], stack);
      if (read) return withStep(read, call, `read back with \`${callee.name.text}()\``);
    }
    if (ts.isPropertyAccessExpression(callee) && name === 'then' && call.arguments[0]) {
      const cb = unwrap(call.arguments[0]);
      if (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) {
        return this.returnsOf(cb, path, [...stack, { fn: cb, args: [callee.expression], site: call }]);
      }
    }
    let best: Taint | undefined;
    for (const fn of this.targetsOf(call)) {
      best = better(best, this.returnsOf(fn, path, [...stack, { fn, args: [...call.arguments], site: call }]));
    }
    if (best) return best;
    // A request object we cannot see into (`ctx.switchToHttp().getRequest()`): only a chain source can tell.
    // `fetch(…)` always gives a Response: its headers are the server's, never the user's credential.
    // An unknown key of an opaque result (`lib(…).headers.forEach(…)`) is too weak a guess.
    const read = withoutWhole(path);
    if (read.length > 1 && name !== 'fetch' && read.at(-1) !== '*') {
      const chainSource = e.accept(e.sources.matchChain(path, call));
      if (chainSource) return { source: chainSource, steps: undefined };
    }
    return undefined;
  }

  construct(node: ts.NewExpression, path: readonly string[], stack: readonly Frame[]): Taint | undefined {
    const e = this.engine;
    const source = e.sources.matchCall(node, calleeName(node.expression), path);
    if (source) return { source, steps: undefined };
    const name = calleeName(node.expression);
    if (path.length === 0) {
      // `new Headers(req.headers)`: a copy of the whole incoming header object.
      if (name === 'Headers' && node.arguments?.[0]) return withStep(e.taintOf(node.arguments[0], [], stack), node, 'copied into `new Headers()`');
      return undefined;
    }
    if (name && CONTAINER_CONSTRUCTORS.has(name) && node.arguments?.[0]) {
      return this.containerInit(node.arguments[0], path, stack);
    }
    const cls = this.classOf(node);
    if (!cls) return undefined;
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    const frame: Frame[] = ctor ? [...stack, { fn: ctor, args: [...(node.arguments ?? [])], site: node }] : [...stack];
    return e.classField(cls, path, frame);
  }

  /** `new Map([['k', v]])`, `new Headers({ authorization: v })`, `new Headers(other)`. */
  private containerInit(init: ts.Expression, path: readonly string[], stack: readonly Frame[]): Taint | undefined {
    const value = unwrap(init);
    if (ts.isArrayLiteralExpression(value)) {
      const [key, ...rest] = path as [string, ...string[]];
      let best: Taint | undefined;
      for (const el of value.elements) {
        if (!ts.isArrayLiteralExpression(el) || el.elements.length < 2) continue;
        const k = keyOf(el.elements[0], this.engine.symbols);
        if (k === '*' || key === '*' || k.toLowerCase() === key.toLowerCase()) best = better(best, this.engine.taintOf(el.elements[1]!, rest, stack));
      }
      return best;
    }
    return this.engine.taintOf(init, path, stack);
  }

  /** Library calls that carry a credential on: string transforms, encoders, parsers, serialisers. */
  private propagate(call: ts.CallExpression, path: readonly string[], stack: readonly Frame[]): Taint | undefined | 'none' {
    const e = this.engine;
    const spec = e.policy.propagatorFor(call);
    if (!spec) return 'none';
    const mode = spec.mode ?? 'value';
    // A string holds no fields: "the credential, or anything inside it" is the credential itself.
    const core = withoutWhole(path);
    if (mode === 'value' && core.length > 0 && !(core.length === 1 && core[0] === '*')) return undefined;
    const label = `transformed by \`${calleeName(call.expression) ?? 'call'}()\``;
    let best: Taint | undefined;
    for (const from of spec.from) {
      let input: ts.Expression | undefined;
      if (from === 'receiver') {
        const callee = unwrap(call.expression);
        input = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
      } else {
        input = call.arguments[from];
      }
      if (!input) continue;
      if (mode === 'serialize') best = better(best, e.deepTaint(input, stack, 0, true)?.taint);
      else if (mode === 'same') best = better(best, e.taintOf(input, path, stack));
      else if (mode === 'element') best = better(best, e.taintOf(input, ['*', ...path], stack));
      else best = better(best, e.taintOf(input, [], stack));
    }
    return withStep(best, call, label);
  }

  /** What a function returns, at `path`, with the frame that entered it on the stack. */
  returnsOf(fn: FunctionLike, path: readonly string[], stack: Frame[]): Taint | undefined {
    let best: Taint | undefined;
    for (const returned of returnedExpressions(fn)) {
      best = better(best, withStep(this.engine.taintOf(returned, path, stack), returned, `returned from \`${describeFn(fn)}\``));
    }
    return best;
  }

  /** The project functions a call can enter. */
  targetsOf(call: ts.CallExpression): FunctionLike[] {
    const callee = unwrap(call.expression);
    if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return [callee];
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
    if (!nameNode) return [];
    // `res.json()`, `items.map()`: no project declaration has that name, so no project function answers.
    if (nameNode !== callee && !this.engine.index.declaredMemberNames.has(nameNode.text)) return [];
    const symbol = this.engine.symbols.symbolAt(nameNode);
    if (!symbol || this.engine.symbols.packageImportOf(symbol)) return [];
    const out: FunctionLike[] = [];
    for (const decl of symbol.declarations ?? []) {
      if (decl.getSourceFile().isDeclarationFile) continue;
      const fn = functionOfDeclaration(decl);
      if (fn && fn.body) out.push(fn);
    }
    return out;
  }

  isProjectClass(node: ts.NewExpression): boolean {
    return this.classOf(node) !== undefined;
  }

  private classOf(node: ts.NewExpression): ts.ClassLikeDeclaration | undefined {
    const callee = unwrap(node.expression);
    const symbol = ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? this.engine.symbols.symbolAt(ts.isPropertyAccessExpression(callee) ? callee.name : callee) : undefined;
    const decl = symbol?.declarations?.find((d) => ts.isClassLike(d));
    return decl && ts.isClassLike(decl) && !decl.getSourceFile().isDeclarationFile ? decl : undefined;
  }

  /** Every call in the project that enters `fn` (by name, then confirmed by symbol). */
  callersOf(fn: FunctionLike): CallLike[] {
    const cached = this.callerCache.get(fn);
    if (cached) return cached;
    const out: CallLike[] = [];
    const target = this.targetSymbol(fn);
    const names = new Set<string>();
    if (target) names.add(target.name);
    if (ts.isConstructorDeclaration(fn) && ts.isClassLike(fn.parent) && fn.parent.name) names.add(fn.parent.name.text);
    const defaultNames = this.engine.index.defaultImportNames.get(fn.getSourceFile().fileName);
    if (defaultNames && isDefaultExport(fn)) for (const n of defaultNames) names.add(n);
    const wanted = ts.isConstructorDeclaration(fn) ? this.classSymbol(fn) : target;
    if (wanted) {
      for (const n of names) {
        for (const [symbol, sites] of this.sitesBySymbol(n)) {
          if (symbol === wanted || (isDefaultExport(fn) && symbol.declarations?.some((d) => d === fn || functionOfDeclaration(d) === fn))) {
            for (const site of sites) if (ts.isConstructorDeclaration(fn) === ts.isNewExpression(site)) out.push(site);
          }
        }
      }
    }
    this.callerCache.set(fn, out);
    return out;
  }

  /** The calls by one callee name, grouped by the symbol they resolve to (each call resolved once, however many functions share the name). */
  private sitesBySymbol(name: string): Map<ts.Symbol, CallLike[]> {
    let groups = this.symbolGroups.get(name);
    if (!groups) {
      groups = new Map();
      for (const site of this.engine.index.callsByName.get(name) ?? []) {
        const callee = unwrap(site.expression);
        const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        const symbol = this.engine.symbols.symbolAt(nameNode);
        if (!symbol) continue;
        const list = groups.get(symbol);
        if (list) list.push(site);
        else groups.set(symbol, [site]);
      }
      this.symbolGroups.set(name, groups);
    }
    return groups;
  }

  private targetSymbol(fn: FunctionLike): ts.Symbol | undefined {
    const s = this.engine.symbols;
    if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return s.symbolAt(fn.name);
    const parent = fn.parent;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return s.symbolAt(parent.name);
    if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return s.symbolAt(parent.name);
    return undefined;
  }

  private classSymbol(ctor: ts.ConstructorDeclaration): ts.Symbol | undefined {
    const cls = ctor.parent;
    return ts.isClassLike(cls) && cls.name ? this.engine.symbols.symbolAt(cls.name) : undefined;
  }
}

function isDefaultExport(fn: ts.Node): boolean {
  const decl = ts.isVariableDeclaration(fn.parent) ? fn.parent.parent.parent : fn;
  return Boolean(ts.getCombinedModifierFlags(decl as ts.Declaration) & ts.ModifierFlags.Default) || ts.isExportAssignment(fn.parent);
}

/** A container key as written: a string literal or a constant holding one, else '*'. */
export function keyOf(arg: ts.Expression | undefined, symbols?: Symbols): string {
  if (!arg) return '*';
  const value = unwrap(arg);
  if (ts.isStringLiteralLike(value)) return value.text;
  if (symbols && ts.isIdentifier(value)) {
    const decl = symbols.declarationOf(value);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (ts.isStringLiteralLike(init)) return init.text;
    }
  }
  return '*';
}
