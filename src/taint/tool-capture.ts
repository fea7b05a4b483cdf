/**
 * What a tool implementation takes from outside itself: every identifier inside it that
 * refers to a variable or parameter declared outside (a closure, a factory parameter, a
 * module-level Map, `this.field` of a tool class). The first such use that holds a
 * credential is where the finding goes (SPEC.md), even a guard; a credential that is only
 * tested for presence is not handed to the agent.
 */
import ts from 'typescript';
import { contains, isFunctionLike, unwrap, type FunctionLike } from '../model/syntax.js';
import type { TaintEngine } from './engine.js';
import { stepsOf, withStep, type Taint } from './types.js';
import { CONTAINER_READS } from './program-index.js';

export interface CapturedUse {
  node: ts.Expression;
  taint: Taint;
}

export function firstCapturedCredential(fn: FunctionLike, engine: TaintEngine): CapturedUse | undefined {
  const uses: Array<{ node: ts.Expression; presenceOnly: boolean; taint: Taint }> = [];
  const seenRoots = new Set<string>();
  const locals = localNames(fn);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) {
      // A name declared inside the tool is (almost always) its own local: skip the checker.
      const use = ts.isIdentifier(node) && locals.has(node.text) ? undefined : capturedUse(node as ts.Expression, fn, engine);
      if (use) {
        const key = `${use.getStart()}:${use.getEnd()}`;
        if (!seenRoots.has(key)) {
          seenRoots.add(key);
          engine.beginQuery();
          const taint = engine.deepTaint(use)?.taint ?? fieldTaint(use, fn, engine) ?? clientInstanceTaint(node as ts.Expression, engine);
          if (taint) uses.push({ node: use, presenceOnly: isPresenceTest(use) || onlyDigestedBy(use, engine), taint });
        }
      }
      return;
    }
    if (ts.isTypeNode(node)) return;
    if (ts.isCallExpression(node) && !seenRoots.has(`${node.getStart()}:${node.getEnd()}`)) {
      const use = helperCallUse(node, fn, engine);
      if (use) {
        seenRoots.add(`${use.node.getStart()}:${use.node.getEnd()}`);
        uses.push({ node: use.node, presenceOnly: isPresenceTest(use.node), taint: use.taint });
      }
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  for (const p of fn.parameters) if (p.initializer) visit(p.initializer);
  if (!uses.some((u) => !u.presenceOnly)) return undefined;
  uses.sort((a, b) => a.node.getStart() - b.node.getStart());
  const first = uses[0]!;
  return { node: first.node, taint: first.taint };
}

/**
 * A call of a project helper declared outside the tool that hands back module state
 * (`driveTokenFor(userId)` reading a Map, `currentScope()` reading AsyncLocalStorage).
 */
function helperCallUse(call: ts.CallExpression, fn: FunctionLike, engine: TaintEngine): { node: ts.Expression; taint: Taint } | undefined {
  // A call whose result is thrown away (`touch(id);`) hands the tool nothing.
  let outer: ts.Node = call;
  while (ts.isAwaitExpression(outer.parent) || ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  if (ts.isExpressionStatement(outer.parent)) return undefined;
  const targets = engine.calls.targetsOf(call);
  if (targets.length === 0 || targets.some((t) => contains(fn, t))) return undefined;
  const use = chainTop(call);
  engine.beginQuery();
  const parent = use.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === use && ts.isObjectBindingPattern(parent.name)) {
    // `const { bearer, requestId } = currentScope()`: the fields read are what counts.
    for (const element of parent.name.elements) {
      const key = (element.propertyName ?? element.name).getText();
      const taint = engine.taintOf(use, [key]);
      if (taint) return { node: use, taint };
    }
    return undefined;
  }
  const taint = engine.deepTaint(use)?.taint;
  return taint ? { node: use, taint } : undefined;
}

