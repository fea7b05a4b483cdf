/**
 * Functions a framework calls for the app: tool implementations, graph steps, handoff
 * callbacks, context readers (an instructions callback, a tool reading its run context).
 * Found as an argument (or a property of an options argument) of a matched call, or as a
 * method of a class that extends a framework class.
 */
import ts from 'typescript';
import type { CallMatcher, ContextReaderSpec, ToolFunctionSinkSpec, ToolMethodSinkSpec } from '../model/pack.js';
import { apiMatches, type ApiResolver } from '../model/api.js';
import { asArray, indexNames, type CallMatching } from '../model/matchers.js';
import { functionOfDeclaration } from '../model/functions.js';
import { isFunctionLike, propertyNameText, unwrap, type FunctionLike } from '../model/syntax.js';
import type { Symbols } from '../model/symbols.js';
import type { CallLike, ProgramIndex } from './program-index.js';

export interface ToolFn {
  fn: FunctionLike;
  spec: ToolFunctionSinkSpec | ToolMethodSinkSpec;
  /** The call that built the tool (`tool({ execute })`), when there is one. */
  factory?: CallLike;
}

/** The function at argument `arg` (then `property` of an options object) of a call. */
export function functionAt(call: CallLike, arg: number | 'last', property: string | undefined, symbols: Symbols): FunctionLike | undefined {
  const args = call.arguments ?? [];
  let value: ts.Expression | undefined = arg === 'last' ? args[args.length - 1] : args[arg];
  if (!value) return undefined;
  value = unwrap(value);
  if (property) {
    if (ts.isIdentifier(value)) {
      const decl = symbols.declarationOf(value);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer) value = unwrap(decl.initializer);
    }
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
    const decl = symbols.declarationOf(value);
    const fn = decl ? functionOfDeclaration(decl) : undefined;
    return fn && fn.body ? fn : undefined;
  }
  return undefined;
}

/** Calls matching `of`, by name first (cheap), then by the full matcher. */
export function* matchingCalls(index: ProgramIndex, of: CallMatcher, calls: CallMatching): Generator<CallLike> {
  const names = indexNames(of);
  if (names === 'any' && !packageMentioned(index, of)) return;
  const all = of.constructed ? index.constructions : index.calls;
  const candidates = names === 'any' ? all : names.flatMap((n) => index.callsByName.get(n) ?? []);
  const seen = new Set<CallLike>();
  for (const call of candidates) {
    if (seen.has(call)) continue;
    seen.add(call);
    if (calls.matches(call, of)) yield call;
  }
}

/**
 * An API-only matcher that cannot be indexed by name (`genkit().defineFlow()` is called under
 * any local name) is only worth testing on every call when some file names its package.
 */
function packageMentioned(index: ProgramIndex, of: CallMatcher): boolean {
  if (of.method || of.function) return true;
  const packages = asArray(of.api).flatMap((ref) => asArray(ref.from));
  return packages.length === 0 || packages.some((p) => index.mentions(`'${p}`) || index.mentions(`"${p}`));
}

export function findToolFunctions(
  specs: ReadonlyArray<ToolFunctionSinkSpec | ToolMethodSinkSpec>,
  index: ProgramIndex,
  calls: CallMatching,
  api: ApiResolver,
  symbols: Symbols,
): ToolFn[] {
  const out: ToolFn[] = [];
  const parsed = new Map();
  for (const spec of specs) {
    if ('toolFunction' in spec) {
      for (const call of matchingCalls(index, spec.toolFunction.of, calls)) {
        const fn = functionAt(call, spec.toolFunction.arg, spec.toolFunction.property, symbols);
        if (fn) out.push({ fn, spec, factory: call });
      }
      continue;
    }
    for (const cls of index.classes) {
      const extendsApi = (cls.heritageClauses ?? []).some(
        (clause) =>
          clause.token === ts.SyntaxKind.ExtendsKeyword &&
          clause.types.some((type) => {
            const value = api.resolve(type.expression);
            return value !== undefined && apiMatches(value, asArray(spec.toolMethod.extends), parsed);
          }),
      );
      if (!extendsApi) continue;
      for (const member of cls.members) {
        if (ts.isMethodDeclaration(member) && member.body && spec.toolMethod.methods.includes(propertyNameText(member.name) ?? '')) {
          out.push({ fn: member, spec });
        }
      }
    }
  }
  return out;
}

/** For every function a context reader spec matches: which channel its parameter reads, at which path. */
export function findContextReaders(
  specs: readonly ContextReaderSpec[],
  index: ProgramIndex,
  calls: CallMatching,
  symbols: Symbols,
): Map<FunctionLike, ContextReaderSpec[]> {
  const out = new Map<FunctionLike, ContextReaderSpec[]>();
  for (const spec of specs) {
    const where = spec.function;
    if (!where) continue;
    for (const call of matchingCalls(index, where.of, calls)) {
      const fn = functionAt(call, where.arg, where.property, symbols);
      if (fn) out.set(fn, [...(out.get(fn) ?? []), spec]);
    }
  }
  return out;
}

