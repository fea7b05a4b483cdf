/**
 * Finds the agent-boundary sinks of the packs in the program and asks the engine
 * whether a credential reaches each. Produces raw flows; rules turn them into findings.
 */
import ts from 'typescript';
import type { CallSinkSpec, PropertySinkSpec, ReturnSinkSpec, SinkKind, SinkSpec, SinkSpecBase, ToolFunctionSinkSpec, ToolMethodSinkSpec } from '../model/pack.js';
import { apiMatches } from '../model/api.js';
import { asArray, indexNames, type CallMatching } from '../model/matchers.js';
import { functionOfDeclaration, returnedExpressions } from '../model/functions.js';
import { calleeName, contains, isFunctionLike, propertyNameText, unwrap, type FunctionLike } from '../model/syntax.js';
import type { TaintEngine } from './engine.js';
import type { CallLike } from './program-index.js';
import { firstCapturedCredential } from './tool-capture.js';
import type { FlowPolicy } from './policy.js';
import type { Taint } from './types.js';
import { gatingCondition } from './conditions.js';
import { withCondition } from './types.js';

export interface Flow {
  sink: SinkSpecBase;
  kind: SinkKind;
  /** Where the finding is reported. */
  node: ts.Node;
  taint: Taint;
  /** The tool implementation the flow ends in or starts from, when there is one. */
  tool?: FunctionLike;
}

interface ToolFn {
  fn: FunctionLike;
  spec: ToolFunctionSinkSpec | ToolMethodSinkSpec;
}

export class SinkFinder {
  private readonly callSpecs = new Map<string, Array<CallSinkSpec | ToolFunctionSinkSpec | ReturnSinkSpec>>();
  private readonly anyCallSpecs: Array<CallSinkSpec | ToolFunctionSinkSpec | ReturnSinkSpec> = [];
  private readonly propertySpecs = new Map<string, PropertySinkSpec[]>();
  private readonly methodSpecs: ToolMethodSinkSpec[] = [];
  private readonly parsedApi = new Map();
  private toolFns: ToolFn[] = [];

  constructor(
    specs: readonly SinkSpec[],
    private readonly engine: TaintEngine,
    private readonly calls: CallMatching,
    private readonly policy: FlowPolicy,
  ) {
    for (const spec of specs) {
      if ('property' in spec) {
        for (const n of spec.property.names) this.propertySpecs.set(n.toLowerCase(), [...(this.propertySpecs.get(n.toLowerCase()) ?? []), spec]);
      } else if ('toolMethod' in spec) {
        this.methodSpecs.push(spec);
      } else {
        const matcher = 'call' in spec ? spec.call : 'toolFunction' in spec ? spec.toolFunction.of : spec.returnOf.of;
        const names = indexNames(matcher);
        if (names === 'any') this.anyCallSpecs.push(spec);
        else for (const n of names) this.callSpecs.set(n, [...(this.callSpecs.get(n) ?? []), spec]);
      }
    }
  }

  findFlows(): Flow[] {
    const flows: Flow[] = [];
    this.toolFns = this.findToolFunctions();
    for (const tool of this.toolFns) flows.push(...this.toolFlows(tool));
    for (const call of this.engine.index.calls) {
      const name = calleeName(call.expression);
      const specs = [...(name ? this.callSpecs.get(name) ?? [] : []), ...this.anyCallSpecs];
      for (const spec of specs) {
        if ('call' in spec && this.calls.matches(call, spec.call)) flows.push(...this.callFlows(call, spec));
        else if ('returnOf' in spec && this.calls.matches(call, spec.returnOf.of)) flows.push(...this.returnFlows(call, spec));
      }
    }
    for (const call of this.engine.index.calls) {
      if (ts.isCallExpression(call) && isToolDispatch(call)) flows.push(...this.dispatchFlows(call));
    }
    for (const [name, specs] of this.propertySpecs) {
      for (const prop of this.engine.index.objectProperties.get(name) ?? []) {
        for (const spec of specs) flows.push(...this.propertyFlows(prop, spec));
      }
    }
    return flows.filter((f) => !this.insideSanitizer(f.node));
  }

  /** Tool implementations: functions given to tool factories, and methods of tool classes. */
  private findToolFunctions(): ToolFn[] {
    const out: ToolFn[] = [];
    for (const call of this.engine.index.calls) {
      const name = calleeName(call.expression);
      for (const spec of [...(name ? this.callSpecs.get(name) ?? [] : []), ...this.anyCallSpecs]) {
        if (!('toolFunction' in spec) || !this.calls.matches(call, spec.toolFunction.of)) continue;
        const fn = this.functionAt(call, spec.toolFunction.arg, spec.toolFunction.property);
        if (fn) out.push({ fn, spec });
      }
    }
    for (const cls of this.engine.index.classes) {
      for (const spec of this.methodSpecs) {
        if (!this.extendsApi(cls, spec)) continue;
        for (const member of cls.members) {
          if (ts.isMethodDeclaration(member) && member.body && spec.toolMethod.methods.includes(propertyNameText(member.name) ?? '')) {
            out.push({ fn: member, spec });
          }
        }
      }
    }
    return out;
  }

