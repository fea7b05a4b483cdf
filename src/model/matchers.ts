/**
 * Evaluates the pack vocabulary (call matchers, chain patterns, value paths)
 * against syntax, with the API resolver for package-qualified names.
 */
import ts from 'typescript';
import type { ApiRef, CallMatcher } from './pack.js';
import { apiMatches, type ApiResolver } from './api.js';
import { calleeName, readChain, unwrap } from './syntax.js';

/** Names that make a value path segment "credential-like" (`$token` in packs). */
const CREDENTIAL_NAME =
  /(^|_|-|[a-z])(token|tokens|jwt|cookie|cookies|credential|credentials|bearer|authorization|secret|sid|assertion)s?$|^(access|id|refresh|session|auth|bearer|provider)_?token$/i;

/** Names that look credential-like but count things or page through lists. */
const NOT_CREDENTIAL_NAME =
  /(max|min|total|prompt|completion|input|output|num|count|used|remaining|limit|usage|next|page|cursor|continuation|csrf|xsrf|nonce|sync|reset|verification|invite|device|push|fcm|apns|cancellation|cancel|abort)_?(tokens?|token_?count)?$|^(tokens|max_?tokens|token_?count|token_?usage|token_?type|token_?endpoint|token_?url|tokenizer)$/i;

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name) && !NOT_CREDENTIAL_NAME.test(name);
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const regexCache = new Map<string, RegExp>();

/** '/body/flags' → RegExp (cached); extra flags are added to the written ones. */
export function regexOf(written: string, extraFlags = ''): RegExp {
  const key = `${written}\u0000${extraFlags}`;
  let re = regexCache.get(key);
  if (!re) {
    const end = written.lastIndexOf('/');
    const flags = [...new Set(written.slice(end + 1) + extraFlags)].join('');
    re = new RegExp(written.slice(1, end), flags);
    regexCache.set(key, re);
  }
  return re;
}

function nameMatches(actual: string, wanted: string): boolean {
  if (wanted.startsWith('/') && wanted.lastIndexOf('/') > 0) return regexOf(wanted).test(actual);
  return actual === wanted;
}

function literalMatches(expr: ts.Expression | undefined, wanted: string[], constant?: (e: ts.Expression) => string | undefined): boolean {
  if (!expr) return false;
  const value = unwrap(expr);
  const literal = ts.isStringLiteralLike(value) ? value.text : constant?.(value);
  if (literal === undefined) return false;
  const text = literal.toLowerCase();
  return wanted.some((w) => (w.startsWith('/') ? regexOf(w, 'i').test(literal) : w.toLowerCase() === text));
}

export class CallMatching {
  private readonly parsed = new Map<ApiRef, string[]>();

  /** `const AUTH_HEADER = 'authorization'`: a string constant used as an argument reads as its value. */
  constant: ((expr: ts.Expression) => string | undefined) | undefined;

  constructor(private readonly api: ApiResolver) {}

  matches(call: ts.CallExpression | ts.NewExpression, m: CallMatcher): boolean {
    if (m.constructed && !ts.isNewExpression(call)) return false;
    if (m.external) {
      const value = this.api.resolve(call.expression);
      if (!value || value.module === '') return false;
    }
    if (m.args && !this.argsMatch(call, m.args)) return false;
    if (m.argsNot && Object.entries(m.argsNot).some(([index, values]) => literalMatches(call.arguments?.[Number(index)], values, this.constant))) return false;
    const refs = asArray(m.api);
    if (refs.length > 0) {
      const value = this.api.resolve(call.expression);
      if (value) return apiMatches(value, refs, this.parsed);
      if (!m.method && !m.function) return false;
    }
    return this.nameMatches(call, m);
  }

