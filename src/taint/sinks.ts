/**
 * Finds the agent-boundary sinks of the packs in the program and asks the engine
 * whether a credential reaches each. Produces raw flows; rules turn them into findings.
 */
import ts from 'typescript';
import type {
  CallMatcher,
  CallSinkSpec,
  ContextReaderSpec,
  ContextWriterSpec,
  ConfigurationSinkSpec,
  JsxSinkSpec,
  PropertySinkSpec,
  ReturnSinkSpec,
  SinkKind,
  SinkSpec,
  SinkSpecBase,
  ToolFunctionSinkSpec,
  ToolMethodSinkSpec,
} from '../model/pack.js';
import { regexOf, WHOLE, type CallMatching } from '../model/matchers.js';
import { returnedExpressions } from '../model/functions.js';
import { contains, enclosingFunction, isFunctionLike, unwrap, type FunctionLike } from '../model/syntax.js';
import type { TaintEngine } from './engine.js';
import { IN_PROCESS_METHODS, type CallLike } from './program-index.js';
import { firstCapturedCredential, firstLocalCredential } from './tool-capture.js';
import type { FlowPolicy } from './policy.js';
import { withCondition, type Taint } from './types.js';
import { builtElsewhere, navigate, type Leaf } from './sink-paths.js';
import { gatingCondition } from './conditions.js';
import { findContextReaders, findToolFunctions, functionAt, matchingCalls, type ToolFn } from './framework-functions.js';
import { Channels } from './channels.js';
import { tableFunctions, toolDispatch, TOOL_DISPATCH } from './dispatch.js';
import { urlText } from './url-text.js';

export interface Flow {
  sink: SinkSpecBase;
  kind: SinkKind;
  /** Where the finding is reported. */
  node: ts.Node;
  taint: Taint;
  /** The tool implementation the flow ends in or starts from, when there is one. */
  tool?: FunctionLike;
  /** Where the value enters the framework call, when the finding is reported deeper (`context:` of a run). */
  via?: ts.Node;
}

export class SinkFinder {
  private readonly callSinks: CallSinkSpec[] = [];
  private readonly returnSinks: ReturnSinkSpec[] = [];
  private readonly propertySpecs = new Map<string, PropertySinkSpec[]>();
  private readonly toolSpecs: Array<ToolFunctionSinkSpec | ToolMethodSinkSpec> = [];
  private readonly jsxSpecs: JsxSinkSpec[] = [];
  private readonly configurationSpecs: ConfigurationSinkSpec[] = [];
  private toolFns: ToolFn[] = [];
  private toolFnSet: Set<FunctionLike> | undefined;
  /** Sinks whose analysis failed (odd code the engine does not expect): reported, never fatal. */
  readonly failures: Array<{ node: ts.Node; message: string }> = [];

  constructor(
    specs: readonly SinkSpec[],
    private readonly contextReaders: readonly ContextReaderSpec[],
    private readonly contextWriters: readonly ContextWriterSpec[],
    private readonly engine: TaintEngine,
    private readonly calls: CallMatching,
    private readonly policy: FlowPolicy,
    /** Imports that make a file an MCP server (from the packs). */
    private readonly mcpServerModules: readonly string[] = [],
  ) {
    for (const spec of specs) {
      if ('property' in spec) {
        for (const n of spec.property.names) this.propertySpecs.set(n.toLowerCase(), [...(this.propertySpecs.get(n.toLowerCase()) ?? []), spec]);
      } else if ('jsx' in spec) this.jsxSpecs.push(spec);
      else if ('configuration' in spec) this.configurationSpecs.push(spec);
      else if ('toolMethod' in spec || 'toolFunction' in spec) this.toolSpecs.push(spec);
      else if ('returnOf' in spec) this.returnSinks.push(spec);
      else this.callSinks.push(spec);
    }
  }

