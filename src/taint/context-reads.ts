/**
 * Reading a credential back out of where a framework or a runtime keeps it for the app:
 * context channels (a tool's run context, `configurable`, `requestContext`, request-scoped
 * state, `this.props` of an MCP agent) and React state.
 */
import ts from 'typescript';
import type { ContextReaderSpec } from '../model/pack.js';
import { unwrap, type FunctionLike } from '../model/syntax.js';
import { describeFn } from './describe.js';
import type { TaintEngine } from './engine.js';
import { hasVendorKeyCheck } from './vendor-keys.js';
import { better, withStep, type Taint } from './types.js';

export class ContextReads {
  constructor(private readonly e: TaintEngine) {}

  /**
   * React state: `const [token, setToken] = useState(…)` holds whatever `setToken(v)` or
   * `promise.then(setToken)` put there.
   */
  reactState(element: ts.BindingElement, path: readonly string[]): Taint | undefined {
    const pattern = element.parent;
    if (!ts.isArrayBindingPattern(pattern) || pattern.elements.indexOf(element) !== 0) return undefined;
    const decl = pattern.parent;
    if (!ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
    const init = unwrap(decl.initializer);
    if (!ts.isCallExpression(init) || !/^(useState|useRef)$/.test(calleeNameOf(init))) return undefined;
    const setter = pattern.elements[1];
    if (!setter || ts.isOmittedExpression(setter) || !ts.isIdentifier(setter.name)) return undefined;
    const setterName = setter.name.text;
    const setterSymbol = this.e.symbols.symbolAt(setter.name);
    let best: Taint | undefined = init.arguments[0] ? this.e.taintOf(init.arguments[0], path, []) : undefined;
    for (const call of this.e.index.callsByName.get(setterName) ?? []) {
      const callee = unwrap(call.expression);
      const arg = call.arguments?.[0];
      if (!arg || !ts.isIdentifier(callee) || this.e.symbols.symbolAt(callee) !== setterSymbol || ts.isArrowFunction(unwrap(arg))) continue;
      best = better(best, withStep(this.e.taintOf(arg, path, []), call, `stored in React state \`${element.name.getText()}\``));
    }
    for (const use of this.e.index.argumentUses.get(setterName) ?? []) {
      const callee = unwrap(use.call.expression);
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'then' || use.index !== 0) continue;
      const arg = use.call.arguments?.[0];
      if (!arg || !ts.isIdentifier(arg) || this.e.symbols.symbolAt(arg) !== setterSymbol) continue;
      best = better(best, withStep(this.e.taintOf(callee.expression, path, []), use.call, `stored in React state \`${element.name.getText()}\``));
    }
    return best;
  }

  /** A framework context parameter (a tool's run context): what the app put into that context. */
  readContext(fn: FunctionLike, index: number, path: readonly string[], useNode: ts.Node): Taint | undefined {
    if (!this.e.channels) return undefined;
    let best: Taint | undefined;
    for (const reader of this.e.channels.readsOf(fn)) {
      if (reader.index !== index) continue;
      best = better(best, this.readChannel(reader, path, useNode, `the context (${reader.path || 'parameter'}) of \`${describeFn(fn)}\``));
    }
    return best;
  }

  /** Reads `path` (starting with the reader's own path) back out of a channel. */
  readChannel(reader: ContextReaderSpec, path: readonly string[], at: ts.Node, where: string): Taint | undefined {
    const prefix = reader.path ? reader.path.split('.') : [];
    if (path.length <= prefix.length || !prefix.every((p, i) => p === path[i])) return undefined;
    const [key, ...rest] = path.slice(prefix.length) as [string, ...string[]];
    let best: Taint | undefined;
    for (const entry of this.e.channels!.entriesFor(reader.channel, key)) {
      let found: Taint | undefined;
      if (entry.key === '*') found = this.e.taintOf(entry.value, [key, ...rest], []);
      else if (key === '*' || entry.key.toLowerCase() === key.toLowerCase()) found = this.e.taintOf(entry.value, rest, []);
      best = better(best, withStep(withStep(relabel(found, reader, entry.value, this.e), entry.node, 'put into the context'), at, `read back from ${where}`));
    }
    return best;
  }

}

function calleeNameOf(call: ts.CallExpression): string {
  const callee = unwrap(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : 'call';
}

/** Re-labels a credential read through a channel that says whose it is (an MCP server's inbound token). */
function relabel(taint: Taint | undefined, reader: ContextReaderSpec, value: ts.Expression, engine: TaintEngine): Taint | undefined {
  if (!taint || !reader.sourceKindAs) return taint;
  if (!['authorization-header', 'request-headers', 'cookie'].includes(taint.source.kind)) return taint;
  const vendorKey = hasVendorKeyCheck(value, engine);
  return {
    ...taint,
    source: {
      ...taint.source,
      kind: vendorKey ? 'api-key-header' : reader.sourceKindAs,
      label: vendorKey
        ? `${taint.source.label}, presented to this MCP server: a vendor API key (checked for its key prefix)`
        : `${taint.source.label}, presented to this MCP server by its client`,
    },
  };
}
