/**
 * Source recognition: which expressions (with an access path still to be read from
 * them) are a user's credential, according to the packs.
 */
import ts from 'typescript';
import type { CallSourceSpec, ChainSourceSpec, ParamSourceSpec, SourceSpec } from '../model/pack.js';
import { asArray, fullMatches, indexNames, splitPath, tailMatches, WHOLE, withoutWhole, type CallMatching } from '../model/matchers.js';
import { propertyNameText, unwrap, type FunctionLike } from '../model/syntax.js';
import type { Confidence } from '../report/finding.js';
import type { SourceHit } from './types.js';

/** Parameter names that say "a user's credential" on their own (the heuristic source of SPEC.md). */
const HEURISTIC_PARAM =
  /^(?:(?:user|users|session|sso|oauth|oidc|bearer|auth|provider|caller|end_?user|customer|id|access|refresh|delegated_?user)_?)+(?:access_?|id_?|refresh_?)?(?:token|jwt)$|^(?:session|auth|user)_?cookie$|^(?:authorization|auth_?header|bearer_?header)$/i;

export function isHeuristicCredentialName(name: string): boolean {
  return HEURISTIC_PARAM.test(name);
}

/** More specific matchers first: a package API, then a longer receiver chain, then a bare name. */
function bySpecificity(a: CallSourceSpec, b: CallSourceSpec): number {
  const score = (s: CallSourceSpec): number => (s.call.api ? 100 : 0) + (s.call.receiver?.split('.').length ?? 0) * 10 + (s.call.args ? 1 : 0);
  return score(b) - score(a);
}

function hit(spec: SourceSpec, node: ts.Node, confidence?: Confidence): SourceHit {
  return { id: spec.id, kind: spec.kind, label: spec.label, confidence: confidence ?? spec.confidence ?? 'high', node };
}

export class SourceMatcher {
  private readonly chainSpecs: Array<{ spec: ChainSourceSpec; patterns: string[][]; last?: RegExp; notLast?: RegExp }> = [];
  private readonly callSpecs = new Map<string, CallSourceSpec[]>();
  private readonly anyCallSpecs: CallSourceSpec[] = [];
  private readonly paramSpecs: ParamSourceSpec[] = [];

  constructor(
    specs: readonly SourceSpec[],
    private readonly calls: CallMatching,
  ) {
    for (const spec of specs) {
      if ('chain' in spec) {
        const last = spec.lastSegment ? new RegExp(spec.lastSegment, 'i') : undefined;
        const notLast = spec.lastSegmentNot ? new RegExp(spec.lastSegmentNot, 'i') : undefined;
        this.chainSpecs.push({ spec, patterns: asArray(spec.chain).map(splitPath), ...(last ? { last } : {}), ...(notLast ? { notLast } : {}) });
      } else if ('call' in spec) {
        const names = indexNames(spec.call);
        if (names === 'any') this.anyCallSpecs.push(spec);
        else for (const n of names) this.callSpecs.set(n, [...(this.callSpecs.get(n) ?? []), spec].sort(bySpecificity));
      } else {
        this.paramSpecs.push(spec);
      }
    }
  }

  /** An access chain (root name first, when known) that ends in a credential. */
  matchChain(allSegments: readonly string[], node: ts.Node): SourceHit | undefined {
    // A chain names where a credential sits; "a session object holds one somewhere" is too weak a guess.
    const segments = withoutWhole(allSegments);
    for (const { spec, patterns, last, notLast } of this.chainSpecs) {
      if (last && !last.test(segments[segments.length - 1] ?? '')) continue;
      if (notLast && notLast.test(segments[segments.length - 1] ?? '')) continue;
      if (patterns.some((p) => tailMatches(segments, p))) return hit(spec, node);
    }
    return undefined;
  }

  /** A call whose (awaited) result holds a credential at `path`. */
  matchCall(call: ts.CallExpression | ts.NewExpression, name: string | undefined, path: readonly string[]): SourceHit | undefined {
    const candidates = [...(name ? this.callSpecs.get(name) ?? [] : []), ...this.anyCallSpecs];
    const whole = path[path.length - 1] === WHOLE;
    for (const spec of candidates) {
      const returns = spec.returns ?? [''];
      if (!returns.some((r) => fullMatches(path, splitPath(r)))) continue;
      if (!this.calls.matches(call, spec.call)) continue;
      const exact = !whole || returns.some((r) => fullMatches(path.slice(0, -1), splitPath(r)));
      return exact ? hit(spec, call) : { ...hit(spec, call), label: `${spec.label}, inside the whole object that holds it` };
    }
    return undefined;
  }

