/**
 * "Does this value hold a credential anywhere inside, and where?" — the question every
 * sink asks of the value put into it: object properties, array elements, string parts,
 * what a provider function returns, constructor arguments of a project class, objects
 * built step by step in a variable. Answers with the innermost node holding it, which is
 * where the finding is reported.
 */
import ts from 'typescript';
import { returnedExpressions } from '../model/functions.js';
import { WHOLE } from '../model/matchers.js';
import { contains, isFunctionLike, readChain, snippet, unwrap, type FunctionLike } from '../model/syntax.js';
import { gatingCondition, settingCondition } from './conditions.js';
import { describeFn } from './describe.js';
import type { TaintEngine } from './engine.js';
import { withCondition, withStep, type Frame, type Taint } from './types.js';
import { storedValue } from './program-index.js';

export class DeepTaint {
  constructor(private readonly e: TaintEngine) {}

  /**
   * Does the value contain a credential anywhere (object properties, array elements, string
   * parts, what a function returns, a project object's constructor arguments)? Answers with
   * the innermost node that holds it, which is where a finding on a sink is reported.
   */
  deepTaint(expr: ts.Expression, stack: readonly Frame[] = [], depth = 0, whole = false): { taint: Taint; node: ts.Node } | undefined {
    if (depth > 6) return undefined;
    const value = unwrap(expr);
    if (ts.isObjectLiteralExpression(value)) {
      // Spreads last: `{ ...previous, token }` is reported at the property the credential came in with.
      const ordered = [...value.properties.filter((p) => !ts.isSpreadAssignment(p)), ...value.properties.filter(ts.isSpreadAssignment)];
      for (const prop of ordered) {
        let inner: { taint: Taint; node: ts.Node } | undefined;
        if (ts.isPropertyAssignment(prop)) inner = this.deepTaint(prop.initializer, stack, depth + 1, whole);
        else if (ts.isShorthandPropertyAssignment(prop)) inner = this.deepTaint(prop.name, stack, depth + 1, whole);
        else if (ts.isSpreadAssignment(prop)) inner = this.deepTaint(prop.expression, stack, depth + 1, whole);
        else if (ts.isMethodDeclaration(prop) || ts.isGetAccessorDeclaration(prop)) inner = this.deepReturns(prop, stack, depth, whole);
        if (inner) return { taint: inner.taint, node: isReportable(inner.node) && inner.node !== prop.name ? inner.node : prop };
      }
      return undefined;
    }
    if (ts.isArrayLiteralExpression(value)) {
      for (const el of value.elements) {
        const inner = this.deepTaint(ts.isSpreadElement(el) ? el.expression : el, stack, depth + 1, whole);
        if (inner) return inner;
      }
      return undefined;
    }
    if (ts.isTemplateExpression(value)) {
      for (const span of value.templateSpans) {
        const t = this.e.taintOf(span.expression, [], stack);
        if (t) return { taint: withStep(t, span.expression, 'interpolated into a string')!, node: span.expression };
      }
      return undefined;
    }
    if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      for (const side of [value.left, value.right]) {
        const inner = this.deepTaint(side, stack, depth + 1, whole);
        if (inner) return inner;
      }
      return undefined;
    }
    if (ts.isConditionalExpression(value)) {
      const inner = this.deepTaint(value.whenTrue, stack, depth + 1, whole) ?? this.deepTaint(value.whenFalse, stack, depth + 1, whole);
      return inner ? { taint: withCondition(inner.taint, settingCondition(value.condition))!, node: inner.node } : undefined;
    }
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return this.deepReturns(value, stack, depth, whole);
    if (ts.isNewExpression(value) && this.e.calls.isProjectClass(value)) {
      for (const arg of value.arguments ?? []) {
        const inner = this.deepTaint(arg, stack, depth + 1, whole);
        if (inner) return { taint: withStep(inner.taint, value, `given to \`new ${snippet(value.expression, 40)}()\``)!, node: value };
      }
      return undefined;
    }
    if (ts.isNewExpression(value) && value.arguments?.[0] && ['Headers', 'Map', 'URLSearchParams'].includes(snippet(value.expression))) {
      return this.deepTaint(value.arguments[0], stack, depth + 1, whole);
    }
    if (ts.isCallExpression(value)) {
      const spec = this.e.policy.propagatorFor(value);
      if (spec) {
        // `JSON.stringify({ config: { token } })`, `[…, \`${token}\`].join('\n')`: report where the token sits, not at the call.
        const callee = unwrap(value.expression);
        for (const from of spec.from) {
          const input = typeof from === 'number' ? value.arguments[from] : ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
          const inner = input ? this.deepTaint(input, stack, depth + 1, whole || spec.mode === 'serialize') : undefined;
          if (inner) return { taint: withStep(inner.taint, value, `transformed by \`${calleeNameOf(value)}()\``)!, node: inner.node };
        }
      }
    }
    if (ts.isCallExpression(value) && depth < 4) {
      const built = this.builderCallback(value, stack, depth, whole);
      if (built) return built;
    }
    if (ts.isIdentifier(value) && depth < 4) {
      // A prompt built in a variable (`const system = '…' + token`, `[…].join('\n')`): report at the operand, not the use.
      const decl = this.e.symbols.declarationOf(value);
      const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
      const built = init && (ts.isTemplateExpression(init) || (ts.isBinaryExpression(init) && init.operatorToken.kind === ts.SyntaxKind.PlusToken) || (ts.isCallExpression(init) && joinsText(init)));
      if (init && built) {
        const inner = this.deepTaint(init, stack, depth + 1, whole);
        if (inner) return { taint: withStep(inner.taint, (decl as ts.VariableDeclaration).name, `assigned to \`${value.text}\``)!, node: inner.node };
      }
    }
    const direct = this.e.taintOf(value, whole ? [WHOLE] : [], stack);
    if (direct) return { taint: direct, node: value };
    if (ts.isCallExpression(value) && depth < 4) {
      // A helper that builds the object (`buildRunContext(session)`): look inside what it returns.
      for (const fn of this.e.calls.targetsOf(value)) {
        const frame = [...stack, { fn, args: [...value.arguments], site: value }];
        for (const returned of returnedExpressions(fn)) {
          const inner = this.deepTaint(returned, frame, depth + 1, whole);
          if (inner) return { taint: withStep(inner.taint, value, `returned from \`${describeFn(fn)}\``)!, node: value };
        }
      }
    }
    if (ts.isIdentifier(value)) return this.deepIdentifier(value, stack, depth, whole);
    return undefined;
  }

  /**
   * A variable holding an object built step by step: its initialiser, then
   * `headers.Authorization = …` and `headers.set('authorization', …)` (reported where the credential is put in).
   */
  private deepIdentifier(id: ts.Identifier, stack: readonly Frame[], depth: number, whole: boolean): { taint: Taint; node: ts.Node } | undefined {
    const symbol = this.e.symbols.symbolAt(id);
    const decl = symbol?.declarations?.[0];
    if (!symbol || !decl) return undefined;
    for (const assignment of this.e.index.assignmentsByRoot.get(id.text) ?? []) {
      const { root, segments } = readChain(assignment.left);
      if (segments.length < 1 || !ts.isIdentifier(root) || this.e.symbols.symbolAt(root) !== symbol) continue;
      const inner = this.deepTaint(assignment.right, [], depth + 1, whole);
      if (inner) return { taint: withCondition(inner.taint, gatingCondition(assignment))!, node: inner.node === assignment.right ? assignment : inner.node };
    }
    for (const call of this.e.index.callsByName.get('assign') ?? []) {
      const target = call.arguments?.[0];
      if (!target || !ts.isIdentifier(target) || target.text !== id.text || this.e.symbols.symbolAt(target) !== symbol) continue;
      for (const source of (call.arguments ?? []).slice(1)) {
        const inner = this.deepTaint(source, [], depth + 1, whole);
        if (inner) return { taint: withCondition(inner.taint, gatingCondition(call))!, node: inner.node };
      }
    }
    for (const write of this.e.index.containerWritesByReceiver.get(id.text) ?? []) {
      const callee = write.expression as ts.PropertyAccessExpression;
      const receiver = unwrap(callee.expression);
      if (!ts.isIdentifier(receiver) || this.e.symbols.symbolAt(receiver) !== symbol) continue;
      const valueArg = storedValue(write);
      const found = valueArg ? this.e.taintOf(valueArg, whole ? [WHOLE] : [], []) : undefined;
      if (found) return { taint: withCondition(withStep(found, write, `stored with \`${snippet(callee, 40)}()\``)!, gatingCondition(write))!, node: write };
    }
    if (ts.isVariableDeclaration(decl) && decl.initializer && depth < 4) {
      const inner = this.deepTaint(decl.initializer, stack, depth + 1, whole);
      if (inner) {
        const inside = contains(decl.initializer, inner.node) && inner.node !== unwrap(decl.initializer);
        return { taint: withStep(inner.taint, decl.name, `assigned to \`${decl.name.getText()}\``)!, node: inside ? inner.node : id };
      }
    }
    return undefined;
  }

  /**
   * `ServiceParameters.create(v, (p) => { p.Authorization = token })`, immer's `produce`: a
   * library call whose inline callback writes properties of its parameter builds the result
   * from those writes. Project functions are followed through their returns instead.
   */
  private builderCallback(call: ts.CallExpression, stack: readonly Frame[], depth: number, whole: boolean): { taint: Taint; node: ts.Node } | undefined {
    if (this.e.calls.targetsOf(call).length > 0) return undefined;
    for (const arg of call.arguments) {
      const fn = unwrap(arg);
      if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isBlock(fn.body)) continue;
      const param = fn.parameters[0]?.name;
      if (!param || !ts.isIdentifier(param)) continue;
      let found: { taint: Taint; node: ts.Node } | undefined;
      const visit = (node: ts.Node): void => {
        if (found || (node !== fn && isFunctionLike(node))) return;
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const { root, segments } = readChain(node.left);
          if (segments.length > 0 && ts.isIdentifier(root) && root.text === param.text) {
            const inner = this.deepTaint(node.right, stack, depth + 1, whole);
            if (inner) found = { taint: withStep(inner.taint, node, `written by the callback of \`${calleeNameOf(call)}()\``)!, node: node };
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(fn.body);
      if (found) return found;
    }
    return undefined;
  }

  private deepReturns(fn: FunctionLike, stack: readonly Frame[], depth: number, whole: boolean): { taint: Taint; node: ts.Node } | undefined {
    for (const returned of returnedExpressions(fn)) {
      const inner = this.deepTaint(returned, stack, depth + 1, whole);
      if (inner) return inner;
    }
    return undefined;
  }}

function isReportable(node: ts.Node): boolean {
  return ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) || ts.isSpreadAssignment(node) || ts.isExpression(node);
}

function calleeNameOf(call: ts.CallExpression): string {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : 'call';
}

/** `[…, 'cookie=' + session].join('\n')`: text joined from parts, so the part holding the credential is the finding's line. */
function joinsText(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'join' && ts.isArrayLiteralExpression(unwrap(callee.expression));
}
