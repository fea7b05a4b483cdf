/**
 * Finds the files to scan under a directory that has no tsconfig/jsconfig: every
 * TS/JS source file, honouring .gitignore files, skipping dependencies, build output
 * and declaration files. Symlinks are not followed, so a symlink loop cannot hang us.
 */
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** Folders that never hold the app's own source. */
const ALWAYS_IGNORED_DIRS = [
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

/**
 * The source files git knows under `root` (tracked, plus untracked ones not ignored): a
 * tracked file stays in scope even when a broad `.gitignore` pattern (`lib/`) matches it,
 * as it does for git. Undefined when `root` is not in a git work tree or git is missing.
 */
function gitSourceFiles(root: string): string[] | undefined {
  const result = spawnSync('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
    encoding: 'utf8',
    timeout: 20_000,
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (result.status !== 0 || typeof result.stdout !== 'string') return undefined;
  const files = result.stdout
    .split('\0')
    .filter((rel) => rel && isScannableFileName(rel) && !isInIgnoredDir(rel))
    .map((rel) => path.resolve(root, rel))
    .filter((abs) => existsSync(abs));
  return [...new Set(files)].sort();
}

/** Every source file below `root`: git's view when there is one, else a glob honouring .gitignore files. */
export function listSourceFiles(root: string): string[] {
  return gitSourceFiles(root) ?? globSourceFiles(root);
}

/** tsconfig.json / jsconfig.json files below `root` (not in dependencies or build output). */
export function nestedConfigFiles(root: string): string[] {
  return fg
    .sync('**/{tsconfig,jsconfig}.json', {
      cwd: root,
      dot: false,
      followSymbolicLinks: false,
      ignore: ALWAYS_IGNORED_DIRS.map((d) => `**/${d}/**`),
      suppressErrors: true,
    })
    .map((rel) => path.resolve(root, rel))
    .sort();
}

function globSourceFiles(root: string): string[] {
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

/** The config files that make a folder a TypeScript or JavaScript project, in order of preference. */
export const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/** How TypeScript should parse a file, by its extension. */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.tsx$/i.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/i.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