/** If `node` refers to something declared outside `fn`, the whole expression that reads it. */
function capturedUse(node: ts.Expression, fn: FunctionLike, engine: TaintEngine): ts.Expression | undefined {
  const parent = node.parent;
  if (ts.isIdentifier(node)) {
    if (!isValueReference(node)) return undefined;
    const symbol = engine.symbols.symbolAt(node);
    if (!symbol || engine.symbols.packageImportOf(symbol)) return undefined;
    const decl = symbol.declarations?.[0];
    if (!decl || decl.getSourceFile().isDeclarationFile || contains(fn, decl)) return undefined;
    if (!(ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isBindingElement(decl))) return undefined;
    if (ts.isVariableDeclaration(decl) && decl.initializer && (isFunctionLike(decl.initializer) || ts.isClassExpression(decl.initializer))) return undefined;
  } else if (!(ts.isPropertyAccessExpression(parent) && parent.expression === node)) {
    // `this` alone is the tool object itself; only its fields can carry something in.
    return undefined;
  }
  return chainTop(node);
}

/** Climbs `a.b['c']`, `m.get(k)` and `store.getStore()` to the outermost read of the captured value. */
function chainTop(node: ts.Expression): ts.Expression {
  let current: ts.Expression = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === current) {
      const grand = parent.parent;
      if (ts.isPropertyAccessExpression(parent) && CONTAINER_READS.has(parent.name.text) && ts.isCallExpression(grand) && grand.expression === parent) {
        current = grand;
        continue;
      }
      if (ts.isCallExpression(grand) && grand.expression === parent) return current;
      current = parent;
      continue;
    }
    if ((ts.isNonNullExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)) && parent.expression === current) {
      current = parent;
      continue;
    }
    return current;
  }
}

function isValueReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isQualifiedName(parent)) return false;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isBindingElement(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isClassLike(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isImportSpecifier(parent) ||
      ts.isLabeledStatement(parent) ||
      ts.isJsxAttribute(parent)) &&
    (parent as { name?: ts.Node }).name === id
  ) {
    return false;
  }
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  return true;
}

/** `!token`, `if (token)`, `token ? a : b` (the test), `token === x`, `typeof token`, `Boolean(token)`. */
export function isPresenceTest(expr: ts.Expression): boolean {
  let node: ts.Node = expr;
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent))) {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isTypeOfExpression(parent)) return true;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === node) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === node) return true;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    if (
      op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      op === ts.SyntaxKind.EqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsToken
    ) {
      return true;
    }
    if ((op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) && parent.left === node) {
      return isConditionContext(parent);
    }
  }
  if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'Boolean') return true;
  // Hashing or comparing in constant time keeps the value inside the tool: nothing is forwarded.
  if (ts.isCallExpression(parent) && isDigest(parent)) return true;
  return false;
}

function isConditionContext(expr: ts.Expression): boolean {
  const parent = expr.parent;
  if (!parent) return false;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === expr) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === expr) return true;
  if (ts.isPrefixUnaryExpression(parent)) return true;
  if (ts.isParenthesizedExpression(parent)) return isConditionContext(parent);
  return false;
}

/** Names declared inside a function (its parameters and every declaration in its body). */
function localNames(fn: FunctionLike): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node)) addBinding(node.name);
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  for (const p of fn.parameters) addBinding(p.name);
  if (fn.body) visit(fn.body);
  return names;
}

/**
 * A credential the tool obtains itself (`const session = await auth0.getSession()` inside
 * `execute`): reported at its first use inside the tool. Values read back from the tool's
 * context are not counted here: they are reported where they were put in.
 */