  private extendsApi(cls: ts.ClassLikeDeclaration, spec: ToolMethodSinkSpec): boolean {
    for (const clause of cls.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const type of clause.types) {
        const value = this.engine.api.resolve(type.expression);
        if (value && apiMatches(value, asArray(spec.toolMethod.extends), this.parsedApi)) return true;
      }
    }
    return false;
  }

  private functionAt(call: CallLike, arg: number | 'last', property?: string): FunctionLike | undefined {
    const args = call.arguments ?? [];
    let value: ts.Expression | undefined = arg === 'last' ? args[args.length - 1] : args[arg];
    if (!value) return undefined;
    value = unwrap(value);
    if (property) {
      if (!ts.isObjectLiteralExpression(value)) return undefined;
      const prop = value.properties.find((p) => propertyNameText(p.name) === property);
      if (!prop) return undefined;
      if (ts.isMethodDeclaration(prop)) return prop;
      if (ts.isPropertyAssignment(prop)) value = unwrap(prop.initializer);
      else if (ts.isShorthandPropertyAssignment(prop)) value = prop.name;
      else return undefined;
    }
    if (isFunctionLike(value)) return value;
    if (ts.isIdentifier(value)) {
      const decl = this.engine.symbols.declarationOf(value);
      return decl ? functionOfDeclaration(decl) : undefined;
    }
    return undefined;
  }

  private toolFlows({ fn, spec }: ToolFn): Flow[] {
    const flows: Flow[] = [];
    const captured = firstCapturedCredential(fn, this.engine);
    if (captured) flows.push({ sink: spec, kind: 'tool-implementation', node: captured.node, taint: captured.taint, tool: fn });
    for (const returned of returnedExpressions(fn)) {
      this.engine.beginQuery();
      const hit = this.engine.deepTaint(returned);
      if (hit) flows.push({ sink: { ...spec, kind: 'prompt', label: 'the value a tool returns to the model' }, kind: 'prompt', node: hit.node, taint: hit.taint, tool: fn });
    }
    return flows;
  }

  private enclosingTool(node: ts.Node): FunctionLike | undefined {
    return this.toolFns.find((t) => contains(t.fn, node))?.fn;
  }

  private callFlows(call: CallLike, spec: CallSinkSpec): Flow[] {
    const args = call.arguments ?? [];
    const arg = spec.arg === 'last' ? args[args.length - 1] : args[spec.arg];
    if (!arg) return [];
    const tool = this.enclosingTool(call);
    // An agent invocation made from inside a tool is an invocation for another agent.
    const kind: SinkKind = tool && (spec.kind === 'tool-context' || spec.kind === 'tool-argument') ? 'subagent' : spec.kind;
    const flows: Flow[] = [];
    const leaves = spec.paths ? spec.paths.flatMap((p) => navigate(arg, p.split('.'), arg, this.engine)) : [{ node: arg as ts.Node, value: arg, remaining: [] as string[] }];
    for (const leaf of leaves) {
      this.engine.beginQuery();
      let taint: Taint | undefined;
      let node: ts.Node = leaf.node;
      if (leaf.remaining.length === 0) {
        const hit = this.engine.deepTaint(leaf.value);
        if (hit) {
          taint = hit.taint;
          if (hit.node !== leaf.value && contains(leaf.value, hit.node)) node = hit.node;
        }
      } else {
        taint = this.engine.taintOf(leaf.value, leaf.remaining);
      }
      if (taint) flows.push({ sink: spec, kind, node, taint: withCondition(taint, gatingCondition(call))!, ...(tool ? { tool } : {}) });
    }
    return flows;
  }

  /** A hand-written tool-use loop calling the function the model chose: every argument reaches the tool. */
  private dispatchFlows(call: ts.CallExpression): Flow[] {
    const flows: Flow[] = [];
    for (const arg of call.arguments) {
      this.engine.beginQuery();
      const hit = this.engine.deepTaint(arg);
      if (hit) flows.push({ sink: TOOL_DISPATCH, kind: 'tool-argument', node: contains(arg, hit.node) && hit.node !== arg ? hit.node : arg, taint: hit.taint });
    }
    return flows;
  }

  /** What a platform auth handler returns (LangGraph `Auth().authenticate`) becomes every run's context. */
  private returnFlows(call: CallLike, spec: ReturnSinkSpec): Flow[] {
    const fn = this.functionAt(call, spec.returnOf.callback);
    if (!fn) return [];
    const flows: Flow[] = [];
    for (const returned of returnedExpressions(fn)) {
      this.engine.beginQuery();
      const hit = this.engine.deepTaint(returned);
      if (hit) flows.push({ sink: spec, kind: spec.kind, node: hit.node, taint: hit.taint });
    }
    return flows;
  }

  private propertyFlows(prop: ts.PropertyAssignment, spec: PropertySinkSpec): Flow[] {
    if (spec.property.insideExternalCall && !this.insideExternalCall(prop)) return [];
    this.engine.beginQuery();
    const hit = this.engine.deepTaint(prop.initializer);
    if (!hit) return [];
    const node = hit.node !== prop.initializer && contains(prop.initializer, hit.node) ? hit.node : prop;
    return [{ sink: spec, kind: spec.kind, node, taint: withCondition(hit.taint, gatingCondition(prop))! }];
  }

  /** Inside the arguments of `new X(...)`/`x(...)` where X is a package's (an SDK client's options). */
  private insideExternalCall(node: ts.Node): boolean {
    let current: ts.Node = node;
    while (current.parent && !isFunctionLike(current.parent)) {
      const parent = current.parent;
      if ((ts.isNewExpression(parent) || ts.isCallExpression(parent)) && parent.expression !== current) {
        const value = this.engine.api.resolve(parent.expression);
        return Boolean(value && value.module !== '');
      }
      current = parent;
    }
    return false;
  }

  private insideSanitizer(node: ts.Node): boolean {
    let current: ts.Node = node;
    while (current.parent) {
      const parent = current.parent;
      if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== current && this.policy.isSanitizer(parent)) return true;
      if (isFunctionLike(parent)) return false;
      current = parent;
    }
    return false;
  }
}

