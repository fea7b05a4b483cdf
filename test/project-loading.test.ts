/**
 * Unit tests of src/project/load.ts: which files a scan analyses, from tsconfig/jsconfig
 * (include/exclude/extends, project references, `-p`) or, without one, from a glob that
 * honours .gitignore and skips dependencies, build output and declaration files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, ProjectLoadError, type LoadedProject, type LoadOptions } from '../src/project/load.js';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp folder with these files (path → text). */
function project(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ais-load-')));
  tempDirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function load(dir: string, options: Partial<LoadOptions> = {}): LoadedProject {
  return loadProject({ paths: ['.'], cwd: dir, ...options });
}

const rel = (dir: string, files: readonly string[]): string[] => files.map((f) => path.relative(dir, f).split(path.sep).join('/')).sort();
const analysed = (dir: string, loaded: LoadedProject): string[] => rel(dir, loaded.files);
const SRC = 'export const value = 1;\n';

describe('tsconfig.json', () => {
  it('honours include and exclude', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ include: ['src'], exclude: ['src/generated', 'src/**/*.spec.ts'] }),
      'src/app.ts': SRC,
      'src/app.spec.ts': SRC,
      'src/generated/client.ts': SRC,
      'scripts/seed.ts': SRC,
    });
    const loaded = load(dir);
    expect(analysed(dir, loaded)).toEqual(['src/app.ts']);
    expect(rel(dir, loaded.configFiles)).toEqual(['tsconfig.json']);
    expect(loaded.skipped).toEqual([]);
  });

  it('honours files, and include/exclude inherited through extends (relative to the base config)', () => {
    const dir = project({
      'configs/base.json': JSON.stringify({
        compilerOptions: { baseUrl: '..', paths: { '@lib/*': ['lib/*'] } },
        include: ['../lib'],
        exclude: ['../lib/**/*.test.ts'],
      }),
      'tsconfig.json': JSON.stringify({ extends: './configs/base.json' }),
      'lib/index.ts': "import { value } from '@lib/util';\nexport const doubled = value * 2;\n",
      'lib/util.ts': SRC,
      'lib/util.test.ts': SRC,
      'other/skip.ts': SRC,
    });
    const loaded = load(dir);
    expect(analysed(dir, loaded)).toEqual(['lib/index.ts', 'lib/util.ts']);
    // The inherited `paths` alias resolves to the project's own file.
    const index = loaded.program.getSourceFile(path.join(dir, 'lib/index.ts'))!;
    const specifier = (index.statements[0] as ts.ImportDeclaration).moduleSpecifier;
    const target = loaded.program.getTypeChecker().getSymbolAtLocation(specifier);
    expect(target?.valueDeclaration?.getSourceFile().fileName).toBe(path.join(dir, 'lib/util.ts'));
  });

  it('an explicit files list is honoured', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ files: ['src/main.ts'] }),
      'src/main.ts': SRC,
      'src/unused.ts': SRC,
    });
    expect(analysed(dir, load(dir))).toEqual(['src/main.ts']);
  });

  it('a config that cannot be fully read is reported, not fatal', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ extends: './missing-base.json', include: ['src'] }),
      'src/app.ts': SRC,
    });
    const loaded = load(dir);
    expect(analysed(dir, loaded)).toEqual(['src/app.ts']);
    expect(loaded.skipped).toEqual([]);
    expect(loaded.configProblems).toEqual([expect.stringContaining('missing-base.json')]);
  });

  it('files with syntax errors are skipped with the position', () => {
    const dir = project({ 'tsconfig.json': '{}', 'ok.ts': SRC, 'broken.ts': 'export const x = {;\n' });
    const loaded = load(dir);
    expect(analysed(dir, loaded)).toEqual(['ok.ts']);
    expect(loaded.skipped).toEqual([expect.objectContaining({ file: path.join(dir, 'broken.ts'), reason: expect.stringMatching(/^syntax error at line 1:\d+/) })]);
  });
});

