/** Report paths: relative, with forward slashes on every platform (SARIF, baselines, fingerprints). */
import path from 'node:path';

export function posixRelative(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}
