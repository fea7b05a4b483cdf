import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, printConfig, parseConfigText, ALWAYS_EXCLUDED, DEFAULT_INCLUDE } from '../../src/config/index.js';
import { RULE_IDS } from '../../src/report/finding.js';

let root: string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ais-config-')));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function write(relative: string, text: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig discovery', () => {
  it('returns defaults when no config file exists', async () => {
    fs.mkdirSync(path.join(root, 'src'));
    const loaded = await loadConfig({ cwd: root, scanPaths: ['src'] });
    expect(loaded.file).toBeUndefined();
    expect(loaded.config).toEqual({
      rules: {},
      include: [...DEFAULT_INCLUDE],
      exclude: [...ALWAYS_EXCLUDED],
      requireSuppressionReason: false,
      firstPartyAudiences: [],
      sources: [],
      sinks: [],
      sanitizers: [],
      packs: [],
      reportUnusedDisableDirectives: 'warn',
      baseDir: root,
    });
  });

  it('finds the nearest config from the first scan path upward', async () => {
    const top = write('.agent-impersonation-scan.yml', 'requireSuppressionReason: true\n');
    write('packages/app/src/agent.ts', 'export {};\n');
    const fromFile = await loadConfig({ cwd: root, scanPaths: ['packages/app/src/agent.ts'] });
    expect(fromFile.file).toBe(top);
    expect(fromFile.config.requireSuppressionReason).toBe(true);
    expect(fromFile.config.configFile).toBe(top);

    const nearer = write('packages/app/.agent-impersonation-scan.yaml', 'exclude: ["**/*.test.ts"]\n');
    const fromDir = await loadConfig({ cwd: path.join(root, 'packages'), scanPaths: ['app/src', 'elsewhere'] });
    expect(fromDir.file).toBe(nearer);
    expect(fromDir.config.requireSuppressionReason).toBe(false);
    expect(fromDir.config.exclude).toEqual([...ALWAYS_EXCLUDED, '**/*.test.ts']);
    expect(fromDir.config.baseDir).toBe(path.join(root, 'packages/app'));
  });

  it('loads an explicit --config file relative to cwd, and resolves packs against it', async () => {
    write('ci/pack.yml', 'pack: team\n');
    const file = write('ci/scan.yml', 'packs: [pack.yml]\nrules:\n  user-credential-in-prompt: warn\n  mcp-token-passthrough: 0\n');
    write('.agent-impersonation-scan.yml', 'rules: {}\n');
    const loaded = await loadConfig({ cwd: root, scanPaths: ['.'], explicitPath: 'ci/scan.yml' });
    expect(loaded.file).toBe(file);
    expect(loaded.config.packs).toEqual([path.join(root, 'ci/pack.yml')]);
    expect(loaded.config.rules).toEqual({ 'user-credential-in-prompt': 'warn', 'mcp-token-passthrough': 'off' });
  });

  it('reports a missing explicit config file', async () => {
    const error = await configError(loadConfig({ cwd: root, scanPaths: [], explicitPath: 'nope.yml' }));
    expect(error.message).toBe(`${path.join(root, 'nope.yml')}: config file not found`);
  });

  it('refuses JavaScript config, found or explicit, with a clear message', async () => {
    write('.agent-impersonation-scan.js', 'export default { rules: {} };\n');
    const found = await configError(loadConfig({ cwd: root, scanPaths: ['.'] }));
    expect(found.file).toBe(path.join(root, '.agent-impersonation-scan.js'));
    expect(found.message).toContain('JavaScript and TypeScript configuration files are not supported');
    expect(found.message).toContain('.agent-impersonation-scan.yml');
    const explicit = await configError(loadConfig({ cwd: root, scanPaths: ['.'], explicitPath: 'scan.config.mjs' }));
    expect(explicit.message).toContain('not supported');
  });

  it('prefers a YAML config over a JS one in the same directory', async () => {
    write('.agent-impersonation-scan.js', 'throw new Error("never run")\n');
    const yml = write('.agent-impersonation-scan.yml', 'include: ["src/**/*.ts"]\n');
    const loaded = await loadConfig({ cwd: root, scanPaths: [] });
    expect(loaded.file).toBe(yml);
    expect(loaded.config.include).toEqual(['src/**/*.ts']);
  });

  it('rejects two spellings of the config in one directory', async () => {
    write('.agent-impersonation-scan.yml', '{}\n');
    write('.agent-impersonation-scan.yaml', '{}\n');
    const error = await configError(loadConfig({ cwd: root, scanPaths: [] }));
    expect(error.message).toContain('keep one of them');
  });
});

