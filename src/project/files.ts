/**
 * Finds the files to scan under a directory that has no tsconfig/jsconfig: every
 * TS/JS source file, honouring .gitignore files, skipping dependencies, build output
 * and declaration files. Symlinks are not followed, so a symlink loop cannot hang us.
 */
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** Folders that never hold the app's own source. */
export const ALWAYS_IGNORED_DIRS = [
  'node_modules',
  '.git',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.vercel',
  '.output',
  'coverage',
  '.wrangler',
];

const SOURCE_EXTENSION = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const DECLARATION_FILE = /\.d\.(ts|mts|cts)$|\.d\.[^.]+\.ts$/;
const MINIFIED_FILE = /\.min\.(js|mjs|cjs)$/;

export function isScannableFileName(fileName: string): boolean {
  return SOURCE_EXTENSION.test(fileName) && !DECLARATION_FILE.test(fileName) && !MINIFIED_FILE.test(fileName);
}

export function isInIgnoredDir(fileName: string): boolean {
  return fileName.split(/[\\/]/).some((segment) => ALWAYS_IGNORED_DIRS.includes(segment));
}

/** Every .gitignore below `root` (not inside ignored dirs), applied relative to its own folder. */
function loadGitignores(root: string): Array<{ dir: string; rules: Ignore }> {
  const files = fg.sync('**/.gitignore', {
    cwd: root,
    dot: true,
    followSymbolicLinks: false,
    ignore: ALWAYS_IGNORED_DIRS.map((d) => `**/${d}/**`),
    suppressErrors: true,
  });
  const out: Array<{ dir: string; rules: Ignore }> = [];
  for (const rel of files) {
    try {
      const text = readFileSync(path.join(root, rel), 'utf8');
      out.push({ dir: path.posix.dirname(rel), rules: ignore().add(text) });
    } catch {
      // An unreadable .gitignore only means we scan a little more.
    }
  }
  return out;
}

export function globSourceFiles(root: string): string[] {
  const candidates = fg.sync(SOURCE_GLOB, {
    cwd: root,
    dot: false,
    followSymbolicLinks: false,
    onlyFiles: true,
    ignore: ALWAYS_IGNORED_DIRS.map((d) => `**/${d}/**`),
    suppressErrors: true,
  });
  const gitignores = loadGitignores(root);
  return candidates
    .filter((rel) => isScannableFileName(rel))
    .filter((rel) =>
      gitignores.every(({ dir, rules }) => {
        if (dir !== '.' && !rel.startsWith(`${dir}/`)) return true;
        const relToIgnoreFile = dir === '.' ? rel : rel.slice(dir.length + 1);
        return !rules.ignores(relToIgnoreFile);
      }),
    )
    .map((rel) => path.resolve(root, rel))
    .sort();
}