export function firstLocalCredential(fn: FunctionLike, engine: TaintEngine): CapturedUse | undefined {
  let found: CapturedUse | undefined;
  const visit = (node: ts.Node): void => {
    if (found || ts.isTypeNode(node)) return;
    const candidate =
      (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && !isAccessReceiver(node)
        ? node
        : ts.isCallExpression(node) && !isAccessReceiver(node)
          ? node
          : undefined;
    if (candidate) {
      engine.beginQuery();
      const taint = engine.taintOf(candidate, []);
      if (
        taint &&
        contains(fn, taint.source.node) &&
        taint.source.kind !== 'heuristic-name' &&
        !taint.source.viaParameter &&
        !rootedAtParameterOf(candidate, fn) &&
        !stepsOf(taint.steps).some((s) => s.label.startsWith('read back from')) &&
        !isPresenceTest(candidate)
      ) {
        found = { node: candidate, taint };
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/** `a.b` inside `a.b.c` or `a.b()`: only the outermost read is a use. */
function isAccessReceiver(node: ts.Expression): boolean {
  const parent = node.parent;
  return (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node;
}

/** `input.token`, `ctx.headers.authorization`: read from what the framework passed the tool, not obtained by it. */
function rootedAtParameterOf(expr: ts.Expression, fn: FunctionLike): boolean {
  let root: ts.Expression = expr;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isCallExpression(root) || ts.isNonNullExpression(root)) {
    root = root.expression;
  }
  if (!ts.isIdentifier(root)) return false;
  const name = root.text;
  return fn.parameters.some((p) => bindsName(p.name, name));
}

function bindsName(name: ts.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((el) => !ts.isOmittedExpression(el) && bindsName(el.name, wanted));
}

/** `createHash('sha256').update(token)`, `sha256(token)`, `timingSafeEqual(a, b)`, `bcrypt.compare(token, hash)`. */
function isDigest(call: ts.CallExpression): boolean {
  const text = call.expression.getText();
  if (/createH(ash|mac)\([^)]*\)\s*\.update$/.test(text.replace(/\s+/g, ''))) return true;
  return /(^|\.)(sha1|sha256|sha512|hash|hashToken|digest|hmac|timingSafeEqual|compare|verifyHash)$/i.test(text);
}

/**
 * An API client built with the user's credential outside the tool (`new Octokit({ auth:
 * user.accessToken })`) and used inside it: the tool calls the API as the user.
 */
function clientInstanceTaint(root: ts.Expression, engine: TaintEngine): Taint | undefined {
  if (!ts.isIdentifier(root)) return undefined;
  const decl = engine.symbols.declarationOf(root);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const init = unwrap(decl.initializer);
  if (!ts.isNewExpression(init) && !ts.isCallExpression(init)) return undefined;
  if (ts.isCallExpression(init) && engine.calls.targetsOf(init).length > 0) return undefined;
  // `const delegated = exchangeForAgent(token)`: a token exchange is the fix, not a client built as the user.
  if (engine.policy.isSanitizer(init)) return undefined;
  for (const arg of init.arguments ?? []) {
    const hit = engine.deepTaint(arg);
    if (hit) return withStep(withStep(hit.taint, init, `given to \`${init.expression.getText()}\``), decl.name, `assigned to \`${root.text}\``);
  }
  return undefined;
}

/** Passed to a project helper that only hashes or tests it (`sessionIdFromToken(token)`): nothing is forwarded. */
function onlyDigestedBy(use: ts.Expression, engine: TaintEngine): boolean {
  const call = use.parent;
  if (!ts.isCallExpression(call)) return false;
  const index = call.arguments.indexOf(use);
  if (index < 0) return false;
  const targets = engine.calls.targetsOf(call);
  return (
    targets.length > 0 &&
    targets.every((fn) => {
      const param = fn.parameters[index];
      if (!param || !ts.isIdentifier(param.name) || !fn.body) return false;
      const name = param.name.text;
      const refs: ts.Identifier[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && node.text === name && node !== param.name) refs.push(node);
        ts.forEachChild(node, visit);
      };
      visit(fn.body);
      return refs.length > 0 && refs.every((ref) => isPresenceTest(ref) || insideDigest(ref));
    })
  );
}

function insideDigest(node: ts.Node): boolean {
  let current = node.parent;
  while (current && !isFunctionLike(current) && !ts.isStatement(current)) {
    if (ts.isCallExpression(current) && isDigest(current)) return true;
    current = current.parent;
  }
  return false;
}

/**
 * `const entry = store.get(id)` then `entry.bearer`: the captured value is an object, and
 * what counts is the fields the tool reads from it (field-sensitive, as SPEC.md requires).
 */
function fieldTaint(use: ts.Expression, fn: FunctionLike, engine: TaintEngine): Taint | undefined {
  for (const field of fieldsReadFrom(use, fn)) {
    const taint = engine.taintOf(use, [field]);
    if (taint) return taint;
  }
  return undefined;
}

/** The fields read from the value of `use` inside `fn`: through a local variable, or destructured. */
function fieldsReadFrom(use: ts.Expression, fn: FunctionLike): string[] {
  let node: ts.Node = use;
  while (ts.isAwaitExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
  const decl = node.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== node) return [];
  if (ts.isObjectBindingPattern(decl.name)) return decl.name.elements.map((el) => (el.propertyName ?? el.name).getText());
  if (!ts.isIdentifier(decl.name) || !fn.body) return [];
  const name = decl.name.text;
  const fields = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name) fields.add(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return [...fields];
}
