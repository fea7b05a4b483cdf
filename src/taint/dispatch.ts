/**
 * The structural sink of hand-written tool-use loops (raw OpenAI/Anthropic SDKs): the
 * app looks up the function the model named and calls it. Not a framework API: a code shape.
 */
import ts from 'typescript';
import type { SinkSpecBase } from '../model/pack.js';
import type { Symbols } from '../model/symbols.js';
import { isFunctionLike, unwrap, type FunctionLike } from '../model/syntax.js';
import { functionOfDeclaration, returnedExpressions } from '../model/functions.js';
import { IN_PROCESS_METHODS } from './program-index.js';

export const TOOL_DISPATCH: SinkSpecBase = {
  id: 'tool-use-loop-dispatch',
  kind: 'tool-argument',
  label: 'arguments a hand-written tool-use loop passes to the tool the model chose',
  framework: 'tool-use loop',
};

const TOOL_NAME_KEY = /(^|\.)(name|toolName|tool_name|functionName)$/;
const TOOL_TABLE = /tool|handler|function|impl|executor|action|dispatch/i;
/** The name the model gave a tool call: `toolCall.function.name`, `call.name`, `block.name`, `tc.toolName`. */
const TOOL_CALL_NAME = /^[\w$.?!]*(tool_?call|toolCall|tool_?use|toolUse|call|block|tc|fc|functionCall|function_call)[\w$.?!]*\.(function\??\.)?(name|toolName)$/i;

/**
 * `handlers[call.function.name](args, extra)`, `tools[block.name].execute(…)`, `toolMap.get(call.name)!(…)`
 * or a variable holding one: the dispatch and, when the code shows it, the table of tool functions.
 */
export function toolDispatch(call: ts.CallExpression, symbols: Symbols, lookupVariables: ReadonlySet<string>): { table?: ts.Expression } | undefined {
  // `executeTool(toolCall.function.name, args, token)`: a dispatcher that takes the tool's name.
  const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (first && call.arguments.length > 1 && ts.isPropertyAccessExpression(first) && /^(name|toolName)$/.test(first.name.text) && TOOL_CALL_NAME.test(first.getText())) {
    return {};
  }
  if (branchesOnNames(call.getSourceFile()) && branchOfToolName(call)) return {};
  let callee = unwrap(call.expression);
  // `handler.apply(null, [input, extra])`, `handler.call(null, input, extra)`: the same dispatch.
  if (ts.isPropertyAccessExpression(callee) && ['apply', 'call'].includes(callee.name.text) && ts.isIdentifier(unwrap(callee.expression))) {
    callee = unwrap(callee.expression);
  }
  if (ts.isIdentifier(callee)) {
    if (!lookupVariables.has(callee.text)) return undefined;
    const decl = symbols.declarationOf(callee);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
    callee = unwrap(decl.initializer);
  }
  let table: ts.Expression | undefined;
  let key: ts.Expression | undefined;
  if (ts.isElementAccessExpression(callee)) {
    table = callee.expression;
    key = callee.argumentExpression;
  } else if (ts.isCallExpression(callee) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'get') {
    table = callee.expression.expression;
    key = callee.arguments[0];
  } else if (ts.isPropertyAccessExpression(callee) && ['execute', 'run', 'invoke', 'call', 'handler'].includes(callee.name.text)) {
    const inner = unwrap(callee.expression);
    if (ts.isElementAccessExpression(inner)) {
      table = inner.expression;
      key = inner.argumentExpression;
    }
  }
  if (!table || !key) return undefined;
  const keyText = unwrap(key).getText();
  if (!TOOL_NAME_KEY.test(keyText)) return undefined;
  return TOOL_TABLE.test(table.getText()) || /function|tool|call|block/i.test(keyText) ? { table } : undefined;
}

/** Calls in a branch that are bookkeeping, not the tool: `results.push(…)`, `console.log(…)`. */
const NOT_A_TOOL = new Set([...IN_PROCESS_METHODS, 'write', 'send', 'json', 'stringify', 'parse', 'enqueue', 'emit', 'resolve', 'reject']);

