/**
 * The demand-driven taint engine. `taintOf(expr, path)` asks: does the value read at
 * `path` inside `expr` hold a user's credential, and how did it get there? It walks
 * backwards from the expression through variables, destructuring, object and array
 * literals, strings, conditionals, parameters (to the arguments of the call that was
 * entered, or to every caller), returns, class fields, containers (Map, Headers,
 * AsyncLocalStorage) and propagating library calls, until it reaches a source, a
 * sanitizer (delegation) or nothing.
 */
import ts from 'typescript';
import { bindingPath, findEnclosingClass, type ApiResolver } from '../model/api.js';
import { isTransparent, propertyNameText, readChain, snippet, unwrap, type FunctionLike } from '../model/syntax.js';
import type { Symbols } from '../model/symbols.js';
import { Calls, keyOf } from './calls.js';
import { WHOLE } from '../model/matchers.js';
import type { Channels } from './channels.js';
import { DelegatedStores } from './delegated-stores.js';
import { DeepTaint } from './deep.js';
import { ContextReads } from './context-reads.js';
import { describeFn, STORE_KEY } from './describe.js';
import { isStoreWrite, storedValue, type ProgramIndex } from './program-index.js';
import type { SourceMatcher } from './sources.js';
import { better, withCondition, withStep, type Frame, type SourceHit, type Taint } from './types.js';
import { gatingCondition, settingCondition } from './conditions.js';
import type { FlowPolicy } from './policy.js';

const MAX_DEPTH = 80;
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findLast', 'some', 'every']);
const MAX_PATH = 6;

/** Work budget of one sink query; past it the query answers "not found" rather than hang. */
const QUERY_BUDGET = 25_000;

export class TaintEngine {
  readonly calls: Calls;
  private readonly delegatedStores: DelegatedStores;
  private readonly deep: DeepTaint;
  private readonly contextReads: ContextReads;
  /** Framework context channels; set once the sinks are known. */
  channels: Channels | undefined;
  private readonly memo = new Map<string, Taint | null>();
  private readonly callerMemo = new Map<string, Taint | null>();
  private readonly inProgress = new Set<string>();
  private readonly nodeIds = new WeakMap<ts.Node, number>();
  private nextId = 1;
  private depth = 0;
  private budget = QUERY_BUDGET;

  constructor(
    readonly symbols: Symbols,
    readonly api: ApiResolver,
    readonly index: ProgramIndex,
    readonly sources: SourceMatcher,
    readonly policy: FlowPolicy,
  ) {
    this.calls = new Calls(this);
    this.delegatedStores = new DelegatedStores(this);
    this.deep = new DeepTaint(this);
    this.contextReads = new ContextReads(this);
  }

  /** A source, unless it reads a store the app only fills with delegated tokens. */
  accept(source: SourceHit | undefined): SourceHit | undefined {
    return source && this.delegatedStores.stillCredential(source) ? source : undefined;
  }

  /** Starts a fresh budget for one sink. */
  beginQuery(): void {
    this.budget = QUERY_BUDGET;
  }