describe('project references', () => {
  it('loads every referenced project once, also when references form a cycle', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './packages/api' }, { path: './packages/shared' }] }),
      'packages/api/tsconfig.json': JSON.stringify({ include: ['src'], references: [{ path: '../shared' }] }),
      'packages/shared/tsconfig.json': JSON.stringify({ include: ['src'], references: [{ path: '../api' }] }),
      'packages/api/src/server.ts': SRC,
      'packages/shared/src/util.ts': SRC,
      'packages/shared/scratch/notes.ts': SRC,
    });
    const loaded = load(dir);
    expect(analysed(dir, loaded)).toEqual(['packages/api/src/server.ts', 'packages/shared/src/util.ts']);
    expect(loaded.files).toHaveLength(new Set(loaded.files).size);
    expect(loaded.skipped).toEqual([]);
  });

  it('a missing referenced project is reported', () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({ include: ['src'], references: [{ path: './packages/gone' }] }),
      'src/app.ts': SRC,
    });
    const loaded = load(dir);
    expect(analysed(dir, loaded)).toEqual(['src/app.ts']);
    expect(loaded.configProblems).toEqual([expect.stringMatching(/referenced project .*gone.* does not exist/)]);
  });
});

describe('jsconfig.json', () => {
  it('is used like a tsconfig, for JavaScript files', () => {
    const dir = project({
      'jsconfig.json': JSON.stringify({ include: ['src'] }),
      'src/app.js': SRC,
      'src/view.jsx': 'export const View = () => <div />;\n',
      'tools/build.js': SRC,
    });
    const loaded = load(dir);
    expect(analysed(dir, loaded)).toEqual(['src/app.js', 'src/view.jsx']);
    expect(rel(dir, loaded.configFiles)).toEqual(['jsconfig.json']);
  });
});

describe('without a config: a glob', () => {
  const files = {
    '.gitignore': 'generated/\n*.gen.ts\n',
    'app.ts': SRC,
    'lib.mjs': SRC,
    'lib.cjs': SRC,
    'view.tsx': 'export const View = () => <div />;\n',
    'mod.mts': SRC,
    'b.gen.ts': SRC,
    'generated/client.ts': SRC,
    'sub/.gitignore': 'local.ts\n',
    'sub/local.ts': SRC,
    'sub/keep.ts': SRC,
    'local.ts': SRC,
    'node_modules/pkg/index.ts': SRC,
    'packages/a/node_modules/dep/index.js': SRC,
    'dist/app.js': SRC,
    'build/app.js': SRC,
    'coverage/lcov.js': SRC,
    '.next/server.js': SRC,
    'types.d.ts': 'export declare const t: 1;\n',
    'types.d.mts': 'export declare const t: 1;\n',
    'vendor.min.js': SRC,
    'README.md': '# readme\n',
    'data.json': '{}',
  };

  it('honours .gitignore (nested ones relative to their folder) and skips dependencies, output and .d.ts', () => {
    const dir = project(files);
    const loaded = load(dir);
    expect(analysed(dir, loaded)).toEqual(['app.ts', 'lib.cjs', 'lib.mjs', 'local.ts', 'mod.mts', 'sub/keep.ts', 'view.tsx']);
    expect(loaded.configFiles).toEqual([]);
    expect(loaded.skipped).toEqual([]);
  });

  it('does not follow a symlink loop', () => {
    const dir = project({ 'app.ts': SRC });
    fs.symlinkSync('.', path.join(dir, 'loop'));
    expect(analysed(dir, load(dir))).toEqual(['app.ts']);
  });

  it('a file given explicitly is analysed even when no config lists it', () => {
    const dir = project({ 'tsconfig.json': JSON.stringify({ include: ['src'] }), 'src/app.ts': SRC, 'scripts/one-off.ts': SRC });
    expect(analysed(dir, load(dir, { paths: ['scripts/one-off.ts'] }))).toEqual(['scripts/one-off.ts']);
  });

  it('the fileFilter from configuration leaves files out', () => {
    const dir = project({ 'app.ts': SRC, 'legacy/old.ts': SRC });
    const loaded = load(dir, { fileFilter: (abs) => !abs.includes(`${path.sep}legacy${path.sep}`) });
    expect(analysed(dir, loaded)).toEqual(['app.ts']);
  });

  it('a missing path is a ProjectLoadError naming it', () => {
    const dir = project({ 'app.ts': SRC });
    expect(() => load(dir, { paths: ['nope'] })).toThrow(ProjectLoadError);
    expect(() => load(dir, { paths: ['nope'] })).toThrow(/path not found: nope/);
  });
});

