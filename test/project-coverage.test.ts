/** Coverage: nested sub-projects are scanned, files outside every tsconfig are announced, git's view of tracked files wins. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/project/load.js';

const SRC = 'export const x = 1;\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ais-cov-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const analysed = (dir: string, files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/')).sort();

describe('project coverage', () => {
  it('loads nested sub-project configs under the scanned folder', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ include: ['slides/**/*'] }),
      'slides/deck.ts': SRC,
      'examples/agent/tsconfig.json': JSON.stringify({ include: ['src'] }),
      'examples/agent/src/index.ts': SRC,
    });
    const loaded = loadProject({ paths: [dir], cwd: dir });
    expect(analysed(dir, loaded.files)).toEqual(['examples/agent/src/index.ts', 'slides/deck.ts']);
    expect(loaded.configProblems).toEqual([]);
  });

  it('says how many source files no config includes', () => {
    const dir = project({ 'tsconfig.json': JSON.stringify({ include: ['src'] }), 'src/app.ts': SRC, 'scripts/a.ts': SRC, 'scripts/b.ts': SRC });
    const loaded = loadProject({ paths: [dir], cwd: dir });
    expect(analysed(dir, loaded.files)).toEqual(['src/app.ts']);
    expect(loaded.configProblems).toEqual([expect.stringContaining('2 source file(s)')]);
    expect(loaded.configProblems[0]).toContain('scripts/a.ts');
  });

  it('scans tracked files even when a .gitignore pattern matches them, as git does', () => {
    const dir = project({ '.gitignore': 'lib/\n', 'lib/auth.ts': SRC, 'app.ts': SRC });
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
    git('init', '-q');
    git('add', '-f', 'lib/auth.ts', 'app.ts', '.gitignore');
    git('commit', '-qm', 'init');
    writeFileSync(path.join(dir, 'lib', 'untracked.ts'), SRC);
    const loaded = loadProject({ paths: [dir], cwd: dir });
    expect(analysed(dir, loaded.files)).toEqual(['app.ts', 'lib/auth.ts']);
  });
});
