/** Config-gated forwarding: the condition a flow depends on, when it is a setting rather than data. */
import ts from 'typescript';
import { isFunctionLike, snippet } from '../model/syntax.js';

const SETTING = /process\.env|import\.meta\.env|\b(config|settings?|options?|flags?|features?|env)\b|enable|forward|passthrough|propagate/i;

/** The text of a condition that names a setting (an env var, a config flag), if `node` is gated by one. */
export function gatingCondition(node: ts.Node): string | undefined {
  let current: ts.Node = node;
  while (current.parent && !isFunctionLike(current.parent)) {
    const parent = current.parent;
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      // `if (USE_OWN_AUTH) return …;` earlier in the block: what follows runs only when it is false.
      const guard = earlierExitGuard(parent.statements, current);
      if (guard) return guard;
    }
    if (ts.isIfStatement(parent) && parent.thenStatement === current && isSettingCondition(parent.expression)) {
      return snippet(parent.expression, 100);
    }
    if (ts.isConditionalExpression(parent) && parent.whenTrue === current && isSettingCondition(parent.condition)) {
      return snippet(parent.condition, 100);
    }
    current = parent;
  }
  return undefined;
}

function isSettingCondition(expr: ts.Node): boolean {
  return SETTING.test(expr.getText());
}

/** A ternary's test, when it names a setting. */
export function settingCondition(test: ts.Expression): string | undefined {
  return isSettingCondition(test) ? snippet(test, 100) : undefined;
}

function earlierExitGuard(statements: ts.NodeArray<ts.Statement>, current: ts.Node): string | undefined {
  for (const statement of statements) {
    if (statement === current || statement.pos >= current.pos) break;
    if (!ts.isIfStatement(statement) || statement.elseStatement || !exits(statement.thenStatement)) continue;
    if (isSettingCondition(statement.expression)) return `not (${snippet(statement.expression, 100)})`;
  }
  return undefined;
}

function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length > 0 && exits(statement.statements[statement.statements.length - 1]!);
}
