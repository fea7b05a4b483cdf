/**
 * Snippets for traces and messages, with anything that looks like a literal secret
 * replaced: the scanner shows expressions, never a credential's value.
 */
import type ts from 'typescript';

/** A quoted string with no spaces, 16+ characters, mixing letters and digits: likely a key or token literal. */
const SECRET_LITERAL = /(['"`])((?=[^'"`\s]*\d)(?=[^'"`\s]*[A-Za-z])[^'"`\s]{16,})\1/g;
/** Well-known credential prefixes, quoted or not. */
const KNOWN_PREFIX = /\b(sk-[A-Za-z0-9_-]{8,}|gh[pousr]_[A-Za-z0-9]{8,}|xox[abposr]-[A-Za-z0-9-]{8,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|AKIA[0-9A-Z]{12,})/g;

function redactText(text: string): string {
  return text.replace(SECRET_LITERAL, '$1<redacted>$1').replace(KNOWN_PREFIX, '<redacted>');
}

export function redactedSnippet(node: ts.Node, max = 80): string {
  const text = redactText(node.getText().replace(/\s+/g, ' ').trim());
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