  findFlows(): Flow[] {
    const e = this.engine;
    this.toolFns = findToolFunctions(this.toolSpecs, e.index, this.calls, e.api, e.symbols);
    e.channels = new Channels(
      this.callSinks.filter((s) => s.channel),
      this.contextWriters,
      findContextReaders(this.contextReaders, e.index, this.calls, e.symbols),
      this.contextReaders,
      e.index,
      this.calls,
      e.symbols,
      e.api,
    );
    const dispatches: Array<{ call: ts.CallExpression; table?: ts.Expression }> = [];
    for (const call of e.index.calls) {
      if (!ts.isCallExpression(call)) continue;
      const found = toolDispatch(call, e.symbols, e.index.lookupVariables);
      if (found) dispatches.push({ call, ...found });
    }
    // The functions a hand-written tool loop dispatches to are tool implementations too.
    const known = new Set(this.toolFns.map((t) => t.fn));
    for (const { table } of dispatches) {
      if (!table) continue;
      for (const fn of tableFunctions(table, e.symbols, (c) => e.calls.targetsOf(c))) {
        if (known.has(fn)) continue;
        known.add(fn);
        this.toolFns.push({ fn, spec: DISPATCHED_TOOL });
      }
    }
    const flows: Flow[] = [];
    for (const tool of this.toolFns) flows.push(...this.safely(tool.fn, () => this.toolFlows(tool)));
    for (const spec of this.callSinks) {
      for (const call of matchingCalls(e.index, spec.call, this.calls)) flows.push(...this.safely(call, () => this.callFlows(call, spec)));
    }
    for (const spec of this.returnSinks) {
      for (const call of matchingCalls(e.index, spec.returnOf.of, this.calls)) flows.push(...this.safely(call, () => this.returnFlows(call, spec)));
    }
    for (const { call } of dispatches) flows.push(...this.safely(call, () => this.dispatchFlows(call)));
    const factories = new Set(this.toolFns.filter((t) => t.spec.kind === 'tool-implementation').map((t) => t.factory).filter((f) => f !== undefined));
    for (const call of e.index.calls) {
      if (ts.isCallExpression(call) && this.invokesTool(call, factories)) flows.push(...this.safely(call, () => this.dispatchFlows(call, DIRECT_TOOL_CALL)));
    }
    for (const spec of this.configurationSpecs) {
      for (const call of matchingCalls(e.index, spec.configuration.of, this.calls)) flows.push(...this.safely(call, () => this.configurationFlows(call, spec)));
    }
    for (const spec of this.jsxSpecs) {
      for (const attr of e.index.jsxAttributes.get(`${spec.jsx.element}.${spec.jsx.attribute}`) ?? []) {
        flows.push(...this.safely(attr, () => this.jsxFlows(attr, spec)));
      }
    }
    for (const [name, specs] of this.propertySpecs) {
      for (const prop of e.index.objectProperties.get(name) ?? []) {
        for (const spec of specs) flows.push(...this.safely(prop, () => this.propertyFlows(prop, spec)));
      }
    }
    return flows.filter((f) => !this.insideSanitizer(f.node)).map((f) => this.asMcpInbound(f));
  }

  /**
   * In a file that serves MCP (imports an MCP server SDK), the Authorization header of the
   * incoming request is the MCP client's token: forwarding it upstream is passthrough.
   */
  private asMcpInbound(flow: Flow): Flow {
    const source = flow.taint.source;
    if (flow.kind !== 'outbound-request' || !['authorization-header', 'request-headers'].includes(source.kind)) return flow;
    if (!this.servesMcp(source.node.getSourceFile())) return flow;
    return { ...flow, taint: { ...flow.taint, source: { ...source, kind: 'mcp-inbound-token', label: `${source.label}, sent to this MCP server by its client` } } };
  }

  private readonly servesMcpCache = new Map<ts.SourceFile, boolean>();