  private nameMatches(call: ts.CallExpression | ts.NewExpression, m: CallMatcher): boolean {
    const callee = unwrap(call.expression);
    if (m.function && ts.isIdentifier(callee)) {
      if (asArray(m.function).some((f) => nameMatches(callee.text, f))) return true;
    }
    if (m.method && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) {
      const { segments } = readChain(callee);
      const method = segments[segments.length - 1];
      if (!method || !asArray(m.method).some((name) => nameMatches(method, name))) return false;
      if (!m.receiver) return true;
      const receiver = m.receiver.startsWith('/') ? [m.receiver] : m.receiver.split('.');
      const before = segments.slice(0, -1);
      if (before.length < receiver.length) {
        // `ctx.cookies.get` has chain ['cookies', 'get']; the root identifier itself may be the receiver.
        const { root } = readChain(callee);
        const rootName = ts.isIdentifier(root) ? root.text : ts.isCallExpression(root) ? calleeName(root.expression) : undefined;
        const full = rootName ? [rootName, ...before] : before;
        return receiver.every((r, i) => nameMatches(full[full.length - receiver.length + i] ?? '', r));
      }
      return receiver.every((r, i) => nameMatches(before[before.length - receiver.length + i] ?? '', r));
    }
    return false;
  }

  private argsMatch(call: ts.CallExpression | ts.NewExpression, args: Record<string, string[]>): boolean {
    return Object.entries(args).every(([index, values]) => literalMatches(call.arguments?.[Number(index)], values, this.constant));
  }
}

/** Names a call could be indexed under, for a quick first filter before full matching. */
export function indexNames(m: CallMatcher): string[] | 'any' {
  const names = new Set<string>();
  for (const ref of asArray(m.api)) {
    // `defineFlow()` names the value a call returns: calls of it go by whatever local name it got.
    if (ref.path.endsWith('()')) return 'any';
    const segments = ref.path.split('.').map((s) => s.replace(/\(\)/g, '')).filter(Boolean);
    const last = segments[segments.length - 1];
    if (!last || last === '*') return 'any';
    names.add(last);
  }
  for (const f of [...asArray(m.method), ...asArray(m.function)]) {
    if (f.startsWith('/')) return 'any';
    names.add(f);
  }
  return names.size > 0 ? [...names] : 'any';
}

/**
 * Matches a pattern of segments against the tail of `actual`: '*' is one segment, '**' any
 * number, '$token' a credential-like name.
 */
export function tailMatches(actual: readonly string[], pattern: readonly string[]): boolean {
  const whole = actual[actual.length - 1] === WHOLE;
  const head = whole ? actual.slice(0, -1) : actual;
  // With WHOLE the pattern must still match at least one segment of the chain.
  for (let start = 0; start < head.length + (whole ? 0 : 1); start++) {
    if (matchFrom(head, start, pattern, 0, whole)) return true;
  }
  return false;
}

/**
 * A path segment that asks "does this value hold a credential anywhere inside?" rather
 * than "is it one?": a whole session object sent to another agent carries its tokens.
 */
export const WHOLE = '$whole';

/** The path without its trailing WHOLE, if any. */
export function withoutWhole(path: readonly string[]): readonly string[] {
  return path[path.length - 1] === WHOLE ? path.slice(0, -1) : path;
}

/** Matches the whole of `actual` against `pattern` (with a trailing WHOLE, `actual` may stop short of the pattern's end). */
export function fullMatches(actual: readonly string[], pattern: readonly string[]): boolean {
  const whole = actual[actual.length - 1] === WHOLE;
  return matchFrom(whole ? actual.slice(0, -1) : actual, 0, pattern, 0, whole);
}

function matchFrom(actual: readonly string[], i: number, pattern: readonly string[], j: number, prefixOk = false): boolean {
  if (i === actual.length && prefixOk) return true;
  if (j === pattern.length) return i === actual.length;
  const p = pattern[j]!;
  if (p === '**') {
    // "Holds a credential somewhere inside" must not let `**` swallow the fields actually read.
    const last = prefixOk ? i : actual.length;
    for (let k = i; k <= last; k++) if (matchFrom(actual, k, pattern, j + 1, prefixOk)) return true;
    return false;
  }
  if (i >= actual.length) return false;
  const a = actual[i]!;
  // An unknown key read last (`headers[k]`, a header-copy loop) may be any key, the credential's included.
  const unknownLastKey = a === '*' && i === actual.length - 1 && j === pattern.length - 1 && j > 0;
  const ok = p === '*' || unknownLastKey || (p === '$token' ? isCredentialName(a) : p.toLowerCase() === a.toLowerCase());
  return ok && matchFrom(actual, i + 1, pattern, j + 1, prefixOk);
}

export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('.');
}
