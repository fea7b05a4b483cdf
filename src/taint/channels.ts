/**
 * Framework-implicit propagation through context objects: what the app puts into a run's
 * context (`run(agent, input, { context })`, `invoke(input, { configurable })`,
 * `requestContext.set(k, v)`) is what a tool or callback of that framework reads back from
 * its context parameter. Writers are call sinks with a `channel`; readers are
 * `contextReaders` of the packs.
 */
import ts from 'typescript';
import type { CallSinkSpec, ContextReaderSpec, ContextWriterSpec } from '../model/pack.js';
import { apiMatches, type ApiResolver } from '../model/api.js';
import { asArray, splitPath, tailMatches, type CallMatching } from '../model/matchers.js';
import { readChain } from '../model/syntax.js';
import { propertyNameText, unwrap, type FunctionLike } from '../model/syntax.js';
import type { Symbols } from '../model/symbols.js';
import { keyOf } from './calls.js';
import { functionAt, matchingCalls } from './framework-functions.js';
import { returnedExpressions } from '../model/functions.js';
import type { ProgramIndex } from './program-index.js';

export interface ChannelEntry {
  /** The key the value was stored under; '*' when the stored value is an opaque object. */
  key: string;
  value: ts.Expression;
  /** Where it was put in (for the trace). */
  node: ts.Node;
}

export class Channels {
  private readonly entriesByChannel = new Map<string, ChannelEntry[]>();
  private readonly byKey = new Map<string, Map<string, ChannelEntry[]>>();

  private readonly fieldReaders: ContextReaderSpec[];
  private readonly chainReaders: ContextReaderSpec[];
  private readonly classCache = new Map<ts.ClassLikeDeclaration, ContextReaderSpec[]>();
  private readonly parsedApi = new Map();

  constructor(
    private readonly writers: readonly CallSinkSpec[],
    private readonly assignmentWriters: readonly ContextWriterSpec[],
    readonly readers: Map<FunctionLike, ContextReaderSpec[]>,
    allReaders: readonly ContextReaderSpec[],
    private readonly index: ProgramIndex,
    private readonly calls: CallMatching,
    private readonly symbols: Symbols,
    private readonly api: ApiResolver,
  ) {
    this.fieldReaders = allReaders.filter((r) => r.thisField);
    this.chainReaders = allReaders.filter((r) => r.chain);
  }

  /** Readers of a request-scoped chain (`ctx.state`) matching the start of `[root, ...path]`, with the rest of the path. */
  chainReadsOf(chain: readonly string[]): Array<{ reader: ContextReaderSpec; rest: string[] }> {
    const out: Array<{ reader: ContextReaderSpec; rest: string[] }> = [];
    for (const reader of this.chainReaders) {
      const pattern = splitPath(reader.chain!);
      if (chain.length > pattern.length && pattern.every((p, i) => p === chain[i])) out.push({ reader, rest: chain.slice(pattern.length) });
    }
    return out;
  }

  /** Readers of `this.<field>` in a class that extends a framework class (`this.props` of an McpAgent). */
  fieldReadsOf(cls: ts.ClassLikeDeclaration, field: string): ContextReaderSpec[] {
    if (this.fieldReaders.length === 0) return [];
    let specs = this.classCache.get(cls);
    if (!specs) {
      specs = this.fieldReaders.filter((r) =>
        (cls.heritageClauses ?? []).some((clause) =>
          clause.types.some((type) => {
            const value = this.api.resolve(type.expression);
            return value !== undefined && apiMatches(value, asArray(r.thisField!.classExtends), this.parsedApi);
          }),
        ),
      );
      this.classCache.set(cls, specs);
    }
    return specs.filter((r) => r.thisField!.field === field);
  }

  readsOf(fn: FunctionLike): ContextReaderSpec[] {
    return this.readers.get(fn) ?? [];
  }

  entries(channel: string): ChannelEntry[] {
    let entries = this.entriesByChannel.get(channel);
    if (!entries) {
      entries = this.collect(channel);
      this.entriesByChannel.set(channel, entries);
    }
    return entries;
  }

  /** The entries stored under `key` (case-insensitive), plus opaque ones; every entry for key '*'. */
  entriesFor(channel: string, key: string): ChannelEntry[] {
    if (key === '*') return this.entries(channel);
    let byKey = this.byKey.get(channel);
    if (!byKey) {
      byKey = new Map();
      for (const entry of this.entries(channel)) {
        const k = entry.key.toLowerCase();
        byKey.set(k, [...(byKey.get(k) ?? []), entry]);
      }
      this.byKey.set(channel, byKey);
    }
    return [...(byKey.get(key.toLowerCase()) ?? []), ...(byKey.get('*') ?? [])];
  }