  /** Does the file import an MCP server SDK (the packs' `mcpServerModules`)? */
  private servesMcp(file: ts.SourceFile): boolean {
    let serves = this.servesMcpCache.get(file);
    if (serves === undefined) {
      serves = file.statements.some(
        (s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && this.mcpServerModules.some((m) => (s.moduleSpecifier as ts.StringLiteral).text.startsWith(m)),
      );
      this.servesMcpCache.set(file, serves);
    }
    return serves;
  }

  private safely(node: ts.Node, analyse: () => Flow[]): Flow[] {
    try {
      return analyse();
    } catch (err) {
      this.failures.push({ node, message: err instanceof Error ? err.message : String(err) });
      return [];
    }
  }

  private toolFlows({ fn, spec }: ToolFn): Flow[] {
    if (spec.kind === 'agent-step') return [];
    const flows: Flow[] = [];
    const captured = firstCapturedCredential(fn, this.engine) ?? (spec.kind === 'tool-implementation' ? firstLocalCredential(fn, this.engine) : undefined);
    const kind: SinkKind = spec.kind === 'subagent' ? 'subagent' : 'tool-implementation';
    if (captured) flows.push({ sink: spec, kind, node: captured.node, taint: captured.taint, tool: fn });
    if (kind !== 'tool-implementation') return flows;
    for (const returned of returnedExpressions(fn)) {
      this.engine.beginQuery();
      const hit = this.engine.deepTaint(returned);
      if (hit) flows.push({ sink: { ...spec, kind: 'prompt', label: 'the value a tool returns to the model' }, kind: 'prompt', node: hit.node, taint: hit.taint, tool: fn });
    }
    return flows;
  }

  /** The tool or agent step a node is inside, if any. */
  private enclosingAgentFunction(node: ts.Node): FunctionLike | undefined {
    if (!this.toolFnSet || this.toolFnSet.size !== this.toolFns.length) this.toolFnSet = new Set(this.toolFns.map((t) => t.fn));
    for (let current = node.parent; current; current = current.parent) {
      if (this.toolFnSet.has(current as FunctionLike)) return current as FunctionLike;
    }
    return undefined;
  }

  private callFlows(call: CallLike, spec: CallSinkSpec): Flow[] {
    const args = call.arguments ?? [];
    const arg = spec.arg === 'last' ? args[args.length - 1] : args[spec.arg];
    if (!arg) return [];
    if (spec.url) {
      const url = args[spec.url.arg];
      if (!url || !regexOf(spec.url.pattern, 'i').test(urlText(url, this.engine.symbols))) return [];
    }
    const tool = this.enclosingAgentFunction(call);
    // An agent invocation made from inside a tool or a graph step is an invocation for another agent.
    const kind: SinkKind = tool && (spec.kind === 'tool-context' || spec.kind === 'tool-argument') ? 'subagent' : spec.kind;
    const flows: Flow[] = [];
    const leaves = spec.paths ? spec.paths.flatMap((p) => navigate(arg, p.split('.'), arg, this.engine)) : [{ node: arg as ts.Node, value: arg, remaining: [] as string[] }];
    for (const leaf of leaves) {
      this.engine.beginQuery();
      const found = spec.direct ? this.directTaint(leaf) : this.leafTaint(leaf, REMOTE_SINKS.has(kind));
      if (!found) continue;
      const node = spec.reportAtProperty ? leaf.node : (builtElsewhere(leaf, found.taint) ?? found.node);
      const via = node !== leaf.node ? leaf.node : undefined;
      flows.push({ sink: spec, kind, node, taint: withCondition(found.taint, gatingCondition(call))!, ...(tool ? { tool } : {}), ...(via ? { via } : {}) });
    }
    return flows;
  }

  /** Does the value at a sink path hold a credential, and where (the innermost node that holds it)? */
  private leafTaint(leaf: Leaf, whole: boolean): { taint: Taint; node: ts.Node } | undefined {
    const e = this.engine;
    if (leaf.remaining.length > 0) {
      const taint = e.taintOf(leaf.value, whole ? [...leaf.remaining, WHOLE] : leaf.remaining);
      return taint ? { taint, node: leaf.node } : undefined;
    }
    const fn = this.functionValue(leaf.value);
    if (fn) {
      // A provider, fetch or middleware function: what it returns or captures is sent; a
      // returned `{ headers: { Authorization } }` is reported at that header.
      const returned = e.deepTaint(leaf.value, [], 0, whole);
      if (returned && returned.node !== leaf.value) return { taint: returned.taint, node: returned.node };
      const captured = firstCapturedCredential(fn, e);
      if (captured) return { taint: captured.taint, node: captured.node };
    }
    const hit = e.deepTaint(leaf.value, [], 0, whole);
    if (!hit) return undefined;
    return { taint: hit.taint, node: hit.node !== leaf.value ? hit.node : leaf.node };
  }

  private directTaint(leaf: Leaf): { taint: Taint; node: ts.Node } | undefined {
    const taint = this.engine.taintOf(leaf.value, leaf.remaining);
    return taint ? { taint, node: leaf.node } : undefined;
  }

  private functionValue(expr: ts.Expression): FunctionLike | undefined {
    const value = unwrap(expr);
    if (isFunctionLike(value)) return value;
    return undefined;
  }

  /** A framework default that forwards the user's credential: the configuration is the finding. */
  private configurationFlows(call: CallLike, spec: ConfigurationSinkSpec): Flow[] {
    const arg = call.arguments?.[spec.configuration.arg];
    if (!arg) return [];
    const at = (p: string): Leaf[] => navigate(arg, p.split('.'), arg, this.engine).filter((l) => l.remaining.length === 0);
    const present = spec.configuration.present.map(at);
    if (present.some((leaves) => leaves.length === 0)) return [];
    if (spec.configuration.absent.some((p) => at(p).length > 0)) return [];
    const node = present[0]?.[0]?.node ?? call;
    const source = { id: spec.id, kind: spec.configuration.source.kind, label: spec.configuration.source.label, confidence: 'medium' as const, node: call, text: spec.configuration.source.label };
    return [{ sink: spec, kind: spec.kind, node, taint: { source, steps: undefined } }];
  }

  private jsxFlows(attr: ts.JsxAttribute, spec: JsxSinkSpec): Flow[] {
    const init = attr.initializer;
    const value = init && ts.isJsxExpression(init) ? init.expression : undefined;
    if (!value) return [];
    const leaves = spec.jsx.paths ? spec.jsx.paths.flatMap((p) => navigate(value, p.split('.'), attr, this.engine)) : [{ node: attr as ts.Node, value, remaining: [] as string[] }];
    const flows: Flow[] = [];
    for (const leaf of leaves) {
      this.engine.beginQuery();
      const found = this.leafTaint(leaf, REMOTE_SINKS.has(spec.kind));
      if (found) flows.push({ sink: spec, kind: spec.kind, node: found.node, taint: found.taint });
    }
    return flows;
  }

  /** A hand-written tool-use loop calling the function the model chose: every argument reaches the tool. */
  private dispatchFlows(call: ts.CallExpression, sink: SinkSpecBase = TOOL_DISPATCH): Flow[] {
    const flows: Flow[] = [];
    for (const arg of call.arguments) {
      this.engine.beginQuery();
      const hit = this.engine.deepTaint(arg);
      if (hit) flows.push({ sink, kind: 'tool-argument', node: contains(arg, hit.node) && hit.node !== arg ? hit.node : arg, taint: hit.taint });
    }
    return flows;
  }

  /** `searchTool.invoke({ query, accessToken })` on a tool this program built. */
  private invokesTool(call: ts.CallExpression, factories: ReadonlySet<CallLike>): boolean {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !TOOL_INVOKE_METHODS.has(callee.name.text)) return false;
    const receiver = unwrap(callee.expression);
    if (!ts.isIdentifier(receiver)) return false;
    const decl = this.engine.symbols.declarationOf(receiver);
    const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
    return init !== undefined && (ts.isCallExpression(init) || ts.isNewExpression(init)) && factories.has(init);
  }