interface Leaf {
  /** The property (or argument) that puts the value in. */
  node: ts.Node;
  value: ts.Expression;
  /** Path segments that could not be followed syntactically. */
  remaining: string[];
}

/** Follows `context.auth` through object literals (and constants holding them) to the values at that path. */
function navigate(expr: ts.Expression, segments: string[], reportNode: ts.Node, engine: TaintEngine, depth = 0): Leaf[] {
  if (segments.length === 0) return [{ node: reportNode, value: expr, remaining: [] }];
  const value = unwrap(expr);
  if (ts.isObjectLiteralExpression(value)) {
    const [key, ...rest] = segments as [string, ...string[]];
    const out: Leaf[] = [];
    for (const prop of value.properties) {
      if (ts.isSpreadAssignment(prop)) {
        out.push(...navigate(prop.expression, segments, prop, engine, depth + 1));
        continue;
      }
      const name = propertyNameText(prop.name);
      if (key !== '*' && name?.toLowerCase() !== key.toLowerCase()) continue;
      if (ts.isPropertyAssignment(prop)) out.push(...navigate(prop.initializer, rest, prop, engine, depth + 1));
      else if (ts.isShorthandPropertyAssignment(prop)) out.push(...navigate(prop.name, rest, prop, engine, depth + 1));
      else if ((ts.isMethodDeclaration(prop) || ts.isGetAccessorDeclaration(prop)) && rest.length === 0) {
        for (const r of returnedExpressions(prop)) out.push({ node: prop, value: r, remaining: [] });
      }
    }
    return out;
  }
  if (ts.isArrayLiteralExpression(value) && segments[0] === '*') {
    return value.elements.flatMap((el) => navigate(el, segments.slice(1), reportNode, engine, depth + 1));
  }
  if (ts.isIdentifier(value) && depth < 4) {
    const decl = engine.symbols.declarationOf(value);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isObjectLiteralExpression(unwrap(decl.initializer))) {
      return navigate(decl.initializer, segments, reportNode, engine, depth + 1);
    }
  }
  return [{ node: reportNode, value, remaining: segments }];
}

/** The structural sink of hand-written tool-use loops (raw OpenAI/Anthropic SDKs): not a framework API, a code shape. */
const TOOL_DISPATCH: SinkSpecBase = {
  id: 'tool-use-loop-dispatch',
  kind: 'tool-argument',
  label: 'arguments a hand-written tool-use loop passes to the tool the model chose',
  framework: 'tool-use loop',
};

const TOOL_NAME_KEY = /(^|\.)(name|toolName|tool_name|functionName)$/;
const TOOL_TABLE = /tool|handler|function|impl|executor|action|dispatch/i;

/** `handlers[call.function.name](args, extra)`, `tools[block.name](input, extra)`, `toolMap.get(call.name)!(args, extra)`. */
function isToolDispatch(call: ts.CallExpression): boolean {
  let callee = unwrap(call.expression);
  let table: ts.Expression | undefined;
  let key: ts.Expression | undefined;
  if (ts.isElementAccessExpression(callee)) {
    table = callee.expression;
    key = callee.argumentExpression;
  } else if (ts.isCallExpression(callee) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'get') {
    table = callee.expression.expression;
    key = callee.arguments[0];
  } else if (ts.isPropertyAccessExpression(callee) && ['execute', 'run', 'invoke', 'call', 'handler'].includes(callee.name.text)) {
    callee = unwrap(callee.expression);
    if (ts.isElementAccessExpression(callee)) {
      table = callee.expression;
      key = callee.argumentExpression;
    }
  }
  if (!table || !key) return false;
  const keyText = unwrap(key).getText();
  if (!TOOL_NAME_KEY.test(keyText)) return false;
  return TOOL_TABLE.test(table.getText()) || /function|tool|call|block/i.test(keyText);
}