describe('config validation errors', () => {
  it('reports a YAML syntax error with file, line and column', async () => {
    const file = write('.agent-impersonation-scan.yml', 'rules:\n  user-credential-in-tool: warn\ninclude: [src/**\n');
    const error = await configError(loadConfig({ cwd: root, scanPaths: [] }));
    expect(error.file).toBe(file);
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: YAML syntax error: `));
  });

  it('names the line, key and a did-you-mean for an unknown key', async () => {
    const file = write('.agent-impersonation-scan.yml', 'include:\n  - src\nrule:\n  user-credential-in-tool: off\n');
    const error = await configError(loadConfig({ cwd: root, scanPaths: [] }));
    expect(error).toMatchObject({ file, line: 3, column: 1, key: 'rule' });
    expect(error.message).toContain(`${file}:3:1: unknown key 'rule'. Did you mean 'rules'?`);
  });

  it('suggests the closest rule id for an unknown rule key', () => {
    const error = (() => {
      try {
        parseConfigText('rules:\n  user-credential-in-tools: off\n', 'cfg.yml', root);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toMatchObject({ line: 2, column: 3, key: 'rules.user-credential-in-tools' });
    expect(error.message).toContain("Did you mean 'user-credential-in-tool'?");
  });

  it('reports bad value types and enum values at their lines, all at once', () => {
    const text = 'include: src/**/*.ts\nrules:\n  user-credential-in-tool: fatal\nrequireSuppressionReason: "yes"\n';
    let error: ConfigError | undefined;
    try {
      parseConfigText(text, 'cfg.yml', root);
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.map((p) => [p.line, p.key])).toEqual([
      [1, 'include'],
      [3, 'rules.user-credential-in-tool'],
      [4, 'requireSuppressionReason'],
    ]);
    expect(error?.message).toContain(`cfg.yml:1:10: 'include' must be a list, not string "src/**/*.ts"`);
    expect(error?.message).toContain(`'rules.user-credential-in-tool' must be one of "error", "warn", "off", 2, 1, 0, not string "fatal"`);
    expect(error?.message).toContain(`'requireSuppressionReason' must be true or false`);
  });

  it('rejects an alias bomb instead of expanding it', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'include: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    expect(() => parseConfigText(bomb, 'cfg.yml', root)).toThrow(/aliases expand to too many values/);
  });

  it('refuses custom YAML tags', () => {
    expect(() => parseConfigText('include: !!js/function "function(){}"\n', 'cfg.yml', root)).toThrow(
      /cfg\.yml:1:10: .*custom YAML tags are not supported/,
    );
  });

  it('rejects duplicate keys and invalid audience patterns with their lines', () => {
    expect(() => parseConfigText('include: []\ninclude: []\n', 'cfg.yml', root)).toThrow(/cfg\.yml:2:1: YAML syntax error: Map keys must be unique/);
    expect(() => parseConfigText('firstPartyAudiences:\n  - api.example.com\n  - https://api.example.com/v1?x=1\n', 'cfg.yml', root)).toThrow(
      /cfg\.yml:3:5: 'https:\/\/api\.example\.com\/v1\?x=1' is neither a host/,
    );
  });

  it('reports a pack file that does not exist', () => {
    expect(() => parseConfigText('packs:\n  - ./missing.yml\n', 'cfg.yml', root)).toThrow(/cfg\.yml:2:5: pack file '\.\/missing\.yml' does not exist/);
  });

  it('treats an empty file as defaults and a non-mapping as an error', () => {
    expect(parseConfigText('# nothing yet\n', 'cfg.yml', root).include).toEqual([...DEFAULT_INCLUDE]);
    expect(() => parseConfigText('- a\n- b\n', 'cfg.yml', root)).toThrow(/the configuration must be a mapping, not a list/);
  });
});

describe('schema and printConfig', () => {
  it('lists exactly the rule ids of the report model', () => {
    const schema = JSON.parse(fs.readFileSync(new URL('../../schemas/config.schema.json', import.meta.url), 'utf8')) as {
      properties: { rules: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.properties.rules.properties).sort()).toEqual([...RULE_IDS].sort());
  });

  it('prints YAML that loads back to the same configuration', () => {
    write('packs/team.yml', 'pack: team\n');
    const text = [
      'rules: { user-credential-in-tool: warn }',
      'include: ["src/**/*.ts"]',
      'requireSuppressionReason: true',
      'reportUnusedDisableDirectives: error',
      'firstPartyAudiences: ["*.example.com"]',
      'sanitizers: [{ id: team-exchange, call: { function: exchangeForAgentToken } }]',
      'packs: [packs/team.yml]',
    ].join('\n');
    const config = parseConfigText(text, path.join(root, 'cfg.yml'), root);
    const printed = printConfig(config);
    expect(printed).toContain(`# from: ${path.join(root, 'cfg.yml')}`);
    expect(printed).toContain('user-credential-in-tool: warn');
    expect(parseConfigText(printed, path.join(root, 'cfg.yml'), root)).toEqual(config);
  });
});
