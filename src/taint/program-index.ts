/**
 * One walk over every analysed file collects what the demand-driven engine later
 * asks for: calls by callee name (to find callers), identifiers passed as arguments
 * (callbacks), writes into containers (`set`, `run`), assignments, and candidate
 * sink nodes. Nothing here uses the type checker.
 */
import ts from 'typescript';
import { calleeName, readChain } from '../model/syntax.js';

export type CallLike = ts.CallExpression | ts.NewExpression;

/** `=`, and the compound forms that can store the right-hand value (`??=`, `||=`, `&&=`, `+=` on strings). */
const ASSIGNMENT_OPERATORS = new Set([
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
]);

/** Methods that put a value into a container (Map, Headers, context objects, AsyncLocalStorage). */
export const CONTAINER_WRITE_METHODS = new Set(['set', 'append', 'run', 'enterWith']);
/** Reads of a container written that way: `map.get(k)`, `storage.getStore()`. */
export const CONTAINER_READS = new Set(['get', 'getStore', 'getAll']);

/** `store.run(value, fn)` / `store.enterWith(value)` fill an AsyncLocalStorage; the others are keyed (`m.set(k, value)`). */
export function isStoreWrite(write: ts.CallExpression): boolean {
  const method = (write.expression as ts.PropertyAccessExpression).name.text;
  return method === 'run' || method === 'enterWith';
}

/** The value a container write stores. */
export function storedValue(write: ts.CallExpression): ts.Expression | undefined {
  return isStoreWrite(write) ? write.arguments[0] : write.arguments[1];
}
/** Calls that keep a value in this process (`requests.push(…)`, `cache.set(…)`, `console.log(…)`): they send nothing. */
export const IN_PROCESS_METHODS = new Set(['push', 'unshift', 'splice', 'add', 'set', 'log', 'info', 'debug', 'warn', 'error', 'trace']);

export class ProgramIndex {
  readonly callsByName = new Map<string, CallLike[]>();
  readonly argumentUses = new Map<string, Array<{ call: CallLike; index: number }>>();
  /** Container writes by the receiver's text (`headers`, `this.store`), to avoid resolving every receiver. */
  readonly containerWritesByReceiver = new Map<string, ts.CallExpression[]>();
  /** Variables initialised by a lookup keyed on a name (`const handler = handlers[block.name]`): possible tool dispatch. */
  readonly lookupVariables = new Set<string>();
  readonly assignmentsByRoot = new Map<string, ts.BinaryExpression[]>();
  /** Destructuring assignments (`({ token } = await x)`), by target name, with the path each target reads. */
  readonly patternAssignments = new Map<string, Array<{ assignment: ts.BinaryExpression; path: string[] }>>();
  readonly objectProperties = new Map<string, ts.PropertyAssignment[]>();
  readonly classes: ts.ClassLikeDeclaration[] = [];
  /** JSX attributes by `Tag.attribute` (`CopilotKit.properties`). */
  readonly jsxAttributes = new Map<string, ts.JsxAttribute[]>();
  readonly calls: CallLike[] = [];
  /**
   * Names the project declares anything under (functions, methods, properties, variables,
   * import/export aliases): `x.json()` can only reach project code when some declaration is
   * named `json`. Over-inclusive on purpose; it only spares the checker the other calls.
   */
  readonly declaredMemberNames = new Set<string>(['default']);
  /** The `new X(…)` expressions among `calls`. */
  readonly constructions: ts.NewExpression[] = [];
  private readonly mentioned = new Map<string, boolean>();
  /** Every name declared in a file (variables, parameters, functions, classes, imports). */
  readonly declaredNames = new Map<ts.SourceFile, Set<string>>();
  /** Local names under which other files import a file's default export. */
  readonly defaultImportNames = new Map<string, Set<string>>();

  constructor(
    readonly files: readonly ts.SourceFile[],
    private readonly program: ts.Program,
  ) {
    for (const file of files) this.indexFile(file);
  }

  /** Does any analysed file contain `text`? A cheap gate before searching every call for what most projects never use. */
  mentions(text: string): boolean {
    let found = this.mentioned.get(text);
    if (found === undefined) {
      found = this.files.some((f) => f.text.includes(text));
      this.mentioned.set(text, found);
    }
    return found;
  }