/**
 * `switch (block.name) { case 'issue_refund': output = await issueRefund(input, bearer) }` and
 * `if (call.function.name === 'refund') …`: the call a branch on the model's tool name makes is
 * the tool. Only the branch's top-level call (its value is the result), not calls nested in it.
 */
function branchOfToolName(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  const method = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!method || NOT_A_TOOL.has(method)) return false;
  let node: ts.Node = call;
  while (
    ts.isAwaitExpression(node.parent) ||
    ts.isParenthesizedExpression(node.parent) ||
    (ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.parent.right === node) ||
    (ts.isVariableDeclaration(node.parent) && node.parent.initializer === node) ||
    ts.isVariableDeclarationList(node.parent)
  ) node = node.parent;
  const statement = node.parent;
  if (!statement || !(ts.isExpressionStatement(statement) || ts.isReturnStatement(statement) || ts.isVariableStatement(statement))) return false;
  for (let current: ts.Node = statement; current.parent && !isFunctionLike(current); current = current.parent) {
    const parent = current.parent;
    if (ts.isCaseClause(parent) && parent.statements.includes(current as ts.Statement)) {
      return isToolCallName(parent.parent.parent.expression);
    }
    if (ts.isIfStatement(parent) && parent.thenStatement === current) {
      const test = unwrap(parent.expression);
      if (ts.isBinaryExpression(test) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(test.operatorToken.kind)) {
        const [name, literal] = ts.isStringLiteral(test.right) ? [test.left, test.right] : [test.right, test.left];
        return ts.isStringLiteral(literal) && isToolCallName(name);
      }
      return false;
    }
    if (!ts.isBlock(parent)) return false;
  }
  return false;
}

const branchingFiles = new WeakMap<ts.SourceFile, boolean>();
/** Does the file branch on a `.name` at all (`switch (x.name)`, `x.name === '…'`)? Most files never do. */
function branchesOnNames(file: ts.SourceFile): boolean {
  let branches = branchingFiles.get(file);
  if (branches === undefined) {
    branches = /switch\s*\([^)]*\.(name|toolName)\s*\)|\.(name|toolName)\s*===?\s*['"`]|['"`]\s*===?\s*[\w$.?]+\.(name|toolName)\b/.test(file.text);
    branchingFiles.set(file, branches);
  }
  return branches;
}

function isToolCallName(expr: ts.Expression): boolean {
  const value = unwrap(expr);
  return ts.isPropertyAccessExpression(value) && /^(name|toolName)$/.test(value.name.text) && TOOL_CALL_NAME.test(value.getText());
}

/** The functions of a dispatch table: an object literal, held by a constant or returned by a factory. */
export function tableFunctions(table: ts.Expression, symbols: Symbols, targetsOf: (call: ts.CallExpression) => FunctionLike[], depth = 0): FunctionLike[] {
  if (depth > 4) return [];
  const value = unwrap(table);
  if (ts.isObjectLiteralExpression(value)) {
    const out: FunctionLike[] = [];
    for (const prop of value.properties) {
      if (ts.isMethodDeclaration(prop)) out.push(prop);
      else if (ts.isPropertyAssignment(prop) && isFunctionLike(unwrap(prop.initializer))) out.push(unwrap(prop.initializer) as FunctionLike);
      else if (ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) {
        const ref = ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : prop.name;
        const decl = ts.isIdentifier(ref) ? symbols.declarationOf(ref) : undefined;
        const fn = decl ? functionOfDeclaration(decl) : undefined;
        if (fn?.body) out.push(fn);
      }
    }
    return out;
  }
  if (ts.isIdentifier(value)) {
    const decl = symbols.declarationOf(value);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return tableFunctions(decl.initializer, symbols, targetsOf, depth + 1);
    return [];
  }
  if (ts.isCallExpression(value)) {
    return targetsOf(value).flatMap((fn) => returnedExpressions(fn).flatMap((r) => tableFunctions(r, symbols, targetsOf, depth + 1)));
  }
  return [];
}