  id(node: ts.Node): number {
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = this.nextId++;
      this.nodeIds.set(node, id);
    }
    return id;
  }

  taintOf(expr: ts.Expression, path: readonly string[], stack: readonly Frame[] = [], chainTop?: ts.Expression): Taint | undefined {
    if (path.length > MAX_PATH || this.depth > MAX_DEPTH || this.budget <= 0) return undefined;
    this.budget--;
    const top = stack[stack.length - 1];
    const key = `${this.id(expr)}|${path.join('\u0001')}|${top ? this.id(top.site) : 0}|${chainTop ? this.id(chainTop) : 0}`;
    const memoizable = stack.length === 0;
    if (memoizable && this.memo.has(key)) return this.memo.get(key) ?? undefined;
    if (this.inProgress.has(key)) return undefined;
    this.inProgress.add(key);
    this.depth++;
    let result: Taint | undefined;
    try {
      result = this.compute(expr, path, stack, chainTop);
    } finally {
      this.depth--;
      this.inProgress.delete(key);
    }
    if (memoizable && this.budget > 0) this.memo.set(key, result ?? null);
    return result;
  }

  private compute(expr: ts.Expression, path: readonly string[], stack: readonly Frame[], chainTop?: ts.Expression): Taint | undefined {
    if (isTransparent(expr)) return this.taintOf(expr.expression, path, stack, chainTop);
    if (ts.isIdentifier(expr)) return this.identifier(expr, path, stack, chainTop);
    if (expr.kind === ts.SyntaxKind.ThisKeyword) return path.length > 0 ? this.thisField(expr, path, stack) : undefined;
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      return this.access(expr, path, stack, chainTop);
    }
    if (ts.isCallExpression(expr)) return this.calls.call(expr, path, stack);
    if (ts.isNewExpression(expr)) return this.calls.construct(expr, path, stack);
    if (ts.isObjectLiteralExpression(expr)) return this.objectLiteral(expr, path, stack);
    if (ts.isArrayLiteralExpression(expr)) return this.arrayLiteral(expr, path, stack);
    if (ts.isTemplateExpression(expr)) {
      if (path.length > 0 && !isWhole(path)) return undefined;
      let best: Taint | undefined;
      for (const span of expr.templateSpans) {
        best = better(best, withStep(this.taintOf(span.expression, [], stack), span.expression, 'interpolated into a string'));
      }
      return best;
    }
    if (ts.isBinaryExpression(expr)) return this.binary(expr, path, stack);
    if (ts.isConditionalExpression(expr)) {
      const condition = settingCondition(expr.condition);
      return withCondition(
        better(this.taintOf(expr.whenTrue, path, stack), this.taintOf(expr.whenFalse, path, stack)),
        condition,
      );
    }
    if ((ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) && path[0] === '()') {
      return this.calls.returnsOf(expr, path.slice(1), [...stack]);
    }
    return undefined;
  }

  private access(
    expr: ts.PropertyAccessExpression | ts.ElementAccessExpression,
    path: readonly string[],
    stack: readonly Frame[],
    chainTop?: ts.Expression,
  ): Taint | undefined {
    let name: string;
    if (ts.isPropertyAccessExpression(expr)) name = expr.name.text;
    else {
      const arg = unwrap(expr.argumentExpression);
      name = ts.isStringLiteralLike(arg) ? arg.text : '*';
    }
    return this.taintOf(expr.expression, [name, ...path], stack, chainTop ?? expr);
  }

  private binary(expr: ts.BinaryExpression, path: readonly string[], stack: readonly Frame[]): Taint | undefined {
    switch (expr.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        if (path.length > 0 && !isWhole(path)) return undefined;
        return withStep(better(this.taintOf(expr.left, [], stack), this.taintOf(expr.right, [], stack)), expr, 'concatenated into a string');
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.BarBarToken:
        return better(this.taintOf(expr.left, path, stack), this.taintOf(expr.right, path, stack));
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.EqualsToken:
      case ts.SyntaxKind.CommaToken:
        return this.taintOf(expr.right, path, stack);
      default:
        return undefined;
    }
  }

  private objectLiteral(expr: ts.ObjectLiteralExpression, path: readonly string[], stack: readonly Frame[]): Taint | undefined {
    if (path.length === 0) return undefined;
    if (path[0] === WHOLE) {
      let best: Taint | undefined;
      for (const prop of expr.properties) {
        if (ts.isSpreadAssignment(prop)) best = better(best, this.taintOf(prop.expression, path, stack));
        else if (ts.isPropertyAssignment(prop)) best = better(best, withStep(this.taintOf(prop.initializer, path, stack), prop, `stored in property \`${propertyNameText(prop.name) ?? '?'}\``));
        else if (ts.isShorthandPropertyAssignment(prop)) best = better(best, withStep(this.taintOf(prop.name, path, stack), prop, `stored in property \`${prop.name.text}\``));
      }
      return best;
    }
    const [key, ...rest] = path as [string, ...string[]];
    let best: Taint | undefined;
    // Later properties override earlier ones; any of them may be the one read.
    for (const prop of [...expr.properties].reverse()) {
      if (ts.isSpreadAssignment(prop)) {
        best = better(best, this.taintOf(prop.expression, path, stack));
        continue;
      }
      const name = propertyNameText(prop.name);
      if (key !== '*' && (name === undefined || name.toLowerCase() !== key.toLowerCase())) continue;
      if (ts.isPropertyAssignment(prop)) {
        best = better(best, withStep(this.taintOf(prop.initializer, rest, stack), prop, `stored in property \`${name}\``));
      } else if (ts.isShorthandPropertyAssignment(prop)) {
        best = better(best, withStep(this.taintOf(prop.name, rest, stack), prop, `stored in property \`${name}\``));
      } else if ((ts.isMethodDeclaration(prop) || ts.isGetAccessorDeclaration(prop)) && (rest[0] === '()' || ts.isGetAccessorDeclaration(prop))) {
        const after = ts.isGetAccessorDeclaration(prop) ? rest : rest.slice(1);
        best = better(best, this.calls.returnsOf(prop, after, [...stack]));
      }
      if (best && key !== '*') break;
    }
    return best;
  }

  private arrayLiteral(expr: ts.ArrayLiteralExpression, path: readonly string[], stack: readonly Frame[]): Taint | undefined {
    if (path[0] === WHOLE) path = ['*', WHOLE];
    if (path[0] !== '*') return undefined;
    let best: Taint | undefined;
    for (const el of expr.elements) {
      best = ts.isSpreadElement(el) ? better(best, this.taintOf(el.expression, path, stack)) : better(best, this.taintOf(el, path.slice(1), stack));
    }
    return best;
  }

  private identifier(id: ts.Identifier, path: readonly string[], stack: readonly Frame[], chainTop?: ts.Expression): Taint | undefined {
    if (id.text === 'undefined') return undefined;
    const symbol = this.symbols.symbolAt(id);
    if (!symbol) {
      // A global (document, localStorage, window): only a source can say what it holds.
      const source = this.accept(this.sources.matchChain([id.text, ...path], chainTop ?? id));
      return source ? { source, steps: undefined } : undefined;
    }
    if (this.symbols.packageImportOf(symbol)) return undefined;
    let best: Taint | undefined;
    for (const decl of symbol.declarations ?? []) {
      best = better(best, this.declaration(decl, id, path, stack, chainTop));
    }
    best = better(best, this.assignmentsTo(symbol, id.text, path, stack));
    if (path.length > 0) {
      best = better(best, this.containerWrites(id.text, (recv) => ts.isIdentifier(recv) && this.symbols.symbolAt(recv) === symbol, path));
    }
    return best;
  }

  /** Values put into a container (`m.set(k, v)`, `store.run(v, fn)`) whose receiver is the one read. */
  containerWrites(receiverText: string, sameReceiver: (receiver: ts.Expression) => boolean, path: readonly string[]): Taint | undefined {
    const [key, ...rest] = path as [string, ...string[]];
    let best: Taint | undefined;
    for (const write of this.index.containerWritesByReceiver.get(receiverText) ?? []) {
      const callee = write.expression as ts.PropertyAccessExpression;
      const isStore = isStoreWrite(write);
      if ((key === STORE_KEY) !== isStore) continue;
      const receiver = unwrap(callee.expression);
      if (!sameReceiver(receiver)) continue;
      const valueArg = storedValue(write);
      if (!valueArg) continue;
      if (!isStore) {
        const written = keyOf(write.arguments[0], this.symbols);
        if (written !== '*' && key !== '*' && written.toLowerCase() !== key.toLowerCase()) continue;
      }
      const found = this.taintOf(valueArg, rest, []);
      best = better(best, withCondition(withStep(found, write, `stored with \`${snippet(callee, 40)}()\``), gatingCondition(write)));
    }
    return best;
  }

  /**
   * Does the value contain a credential anywhere? Answers with the innermost node that
   * holds it, which is where a finding on a sink is reported (see deep.ts).
   */
  deepTaint(expr: ts.Expression, stack: readonly Frame[] = [], depth = 0, whole = false): { taint: Taint; node: ts.Node } | undefined {
    return this.deep.deepTaint(expr, stack, depth, whole);
  }


  private declaration(decl: ts.Declaration, use: ts.Identifier, path: readonly string[], stack: readonly Frame[], chainTop?: ts.Expression): Taint | undefined {
    if (ts.isVariableDeclaration(decl)) {
      const loop = decl.parent?.parent;
      if (loop && ts.isForOfStatement(loop)) {
        return withStep(this.taintOf(loop.expression, ['*', ...path], stack), decl.name, `iterated into \`${decl.name.getText()}\``);
      }
      if (!decl.initializer) return undefined;
      return withStep(this.taintOf(decl.initializer, path, stack), decl.name, `assigned to \`${decl.name.getText()}\``);
    }
    if (ts.isBindingElement(decl)) {
      const { root, path: prefix } = bindingPath(decl);
      const state = this.contextReads.reactState(decl, path);
      if (state) return state;
      let found: Taint | undefined;
      if (root && ts.isVariableDeclaration(root) && root.initializer) {
        found = this.taintOf(root.initializer, [...prefix, ...path], stack);
      } else if (root && ts.isParameter(root)) {
        found = this.parameter(root, [...prefix, ...path], stack, chainTop ?? use);
      }
      if (!found && decl.initializer) found = this.taintOf(decl.initializer, path, stack);
      return withStep(found, decl, `destructured into \`${decl.name.getText()}\``);
    }
    if (ts.isParameter(decl)) return this.parameter(decl, path, stack, chainTop ?? use);
    return undefined;
  }

  /** `x = …` and `x.a.b = …` anywhere in the files where the symbol is declared or imported. */
  private assignmentsTo(symbol: ts.Symbol, name: string, path: readonly string[], stack: readonly Frame[]): Taint | undefined {
    let best: Taint | undefined;
    for (const assignment of this.index.assignmentsByRoot.get(name) ?? []) {
      const { root, segments } = readChain(assignment.left);
      if (!ts.isIdentifier(root) || this.symbols.symbolAt(root) !== symbol) continue;
      if (segments.length > path.length) continue;
      if (!segments.every((s, i) => s === '*' || path[i] === '*' || s.toLowerCase() === path[i]!.toLowerCase())) continue;
      const rest = path.slice(segments.length);
      const found = this.taintOf(assignment.right, rest, stack.length ? [] : stack);
      best = better(best, withCondition(withStep(found, assignment.left, `assigned to \`${assignment.left.getText()}\``), gatingCondition(assignment)));
    }
    for (const call of this.index.callsByName.get('assign') ?? []) {
      // `Object.assign(ctx, { token })` writes into ctx.
      const target = call.arguments?.[0];
      if (!target || !ts.isIdentifier(target) || target.text !== name || this.symbols.symbolAt(target) !== symbol || !/^Object\.assign$/.test(call.expression.getText())) continue;
      for (const source of (call.arguments ?? []).slice(1)) {
        best = better(best, withStep(this.taintOf(source, path, []), source, `copied into \`${name}\` by Object.assign()`));
      }
    }
    for (const { assignment, path: prefix } of this.index.patternAssignments.get(name) ?? []) {
      if (!this.patternTargets(assignment.left, name, symbol)) continue;
      const found = this.taintOf(assignment.right, [...prefix, ...path], stack.length ? [] : stack);
      best = better(best, withStep(found, assignment.left, `destructured into \`${name}\``));
    }
    return best;
  }

  /** Does this destructuring pattern assign to the symbol (not a same-named other variable)? */
  private patternTargets(pattern: ts.Node, name: string, symbol: ts.Symbol): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(node) && node.text === name && this.symbols.symbolAt(node) === symbol) found = true;
      else ts.forEachChild(node, visit);
    };
    visit(pattern);
    return found;
  }

  /** A parameter: the argument of the entered call, a framework callback's source, every caller, or a heuristic. */
  parameter(param: ts.ParameterDeclaration, path: readonly string[], stack: readonly Frame[], useNode: ts.Node): Taint | undefined {
    const fn = param.parent as FunctionLike;
    if (!ts.isFunctionLike(fn)) return undefined;
    const index = fn.parameters.indexOf(param);
    const paramName = param.name.getText();
    const top = stack[stack.length - 1];
    if (top && top.fn === fn) {
      const rest = stack.slice(0, -1);
      if (param.dotDotDotToken) {
        const spread = top.args.slice(index).filter((a): a is ts.Expression => a !== undefined);
        let best: Taint | undefined;
        for (const a of spread) best = better(best, this.taintOf(a, path.slice(1), rest));
        return best;
      }
      const arg = top.args[index];
      if (arg) return withStep(this.taintOf(arg, path, rest), arg, `passed as \`${paramName}\` to \`${describeFn(fn)}\``);
      return param.initializer ? withStep(this.taintOf(param.initializer, path, rest), param, `default value of \`${paramName}\``) : undefined;
    }
    const framework = this.sources.matchParam(fn, index, path, useNode);
    if (framework) return { source: framework, steps: undefined };
    const iterated = this.iterationParam(fn, index, path);
    if (iterated) return withStep(iterated, param, `each element as \`${paramName}\``);
    const fromContext = this.contextReads.readContext(fn, index, path, useNode);
    if (fromContext) return fromContext;
    const callers = this.calls.callersOf(fn);
    // Every use of a parameter asks the same question of its callers: answer it once.
    const callerKey = `${this.id(param)}|${path.join('\u0001')}`;
    if (callers.length > 0 && this.callerMemo.has(callerKey)) return this.callerMemo.get(callerKey) ?? undefined;
    let best: Taint | undefined;
    for (const site of callers) {
      const args = site.arguments ?? ts.factory.createNodeArray();
      const arg = param.dotDotDotToken ? undefined : args[index];
      const spreadArg = args.find((a, i) => i <= index && ts.isSpreadElement(a));
      if (spreadArg) continue;
      if (arg) best = better(best, withStep(this.taintOf(arg, path, []), arg, `passed as \`${paramName}\` to \`${describeFn(fn)}\``));
      else if (param.initializer) best = better(best, withStep(this.taintOf(param.initializer, path, []), param, `default value of \`${paramName}\``));
    }
    if (callers.length > 0 && this.budget > 0) this.callerMemo.set(callerKey, best ?? null);
    if (best || callers.length > 0) return best;
    if (param.initializer && !ts.isIdentifier(param.name)) return undefined;
    if (param.initializer) {
      const fromDefault = withStep(this.taintOf(param.initializer, path, []), param, `default value of \`${paramName}\``);
      if (fromDefault) return fromDefault;
    }
    // Nobody in the project calls it: a framework (a route handler's `req`) or a library user does.
    const rootName = ts.isIdentifier(param.name) ? param.name.text : '';
    if (rootName && this.channels) {
      let fromScope: Taint | undefined;
      for (const { reader, rest } of this.channels.chainReadsOf([rootName, ...path])) {
        fromScope = better(fromScope, this.contextReads.readChannel({ ...reader, path: '' }, rest, useNode, `\`${reader.chain}\` (request-scoped state)`));
      }
      if (fromScope) return fromScope;
    }
    const source = this.accept(this.sources.matchChain(rootName ? [rootName, ...path] : [...path], useNode));
    if (source) return { source, steps: undefined };
    if (!this.policy.heuristicParameter(fn)) return undefined;
    const heuristic = this.sources.matchHeuristic(rootName, path, useNode);
    return heuristic ? { source: heuristic, steps: undefined } : undefined;
  }

  /**
   * `headers.forEach((value, key) => …)`, `tokens.map((t) => …)`: the callback's first
   * parameter is an element of the receiver.
   */
  private iterationParam(fn: FunctionLike, index: number, path: readonly string[]): Taint | undefined {
    if (index !== 0) return undefined;
    let node: ts.Node = fn;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const call = node.parent;
    if (!call || !ts.isCallExpression(call) || call.arguments[0] !== node) return undefined;
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !ITERATION_METHODS.has(callee.name.text)) return undefined;
    return this.taintOf(callee.expression, ['*', ...path], []);
  }

  /** `this.field` in a class: field initialisers, constructor parameter properties, `this.field = …`. */
  private thisField(thisNode: ts.Node, path: readonly string[], stack: readonly Frame[]): Taint | undefined {
    const cls = findEnclosingClass(thisNode);
    if (!cls) return undefined;
    return this.classField(cls, path, stack, thisNode.parent ?? thisNode);
  }

  classField(cls: ts.ClassLikeDeclaration, path: readonly string[], stack: readonly Frame[], useNode: ts.Node = cls): Taint | undefined {
    const [field, ...rest] = path as [string, ...string[]];
    let best: Taint | undefined;
    for (const reader of this.channels?.fieldReadsOf(cls, field) ?? []) {
      best = better(best, this.contextReads.readChannel({ ...reader, path: '' }, rest, useNode, `\`this.${field}\` of \`${cls.name?.text ?? 'class'}\``));
    }
    for (const member of cls.members) {
      if (ts.isGetAccessorDeclaration(member) && propertyNameText(member.name) === field) {
        best = better(best, this.calls.returnsOf(member, rest, [...stack]));
      }
      if (ts.isPropertyDeclaration(member) && propertyNameText(member.name) === field && member.initializer) {
        best = better(best, withStep(this.taintOf(member.initializer, rest, stack), member, `stored in field \`${field}\``));
      }
      if (ts.isConstructorDeclaration(member)) {
        for (const p of member.parameters) {
          if (ts.getModifiers(p)?.length && ts.isIdentifier(p.name) && p.name.text === field) {
            best = better(best, withStep(this.parameter(p, rest, stack, p), p, `stored in field \`${field}\``));
          }
        }
      }
    }
    for (const assignment of this.index.assignmentsByRoot.get('this') ?? []) {
      if (findEnclosingClass(assignment) !== cls) continue;
      const { segments } = readChain(assignment.left);
      if (segments[0] !== field || segments.length > path.length) continue;
      const found = this.taintOf(assignment.right, path.slice(segments.length), stack);
      best = better(best, withStep(found, assignment.left, `stored in field \`${field}\``));
    }
    best = better(
      best,
      this.containerWrites(`this.${field}`, (recv) => ts.isPropertyAccessExpression(recv) && recv.expression.kind === ts.SyntaxKind.ThisKeyword && recv.name.text === field && findEnclosingClass(recv) === cls, rest),
    );
    return best;
  }
}


/** A "holds a credential anywhere" query on a value that is a string reads as "is it one". */
function isWhole(path: readonly string[]): boolean {
  return path.length === 1 && path[0] === WHOLE;
}
