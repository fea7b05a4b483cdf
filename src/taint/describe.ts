/** Names used in trace labels. */
import ts from 'typescript';
import { propertyNameText } from '../model/syntax.js';

export const STORE_KEY = '$store';

export function describeFn(fn: ts.Node): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.getText();
  if (ts.isGetAccessorDeclaration(fn)) return `get ${fn.name.getText()}`;
  if (ts.isConstructorDeclaration(fn)) {
    const cls = fn.parent;
    return `new ${ts.isClassLike(cls) && cls.name ? cls.name.text : 'class'}()`;
  }
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return propertyNameText(parent.name) ?? 'callback';
  return 'callback';
}
