/**
 * "A token obtained by exchange stays delegated after it is stored in a cookie or a
 * session and read back" (SPEC.md). A cookie or session field is not a user credential
 * when every place the app writes it stores a delegated value (the result of a
 * token exchange, on-behalf-of grant or token vault).
 */
import ts from 'typescript';
import { returnedExpressions } from '../model/functions.js';
import { calleeName, readChain, unwrap } from '../model/syntax.js';
import { bindingPath } from '../model/api.js';
import type { TaintEngine } from './engine.js';
import { keyOf } from './calls.js';
import type { SourceHit } from './types.js';

const COOKIE_WRITERS = new Set(['set', 'cookie', 'setCookie', 'setSignedCookie']);

export class DelegatedStores {
  private readonly cache = new Map<string, boolean>();

  constructor(private readonly engine: TaintEngine) {}

  /** False when the source reads a store slot that the app only ever fills with delegated tokens. */
  stillCredential(source: SourceHit): boolean {
    const slot = this.slotOf(source);
    if (!slot) return true;
    let delegated = this.cache.get(slot.id);
    if (delegated === undefined) {
      const writes = slot.kind === 'cookie' ? this.cookieWrites(slot.key) : this.sessionWrites(slot.key);
      delegated = writes.length > 0 && writes.every((w) => this.isDelegated(w, 0));
      this.cache.set(slot.id, delegated);
    }
    return !delegated;
  }

  private slotOf(source: SourceHit): { kind: 'cookie' | 'session'; key: string; id: string } | undefined {
    const node = source.node;
    if (source.kind === 'cookie' && (ts.isCallExpression(node) || ts.isNewExpression(node))) {
      const name = calleeName(node.expression);
      const keyArg = name === 'getCookie' || name === 'getSignedCookie' ? node.arguments?.[name === 'getSignedCookie' ? 2 : 1] : node.arguments?.[0];
      const key = keyOf(keyArg, this.engine.symbols);
      return key === '*' ? undefined : { kind: 'cookie', key, id: `cookie:${key}` };
    }
    if (source.kind === 'session-token' && ts.isExpression(node)) {
      const { segments } = readChain(node);
      const at = segments.lastIndexOf('session');
      const key = at >= 0 ? segments[at + 1] : undefined;
      return key ? { kind: 'session', key, id: `session:${key}` } : undefined;
    }
    return undefined;
  }

  private cookieWrites(key: string): ts.Expression[] {
    const out: ts.Expression[] = [];
    for (const call of this.engine.index.calls) {
      const name = calleeName(call.expression);
      if (!name || !COOKIE_WRITERS.has(name)) continue;
      const args = call.arguments ?? [];
      const hono = name === 'setCookie' || name === 'setSignedCookie';
      const [keyArg, valueArg] = hono ? [args[1], args[2]] : [args[0], args[1]];
      if (!valueArg || keyOf(keyArg, this.engine.symbols) !== key) continue;
      // `jar.set(name, v)` is a cookie jar only when the jar came from cookies() or is named so.
      if (name === 'set' && !/cookie|jar/i.test(unwrap(call.expression).getText())) continue;
      out.push(valueArg);
    }
    return out;
  }

  private sessionWrites(key: string): ts.Expression[] {
    const out: ts.Expression[] = [];
    for (const assignments of this.engine.index.assignmentsByRoot.values()) {
      for (const a of assignments) {
        const { segments } = readChain(a.left);
        const at = segments.lastIndexOf('session');
        if (at >= 0 && segments[at + 1] === key && segments.length === at + 2) out.push(a.right);
      }
    }
    return out;
  }

  /** Was this value produced by a sanitizer (directly, through variables, awaits, fields of its result, or a helper's return)? */
  isDelegated(expr: ts.Expression, depth: number): boolean {
    if (depth > 8) return false;
    const value = unwrap(expr);
    const e = this.engine;
    if (ts.isCallExpression(value) || ts.isNewExpression(value)) {
      if (e.policy.isSanitizer(value)) return true;
      if (ts.isCallExpression(value)) {
        const targets = e.calls.targetsOf(value);
        if (targets.length > 0) return targets.every((fn) => returnedExpressions(fn).length > 0 && returnedExpressions(fn).every((r) => this.isDelegated(r, depth + 1)));
        // `res.json()` of a delegated response.
        const callee = unwrap(value.expression);
        if (ts.isPropertyAccessExpression(callee)) return this.isDelegated(callee.expression, depth + 1);
      }
      return false;
    }
    if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) return this.isDelegated(value.expression, depth + 1);
    if (ts.isIdentifier(value)) {
      const decl = e.symbols.declarationOf(value);
      if (!decl) return false;
      if (ts.isVariableDeclaration(decl) && decl.initializer) return this.isDelegated(decl.initializer, depth + 1);
      if (ts.isBindingElement(decl)) {
        const { root } = bindingPath(decl);
        return Boolean(root && ts.isVariableDeclaration(root) && root.initializer && this.isDelegated(root.initializer, depth + 1));
      }
      return false;
    }
    return false;
  }
}
