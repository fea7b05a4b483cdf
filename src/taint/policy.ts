/**
 * The engine's questions to the model that are not sources: is this call a sanitizer
 * (delegation), does it propagate a credential, may this parameter be a heuristic source.
 */
import ts from 'typescript';
import type { PropagatorSpec, SanitizerSpec } from '../model/pack.js';
import { indexNames, type CallMatching } from '../model/matchers.js';
import { calleeName, type FunctionLike } from '../model/syntax.js';
import type { Symbols } from '../model/symbols.js';
import type { ProgramIndex } from './program-index.js';

export interface FlowPolicy {
  isSanitizer(call: ts.CallExpression | ts.NewExpression): SanitizerSpec | undefined;
  propagatorFor(call: ts.CallExpression): PropagatorSpec | undefined;
  /** May a parameter of `fn` be a heuristic source (named like a credential, no callers)? */
  heuristicParameter(fn: FunctionLike): boolean;
}

function byName<T extends { call: Parameters<typeof indexNames>[0] }>(specs: readonly T[]): { named: Map<string, T[]>; any: T[] } {
  const named = new Map<string, T[]>();
  const any: T[] = [];
  for (const spec of specs) {
    const names = indexNames(spec.call);
    if (names === 'any') any.push(spec);
    else for (const n of names) named.set(n, [...(named.get(n) ?? []), spec]);
  }
  return { named, any };
}

export class ModelPolicy implements FlowPolicy {
  private readonly sanitizers: { named: Map<string, SanitizerSpec[]>; any: SanitizerSpec[] };
  private readonly literalSanitizers: SanitizerSpec[];
  private readonly propagators: { named: Map<string, PropagatorSpec[]>; any: PropagatorSpec[] };
  private readonly sanitizerCache = new Map<ts.Node, SanitizerSpec | null>();

  constructor(
    sanitizers: readonly SanitizerSpec[],
    propagators: readonly PropagatorSpec[],
    private readonly calls: CallMatching,
    private readonly symbols: Symbols,
    private readonly index?: ProgramIndex,
  ) {
    this.sanitizers = byName(sanitizers.filter((s): s is SanitizerSpec & { call: NonNullable<SanitizerSpec['call']> } => Boolean(s.call)));
    this.literalSanitizers = sanitizers.filter((s) => s.literalInArguments?.length);
    this.propagators = byName(propagators);
  }

  isSanitizer(call: ts.CallExpression | ts.NewExpression): SanitizerSpec | undefined {
    const cached = this.sanitizerCache.get(call);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.computeSanitizer(call);
    this.sanitizerCache.set(call, found ?? null);
    return found;
  }

  private computeSanitizer(call: ts.CallExpression | ts.NewExpression): SanitizerSpec | undefined {
    const name = calleeName(call.expression);
    for (const spec of [...(name ? this.sanitizers.named.get(name) ?? [] : []), ...this.sanitizers.any]) {
      if (spec.call && this.calls.matches(call, spec.call)) return spec;
    }
    for (const spec of this.literalSanitizers) {
      if (!this.literalAppears(spec)) continue;
      if ((call.arguments ?? []).some((a) => this.containsLiteral(a, spec.literalInArguments!, 0))) return spec;
    }
    return undefined;
  }

  /** Does any analysed file mention one of the sanitizer's literals at all? (Most projects never exchange tokens.) */
  private literalAppears(spec: SanitizerSpec): boolean {
    const index = this.index;
    return !index || index.files.length === 0 || spec.literalInArguments!.some((l) => index.mentions(l));
  }

  /** Does the expression contain one of the literals (directly, in object/array literals, or in a constant it names)? */
  private containsLiteral(expr: ts.Node, literals: readonly string[], depth: number): boolean {
    if (depth > 6) return false;
    if (ts.isStringLiteralLike(expr) || ts.isTemplateHead(expr) || ts.isTemplateMiddle(expr) || ts.isTemplateTail(expr)) {
      return literals.some((l) => expr.text.includes(l));
    }
    if (ts.isIdentifier(expr)) {
      const symbol = this.symbols.symbolAt(expr);
      const decl = symbol?.declarations?.[0];
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && !ts.isFunctionLike(decl.initializer)) {
        if (this.containsLiteral(decl.initializer, literals, depth + 1)) return true;
      }
      // A form body built step by step: `params.set('grant_type', '…token-exchange')`.
      for (const write of this.index?.containerWritesByReceiver.get(expr.text) ?? []) {
        const receiver = (write.expression as ts.PropertyAccessExpression).expression;
        if (!ts.isIdentifier(receiver) || this.symbols.symbolAt(receiver) !== symbol) continue;
        if (write.arguments.some((a) => this.containsLiteral(a, literals, depth + 1))) return true;
      }
      return false;
    }
    if (ts.isFunctionLike(expr)) return false;
    let found = false;
    ts.forEachChild(expr, (child) => {
      if (!found && this.containsLiteral(child, literals, depth)) found = true;
    });
    return found;
  }

  propagatorFor(call: ts.CallExpression): PropagatorSpec | undefined {
    const name = calleeName(call.expression);
    for (const spec of [...(name ? this.propagators.named.get(name) ?? [] : []), ...this.propagators.any]) {
      if (this.calls.matches(call, spec.call) && (!spec.callbackKeepsValue || callbackKeepsValue(call.arguments[0]))) return spec;
    }
    return undefined;
  }

  heuristicParameter(fn: FunctionLike): boolean {
    // Callbacks handed to a library (array methods, framework hooks, tool implementations) get
    // their arguments from that library: a name there says nothing about a user's credential.
    let node: ts.Node = fn;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const parent = node.parent;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return false;
    if (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(fn)) {
      const literal = ts.isPropertyAssignment(parent) ? parent.parent : fn.parent;
      if (ts.isObjectLiteralExpression(literal) && literal.parent && (ts.isCallExpression(literal.parent) || ts.isNewExpression(literal.parent))) {
        return false;
      }
    }
    return true;
  }
}

/**
 * Does the callback return something built from its element's value? `([name, value]) => …value…`
 * and `(entry) => …entry…` do; `([name]) => name` (only the key) does not.
 */
function callbackKeepsValue(arg: ts.Expression | undefined): boolean {
  const fn = arg && ts.isParenthesizedExpression(arg) ? arg.expression : arg;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const param = fn.parameters[0]?.name;
  if (!param) return false;
  const kept = new Set<string>();
  if (ts.isIdentifier(param)) kept.add(param.text);
  else if (ts.isArrayBindingPattern(param)) {
    param.elements.slice(1).forEach((el) => ts.isBindingElement(el) && ts.isIdentifier(el.name) && kept.add(el.name.text));
  } else if (ts.isObjectBindingPattern(param)) {
    param.elements.forEach((el) => ts.isIdentifier(el.name) && kept.add(el.name.text));
  }
  let uses = false;
  const visit = (node: ts.Node): void => {
    if (uses) return;
    if (ts.isIdentifier(node) && kept.has(node.text) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) uses = true;
    else ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return uses;
}
