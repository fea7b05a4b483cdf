/**
 * How formatters write a report path for people: relative to the directory the user
 * ran the scan from when known (so terminals and CI logs can open it), otherwise as
 * stored in the report (relative to its root), always with forward slashes.
 */

import path from 'node:path';
import { posixRelative } from '../report/paths.js';

export function displayPath(file: string, root: string, cwd?: string): string {
  if (cwd === undefined) return file;
  return posixRelative(cwd, path.resolve(root, file));
}