describe('a tsconfig above the scanned folder', () => {
  it('that does not cover the folder is ignored in favour of the glob', () => {
    const repo = project({
      'tsconfig.json': JSON.stringify({ include: ['src'] }),
      'src/index.ts': SRC,
      'fixtures/app/server.ts': SRC,
      'fixtures/app/lib/util.ts': SRC,
    });
    const loaded = loadProject({ paths: ['fixtures/app'], cwd: repo });
    expect(analysed(repo, loaded)).toEqual(['fixtures/app/lib/util.ts', 'fixtures/app/server.ts']);
    expect(loaded.configFiles).toEqual([]);
  });

  it('that covers the folder is used, limited to the folder, with its excludes', () => {
    const repo = project({
      'tsconfig.json': JSON.stringify({ include: ['**/*'], exclude: ['apps/agent/generated'] }),
      'apps/agent/main.ts': SRC,
      'apps/agent/generated/client.ts': SRC,
      'apps/web/page.ts': SRC,
    });
    const loaded = loadProject({ paths: ['apps/agent'], cwd: repo });
    expect(analysed(repo, loaded)).toEqual(['apps/agent/main.ts']);
    expect(rel(repo, loaded.configFiles)).toEqual(['tsconfig.json']);
  });

  it('the nearest config wins over one further up', () => {
    const repo = project({
      'tsconfig.json': JSON.stringify({ include: ['**/*'] }),
      'apps/agent/tsconfig.json': JSON.stringify({ include: ['src'] }),
      'apps/agent/src/main.ts': SRC,
      'apps/agent/test/main.test.ts': SRC,
    });
    const loaded = loadProject({ paths: ['apps/agent'], cwd: repo });
    expect(analysed(repo, loaded)).toEqual(['apps/agent/src/main.ts']);
    expect(rel(repo, loaded.configFiles)).toEqual(['apps/agent/tsconfig.json']);
  });
});

describe('-p: explicit projects', () => {
  const files = {
    'tsconfig.json': JSON.stringify({ include: ['**/*'] }),
    'apps/agent/tsconfig.json': JSON.stringify({ include: ['src'] }),
    'apps/agent/src/main.ts': SRC,
    'apps/agent/scripts/seed.ts': SRC,
    'apps/web/tsconfig.build.json': JSON.stringify({ include: ['pages'] }),
    'apps/web/pages/index.ts': SRC,
    'apps/web/other.ts': SRC,
  };

  it('scans exactly the files of the given tsconfig files, whatever the paths', () => {
    const repo = project(files);
    const loaded = loadProject({ paths: ['.'], projects: ['apps/agent/tsconfig.json', 'apps/web/tsconfig.build.json'], cwd: repo });
    expect(analysed(repo, loaded)).toEqual(['apps/agent/src/main.ts', 'apps/web/pages/index.ts']);
    expect(rel(repo, loaded.configFiles)).toEqual(['apps/agent/tsconfig.json', 'apps/web/tsconfig.build.json']);
  });

  it('accepts a folder holding a tsconfig.json', () => {
    const repo = project(files);
    expect(analysed(repo, loadProject({ paths: ['.'], projects: ['apps/agent'], cwd: repo }))).toEqual(['apps/agent/src/main.ts']);
  });

  it('a missing project file is a ProjectLoadError', () => {
    const repo = project(files);
    expect(() => loadProject({ paths: ['.'], projects: ['apps/nope/tsconfig.json'], cwd: repo })).toThrow(/project file not found: apps\/nope\/tsconfig.json/);
  });
});

describe('known bugs', () => {
  // The always-ignored folder names (out, build, dist, coverage, …) are tested against the
  // path relative to the cwd, not to the scanned folder: scanning `out/app` from its parent
  // (or any project that lives under a folder with such a name) analyses nothing.
  it('a project inside a folder named like build output is still scanned', () => {
    const parent = project({ 'out/app/server.ts': SRC, 'build/api/tsconfig.json': '{}', 'build/api/index.ts': SRC });
    expect(analysed(parent, loadProject({ paths: ['out/app'], cwd: parent }))).toEqual(['out/app/server.ts']);
    expect(analysed(parent, loadProject({ paths: ['build/api'], cwd: parent }))).toEqual(['build/api/index.ts']);
  });
});