  private push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }

  private indexFile(file: ts.SourceFile): void {
    const importedAs = this.importAliases(file);
    const declared = new Set<string>();
    this.declaredNames.set(file, declared);
    const visit = (node: ts.Node): void => {
      const kind = node.kind;
      // Tokens and identifiers are leaves the index never records; types never carry values
      // (skipping them halves the walk on typed code).
      if (kind <= ts.SyntaxKind.LastToken || (kind >= ts.SyntaxKind.FirstTypeNode && kind <= ts.SyntaxKind.LastTypeNode)) return;
      switch (kind) {
        case ts.SyntaxKind.InterfaceDeclaration:
        case ts.SyntaxKind.TypeAliasDeclaration:
          return;
        case ts.SyntaxKind.CallExpression:
        case ts.SyntaxKind.NewExpression:
          this.indexCall(node as CallLike, importedAs);
          break;
        case ts.SyntaxKind.BinaryExpression: {
          const bin = node as ts.BinaryExpression;
          if (ASSIGNMENT_OPERATORS.has(bin.operatorToken.kind)) {
            if (ts.isObjectLiteralExpression(bin.left) || ts.isArrayLiteralExpression(bin.left)) {
              this.indexPattern(bin, bin.left, []);
            } else {
              const { root } = readChain(bin.left);
              const key = ts.isIdentifier(root) ? root.text : root.kind === ts.SyntaxKind.ThisKeyword ? 'this' : undefined;
              if (key) this.push(this.assignmentsByRoot, key, bin);
            }
          }
          break;
        }
        case ts.SyntaxKind.PropertyAssignment: {
          const name = (node as ts.PropertyAssignment).name;
          if (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) this.push(this.objectProperties, name.text.toLowerCase(), node as ts.PropertyAssignment);
          this.declareMember(node);
          break;
        }
        case ts.SyntaxKind.MethodDeclaration:
        case ts.SyntaxKind.GetAccessor:
        case ts.SyntaxKind.SetAccessor:
        case ts.SyntaxKind.PropertyDeclaration:
        case ts.SyntaxKind.ShorthandPropertyAssignment:
        case ts.SyntaxKind.FunctionExpression:
        case ts.SyntaxKind.ExportSpecifier:
          this.declareMember(node);
          break;
        case ts.SyntaxKind.ClassDeclaration:
        case ts.SyntaxKind.ClassExpression:
          this.classes.push(node as ts.ClassLikeDeclaration);
          this.declare(declared, node);
          break;
        case ts.SyntaxKind.JsxAttribute: {
          const attr = node as ts.JsxAttribute;
          const tag = attr.parent.parent.tagName;
          this.push(this.jsxAttributes, `${tag.getText()}.${attr.name.getText()}`, attr);
          break;
        }
        case ts.SyntaxKind.VariableDeclaration:
          this.declare(declared, node);
          this.declareMember(node);
          this.indexVariable(node as ts.VariableDeclaration);
          break;
        case ts.SyntaxKind.Parameter:
        case ts.SyntaxKind.FunctionDeclaration:
        case ts.SyntaxKind.ImportSpecifier:
        case ts.SyntaxKind.ImportClause:
        case ts.SyntaxKind.NamespaceImport:
        case ts.SyntaxKind.BindingElement:
        case ts.SyntaxKind.ImportEqualsDeclaration:
        case ts.SyntaxKind.EnumDeclaration:
          this.declare(declared, node);
          this.declareMember(node);
          break;
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  private indexPattern(assignment: ts.BinaryExpression, pattern: ts.Expression, path: string[]): void {
    if (ts.isObjectLiteralExpression(pattern)) {
      for (const prop of pattern.properties) {
        if (ts.isShorthandPropertyAssignment(prop)) this.push(this.patternAssignments, prop.name.text, { assignment, path: [...path, prop.name.text] });
        else if (ts.isPropertyAssignment(prop)) {
          const key = ts.isIdentifier(prop.name) || ts.isStringLiteralLike(prop.name) ? prop.name.text : '*';
          const target = ts.isBinaryExpression(prop.initializer) ? prop.initializer.left : prop.initializer;
          if (ts.isIdentifier(target)) this.push(this.patternAssignments, target.text, { assignment, path: [...path, key] });
          else this.indexPattern(assignment, target, [...path, key]);
        } else if (ts.isSpreadAssignment(prop) && ts.isIdentifier(prop.expression)) {
          this.push(this.patternAssignments, prop.expression.text, { assignment, path });
        }
      }
    } else if (ts.isArrayLiteralExpression(pattern)) {
      for (const el of pattern.elements) {
        const target = ts.isSpreadElement(el) ? el.expression : ts.isBinaryExpression(el) ? el.left : el;
        if (ts.isIdentifier(target)) this.push(this.patternAssignments, target.text, { assignment, path: ts.isSpreadElement(el) ? path : [...path, '*'] });
        else this.indexPattern(assignment, target, [...path, '*']);
      }
    }
  }

  private declareMember(node: ts.Node): void {
    const { name, propertyName } = node as ts.NamedDeclaration & { propertyName?: ts.Node };
    for (const n of [name, propertyName]) {
      if (n && (ts.isIdentifier(n) || ts.isStringLiteralLike(n) || ts.isPrivateIdentifier(n))) this.declaredMemberNames.add(n.text);
    }
  }

  private declare(declared: Set<string>, node: ts.Node): void {
    const name = (node as ts.NamedDeclaration).name;
    if (name && ts.isIdentifier(name)) declared.add(name.text);
  }

  /** `const handler = handlers[block.name]`: a variable that may hold the tool the model chose. */
  private indexVariable(node: ts.VariableDeclaration): void {
    if (!ts.isIdentifier(node.name) || !node.initializer) return;
    let init: ts.Expression = node.initializer;
    while (ts.isAwaitExpression(init) || ts.isParenthesizedExpression(init) || ts.isNonNullExpression(init) || ts.isAsExpression(init)) init = init.expression;
    if (ts.isElementAccessExpression(init) || (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === 'get')) {
      this.lookupVariables.add(node.name.text);
    }
  }

  private indexCall(node: CallLike, importedAs: Map<string, string>): void {
    this.calls.push(node);
    if (node.kind === ts.SyntaxKind.NewExpression) this.constructions.push(node as ts.NewExpression);
    const name = calleeName(node.expression);
    if (name) {
      this.push(this.callsByName, name, node);
      const original = importedAs.get(name);
      if (original && original !== name) this.push(this.callsByName, original, node);
    }
    node.arguments?.forEach((arg, index) => {
      if (ts.isIdentifier(arg)) this.push(this.argumentUses, arg.text, { call: node, index });
      else if (ts.isPropertyAccessExpression(arg)) this.push(this.argumentUses, arg.name.text, { call: node, index });
    });
    if (ts.isCallExpression(node) && name && CONTAINER_WRITE_METHODS.has(name) && ts.isPropertyAccessExpression(node.expression)) {
      this.push(this.containerWritesByReceiver, receiverKey(node.expression.expression), node);
    }
  }

  /** `import { tool as agentTool }` → agentTool ↦ tool; default imports of project files are recorded too. */
  private importAliases(file: ts.SourceFile): Map<string, string> {
    const out = new Map<string, string>();
    for (const stmt of file.statements) {
      if (!ts.isImportDeclaration(stmt) || !stmt.importClause) continue;
      const clause = stmt.importClause;
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const el of clause.namedBindings.elements) {
          if (el.propertyName) out.set(el.name.text, el.propertyName.text);
        }
      }
      if (clause.name && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.moduleSpecifier.text.startsWith('.')) {
        const target = this.resolveModuleFile(file, stmt.moduleSpecifier.text);
        if (target) {
          const names = this.defaultImportNames.get(target) ?? new Set<string>();
          names.add(clause.name.text);
          this.defaultImportNames.set(target, names);
        }
      }
    }
    return out;
  }

  private resolveModuleFile(file: ts.SourceFile, spec: string): string | undefined {
    const resolved = ts.resolveModuleName(spec, file.fileName, this.program.getCompilerOptions(), {
      fileExists: (f) => this.program.getSourceFile(f) !== undefined,
      readFile: () => undefined,
    });
    return resolved.resolvedModule?.resolvedFileName;
  }
}

/** The text a container receiver is indexed under: `headers`, `this.store`, `ctx.state.tokens`. */
export function receiverKey(expr: ts.Expression): string {
  let current = expr;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current)) current = current.expression;
  if (ts.isIdentifier(current)) return current.text;
  if (current.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(current)) return `${receiverKey(current.expression)}.${current.name.text}`;
  return '';
}

