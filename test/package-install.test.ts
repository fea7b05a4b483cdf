/**
 * The published package, as a user gets it: `npm pack` the repository, install the
 * tarball into a fresh project (dependencies come from the npm registry or its cache),
 * and run the binary and the library entry there. Also checks what the tarball ships.
 * Needs a build (`npm test` runs one) and access to the npm registry.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  tempDirs.push(dir);
  return dir;
}

function run(command: string, args: string[], cwd: string, timeout = 150_000): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  delete env['FORCE_COLOR'];
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });
  if (result.error) throw result.error;
  return result;
}

function succeeded(result: SpawnSyncReturns<string>, what: string): string {
  if (result.status !== 0) throw new Error(`${what} exited ${String(result.status)}:\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

interface PackInfo {
  filename: string;
  files: Array<{ path: string }>;
}

function packInfo(stdout: string): PackInfo {
  // npm prints lifecycle output before the JSON on some versions; the JSON is the last array.
  const start = stdout.indexOf('[\n');
  return (JSON.parse(start >= 0 ? stdout.slice(start) : stdout) as PackInfo[])[0]!;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before these tests (`npm test` does).');
  }
});

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('ships the build, the binary, the rule packs and the schemas, and no tests or fixtures', () => {
    const info = packInfo(succeeded(run(NPM, ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT, 60_000), 'npm pack --dry-run'));
    const files = info.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'bin/agent-impersonation-scan.js',
        'dist/cli/main.js',
        'dist/index.js',
        'dist/index.d.ts',
        'rules/pack.schema.json',
        'rules/frameworks/openai-agents.yml',
        'schemas/config.schema.json',
        'schemas/report.schema.json',
      ]),
    );
    // Every rule pack the scanner loads at runtime is in the package.
    const packFiles = fs
      .readdirSync(path.join(ROOT, 'rules'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yml'))
      .map((f) => `rules/${f.split(path.sep).join('/')}`);
    expect(files).toEqual(expect.arrayContaining(packFiles));
    for (const unwanted of ['test/', 'fixtures/', 'examples/', 'src/', 'scripts/', '.ci/', 'node_modules/']) {
      expect(files.filter((f) => f.startsWith(unwanted)), unwanted).toEqual([]);
    }
    expect(files.filter((f) => f.endsWith('.tgz'))).toEqual([]);
  });

  it('installs from its tarball and scans a project with npx', { timeout: 180_000 }, () => {
    const packDir = tempDir('ais-pack-');
    const info = packInfo(succeeded(run(NPM, ['pack', '--pack-destination', packDir, '--ignore-scripts', '--json'], ROOT, 60_000), 'npm pack'));
    const tarball = path.join(packDir, info.filename);
    expect(fs.existsSync(tarball)).toBe(true);

    const app = tempDir('ais-consumer-');
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true, type: 'module' }, null, 2));
    succeeded(run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], app), 'npm install <tarball>');
    const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', PKG.name, 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(PKG.version);

    fs.cpSync(path.join(ROOT, 'fixtures', 'fw-openai-agents-tool-closure'), path.join(app, 'src'), { recursive: true });

    const scan = run(NPX, ['--no', '--', 'agent-impersonation-scan', '.'], app, 60_000);
    expect(scan.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(scan.status).toBe(1);
    expect(scan.stdout).toContain('src/server.ts');
    expect(scan.stdout).toContain('user-credential-in-tool');
    expect(scan.stdout).toContain('1 problem');

    const version = run(NPX, ['--no', '--', 'agent-impersonation-scan', '--version'], app, 60_000);
    expect(version.stdout.trim()).toBe(PKG.version);

    // The library entry works from the installed package too.
    const lib = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { scan, RULES } from 'agent-impersonation-scan'; const { report } = scan({ paths: ['src'], cwd: process.cwd() }); console.log(JSON.stringify({ rules: RULES.length, findings: report.findings.map((f) => f.ruleId) }));",
      ],
      app,
      60_000,
    );
    expect(JSON.parse(succeeded(lib, 'library import'))).toEqual({ rules: 5, findings: ['user-credential-in-tool'] });
  });
});