  /** What a platform auth handler returns (LangGraph `Auth().authenticate`) becomes every run's context. */
  private returnFlows(call: CallLike, spec: ReturnSinkSpec): Flow[] {
    const fn = functionAt(call, spec.returnOf.callback, spec.returnOf.property, this.engine.symbols);
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
    if (spec.property.outward && !this.leavesOutward(prop.parent, 0, spec.property.notInto ?? [])) return [];
    this.engine.beginQuery();
    const hit = this.engine.deepTaint(prop.initializer);
    if (!hit) return [];
    const node = hit.node !== prop.initializer && contains(prop.initializer, hit.node) ? hit.node : prop;
    return [{ sink: spec, kind: spec.kind, node, taint: withCondition(hit.taint, gatingCondition(prop))! }];
  }

  /**
   * Does this object (a header bag) go out of the app: into a package's or a global call
   * (fetch, axios, an SDK client), returned by a helper, or through a variable that does so?
   * A local `{ authorization }` handed to the app's own parser does not.
   */
  private leavesOutward(node: ts.Node, depth: number, notInto: readonly CallMatcher[]): boolean {
    if (depth > 3) return false;
    let current: ts.Node = node;
    for (;;) {
      const parent = current.parent;
      if (!parent) return false;
      if (ts.isPropertyAssignment(parent) || ts.isObjectLiteralExpression(parent) || ts.isSpreadAssignment(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isConditionalExpression(parent) || ts.isBinaryExpression(parent) || ts.isNewExpression(parent) && parent.expression !== current && this.isProjectCall(parent)) {
        current = parent;
        continue;
      }
      if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== current) {
        return !this.isProjectCall(parent) && !keepsInProcess(parent) && !notInto.some((m) => this.calls.matches(parent, m));
      }
      if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === current)) return true;
      if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) return this.variableLeaves(parent.name, depth, notInto);
      if (ts.isBinaryExpression(parent) && parent.right === current) return true;
      return false;
    }
  }

  private variableLeaves(name: ts.Identifier, depth: number, notInto: readonly CallMatcher[]): boolean {
    const symbol = this.engine.symbols.symbolAt(name);
    const fn = enclosingFunction(name) ?? name.getSourceFile();
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(node) && node !== name && node.text === name.text && this.engine.symbols.symbolAt(node) === symbol) {
        if (ts.isShorthandPropertyAssignment(node.parent) || !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
          if (this.leavesOutward(node, depth + 1, notInto)) found = true;
        }
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(fn);
    return found;
  }

  /** A call into the project's own code (not a package, not a global). */
  private isProjectCall(call: CallLike): boolean {
    if (ts.isCallExpression(call) && this.engine.calls.targetsOf(call).length > 0) return true;
    if (ts.isNewExpression(call) && this.engine.calls.isProjectClass(call)) return true;
    return false;
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

const TOOL_INVOKE_METHODS = new Set(['invoke', 'call', 'execute', 'run', 'stream', 'batch']);

/** A direct invocation of a tool the app built: its arguments reach the tool. */
const DIRECT_TOOL_CALL: SinkSpecBase = {
  id: 'direct-tool-invocation',
  kind: 'tool-argument',
  label: 'arguments of a direct tool invocation',
  framework: 'agent tool',
};

/** A function of a hand-written tool loop's dispatch table: a tool implementation without a framework. */
const DISPATCHED_TOOL: ToolFunctionSinkSpec = {
  id: 'tool-use-loop-function',
  kind: 'tool-implementation',
  label: 'a tool function of a hand-written tool-use loop',
  framework: 'tool-use loop',
  toolFunction: { of: { function: '$dispatch' }, arg: 0 },
};

/**
 * Sinks whose value leaves the process (another agent, an MCP server, the model): a whole
 * session object sent there carries its tokens along, read or not. In-process context
 * objects are field-sensitive instead: only the fields tools read count.
 */
const REMOTE_SINKS = new Set<SinkKind>(['subagent', 'mcp-client', 'prompt']);

/** `requests.push({ authorization })`, `logger.info(…)`: the object stays in this process, it is not a request. */
function keepsInProcess(call: CallLike): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !IN_PROCESS_METHODS.has(callee.name.text)) return false;
  // `logger.info` or `requests.push`, but not `client.set…` on an SDK that sends: only plain receivers.
  const receiver = unwrap(callee.expression);
  return ts.isIdentifier(receiver) || (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword);
}