  private collect(channel: string): ChannelEntry[] {
    const out: ChannelEntry[] = [];
    for (const spec of this.assignmentWriters) {
      if (spec.channel !== channel) continue;
      if (spec.returnOf) {
        for (const call of matchingCalls(this.index, spec.returnOf.of, this.calls)) {
          const fn = functionAt(call, spec.returnOf.arg, spec.returnOf.property, this.symbols);
          for (const returned of fn ? returnedExpressions(fn) : []) out.push(...this.entriesOf(returned));
        }
        continue;
      }
      if (spec.call && spec.keyArg !== undefined && spec.valueArg !== undefined) {
        for (const call of matchingCalls(this.index, spec.call, this.calls)) {
          const value = call.arguments?.[spec.valueArg];
          if (value) out.push({ key: keyOf(call.arguments?.[spec.keyArg], this.symbols), value, node: call });
        }
        continue;
      }
      if (!spec.assignment) continue;
      const pattern = splitPath(spec.assignment.chain);
      for (const assignments of this.index.assignmentsByRoot.values()) {
        for (const a of assignments) {
          const { root, segments } = readChain(a.left);
          const chain = [ts.isIdentifier(root) ? root.text : '', ...segments];
          if (tailMatches(chain, pattern)) out.push(...this.entriesOf(a.right));
          else if (segments.length > 1 && tailMatches(chain.slice(0, -1), pattern)) {
            out.push({ key: segments[segments.length - 1]!, value: a.right, node: a });
          }
        }
      }
    }
    for (const spec of this.writers) {
      if (spec.channel !== channel) continue;
      for (const call of matchingCalls(this.index, spec.call, this.calls)) {
        const args = call.arguments ?? [];
        const arg = spec.arg === 'last' ? args[args.length - 1] : args[spec.arg];
        if (!arg) continue;
        if (spec.keyArg !== undefined) {
          out.push({ key: keyOf(args[spec.keyArg], this.symbols), value: arg, node: call });
          continue;
        }
        for (const path of spec.paths ?? ['']) {
          for (const value of this.valuesAt(arg, path ? path.split('.') : [], 0)) out.push(...this.entriesOf(value));
        }
      }
    }
    return out;
  }

  /** The object (or opaque value) at `path` inside an argument, through literals and constants. */
  private valuesAt(expr: ts.Expression, path: string[], depth: number): ts.Expression[] {
    const value = this.literalOf(expr, depth);
    if (path.length === 0) return [expr];
    if (!value || !ts.isObjectLiteralExpression(value)) return [];
    const [key, ...rest] = path as [string, ...string[]];
    const out: ts.Expression[] = [];
    for (const prop of value.properties) {
      const name = propertyNameText(prop.name);
      if (key !== '*' && name !== key) continue;
      if (ts.isPropertyAssignment(prop)) out.push(...this.valuesAt(prop.initializer, rest, depth + 1));
      else if (ts.isShorthandPropertyAssignment(prop)) out.push(...this.valuesAt(prop.name, rest, depth + 1));
    }
    return out;
  }

  private entriesOf(expr: ts.Expression): ChannelEntry[] {
    const value = this.literalOf(expr, 0);
    if (!value || !ts.isObjectLiteralExpression(value)) return [{ key: '*', value: expr, node: expr }];
    const out: ChannelEntry[] = [];
    for (const prop of value.properties) {
      if (ts.isSpreadAssignment(prop)) out.push({ key: '*', value: prop.expression, node: prop });
      else if (ts.isPropertyAssignment(prop)) out.push({ key: propertyNameText(prop.name) ?? '*', value: prop.initializer, node: prop });
      else if (ts.isShorthandPropertyAssignment(prop)) out.push({ key: prop.name.text, value: prop.name, node: prop });
    }
    return out;
  }

  /** An object literal written directly, or held by a constant. */
  private literalOf(expr: ts.Expression, depth: number): ts.Expression | undefined {
    const value = unwrap(expr);
    if (ts.isIdentifier(value) && depth < 3) {
      const decl = this.symbols.declarationOf(value);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return this.literalOf(decl.initializer, depth + 1);
    }
    return value;
  }
}