  /** A parameter of a framework callback that receives a credential (MCP `extra`, Passport verify, NextAuth callbacks). */
  matchParam(fn: FunctionLike, index: number, path: readonly string[], node: ts.Node): SourceHit | undefined {
    for (const spec of this.paramSpecs) {
      const { param } = spec;
      if (param.index === 'last' ? index !== fn.parameters.length - 1 : !asArray(param.index).includes(index)) continue;
      if (!param.paths.some((p) => fullMatches(path, splitPath(p)))) continue;
      const text = paramText(fn, index, path);
      if (param.objectMethod && isObjectMethodAt(fn, param.objectMethod)) return { ...hit(spec, node), text, viaParameter: true };
      if (param.of && param.callback !== undefined) {
        const call = callbackSite(fn, param.callback);
        if (param.input && index === 0 && call && registrationTakesInput(call, fn, param.input)) continue;
        if (call && this.calls.matches(call, param.of)) return { ...hit(spec, node), text, viaParameter: true };
      }
    }
    return undefined;
  }

  /** The heuristic: a parameter (or a field of it) named like a user credential, with no visible origin. */
  matchHeuristic(rootName: string, path: readonly string[], node: ts.Node): SourceHit | undefined {
    const core = withoutWhole(path);
    const name = core.length > 0 ? core[core.length - 1]! : rootName;
    if (!isHeuristicCredentialName(name)) return undefined;
    // A field of an options object named `authorization` is as often a config switch as a token.
    if (core.length > 0 && !/(token|jwt)$/i.test(name)) return undefined;
    return {
      id: 'heuristic-credential-name',
      kind: 'heuristic-name',
      label: `named like a user credential (\`${name}\`), origin not visible`,
      confidence: 'low',
      node,
    };
  }
}

/** `extra.authInfo.token`: the parameter's name and the path read from it. */
function paramText(fn: FunctionLike, index: number, path: readonly string[]): string {
  const param = fn.parameters[index];
  const name = param && ts.isIdentifier(param.name) ? param.name.text : `(parameter ${index + 1})`;
  return [name, ...path.filter((p) => p !== WHOLE)].join('.');
}

/** The call a function is passed to as the callback at `position` ('last', N, or 'N.prop.path'). */
export function callbackSite(fn: ts.Node, position: number | string): ts.CallExpression | ts.NewExpression | undefined {
  const [argPart, ...props] = String(position).split('.');
  let node: ts.Node = fn;
  // Walk up through the object literal properties named in 'N.prop.path'.
  for (let i = props.length - 1; i >= 0; i--) {
    const parent = node.parent;
    const owner = ts.isPropertyAssignment(parent) ? parent : ts.isMethodDeclaration(node) ? node : undefined;
    if (!owner || propertyNameText(owner.name) !== props[i]) return undefined;
    node = owner.parent;
    if (!ts.isObjectLiteralExpression(node)) return undefined;
  }
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent))) {
    node = parent;
    parent = parent.parent;
  }
  if (!parent || !(ts.isCallExpression(parent) || ts.isNewExpression(parent))) return undefined;
  const args = parent.arguments ?? ts.factory.createNodeArray();
  const index = args.findIndex((a) => unwrap(a) === node || a === node);
  if (index < 0) return undefined;
  if (argPart === 'last' ? index !== args.length - 1 : index !== Number(argPart)) return undefined;
  return parent;
}

/**
 * `registerTool(name, { inputSchema }, (args) => …)`, `tool(name, schema, (args) => …)`,
 * `setRequestHandler(Schema, (request) => …)`: the registration passes an input, so the
 * callback's first parameter is that input, not the context that follows it.
 */
function registrationTakesInput(call: ts.CallExpression | ts.NewExpression, fn: ts.Node, input: { schemaKeys: string[]; optionKeys: string[] }): boolean {
  const args = [...(call.arguments ?? [])];
  const at = args.findIndex((a) => unwrap(a) === fn || a === fn);
  for (const arg of args.slice(1, at < 0 ? args.length : at)) {
    const value = unwrap(arg);
    if (ts.isStringLiteralLike(value) || ts.isTemplateExpression(value)) continue;
    // `{ description, inputSchema }` is an options object: input only when it names a schema.
    // `{ text: z.string() }` (a raw schema shape) and anything we cannot read count as input.
    if (ts.isObjectLiteralExpression(value)) {
      const names = value.properties.map((p) => (p.name ? propertyNameText(p.name) ?? '' : ''));
      if (names.some((n) => input.schemaKeys.includes(n))) return true;
      if (names.some((n) => input.optionKeys.includes(n))) continue;
    }
    return true;
  }
  return false;
}

/** Is `fn` the method at `path` (e.g. 'callbacks.jwt') of an object literal? */
function isObjectMethodAt(fn: ts.Node, path: string): boolean {
  const names = path.split('.');
  let node: ts.Node = fn;
  for (let i = names.length - 1; i >= 0; i--) {
    const owner = ts.isMethodDeclaration(node) ? node : ts.isPropertyAssignment(node.parent) ? node.parent : undefined;
    if (!owner || propertyNameText(owner.name) !== names[i]) return false;
    node = owner.parent;
    if (!ts.isObjectLiteralExpression(node)) return false;
  }
  return true;
}
