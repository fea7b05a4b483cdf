/**
 * Finds and loads the configuration of a scan.
 *
 * Exports `loadConfig({ cwd, scanPaths, explicitPath? })` and `findConfigFile(startDir)`.
 * Without `-c/--config`, the first `.agent-impersonation-scan.yml` (or `.yaml`) from the
 * first scan path upward to the filesystem root is used; none found means defaults. A
 * JavaScript or TypeScript config is never loaded: scanning an untrusted repository must
 * not run its code, so such a file is a `ConfigError`, not something silently skipped.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseConfigText } from './parse.js';
import { ConfigError, defaultConfig, type LoadedConfig } from './types.js';

export const CONFIG_FILE_NAMES = ['.agent-impersonation-scan.yml', '.agent-impersonation-scan.yaml'] as const;

const CODE_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'];
const CODE_CONFIG_NAMES = CODE_EXTENSIONS.map((ext) => `.agent-impersonation-scan${ext}`);

/** Config files bigger than this are refused before parsing. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadConfigOptions {
  cwd: string;
  /** The paths given to the scan; discovery starts from the first (or from cwd). */
  scanPaths: readonly string[];
  /** `-c, --config <file>`, relative to cwd. */
  explicitPath?: string;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

function codeConfigError(file: string): ConfigError {
  return ConfigError.forFile(
    file,
    'JavaScript and TypeScript configuration files are not supported: loading one would run code from the ' +
      `scanned repository. Move the settings to ${CONFIG_FILE_NAMES[0]} (YAML; see schemas/config.schema.json).`,
  );
}

/**
 * The config file that applies to `startDir`: the nearest directory (itself, then its
 * ancestors) holding one. Throws when that directory holds both spellings, or only a code config.
 */
export async function findConfigFile(startDir: string): Promise<string | undefined> {
  let dir = path.resolve(startDir);
  for (;;) {
    const found: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      if (await isFile(path.join(dir, name))) found.push(path.join(dir, name));
    }
    if (found.length > 1) {
      throw ConfigError.forFile(found[0] as string, `both ${CONFIG_FILE_NAMES.join(' and ')} exist in ${dir}; keep one of them`);
    }
    if (found[0] !== undefined) return found[0];
    for (const name of CODE_CONFIG_NAMES) {
      if (await isFile(path.join(dir, name))) throw codeConfigError(path.join(dir, name));
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function startDirectory(cwd: string, scanPaths: readonly string[]): Promise<string> {
  const first = scanPaths[0];
  if (first === undefined) return cwd;
  const resolved = path.resolve(cwd, first);
  try {
    return (await fs.stat(resolved)).isDirectory() ? resolved : path.dirname(resolved);
  } catch {
    // A missing scan path is the CLI's error to report; discovery falls back to cwd.
    return cwd;
  }
}

async function readConfigFile(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw ConfigError.forFile(file, code === 'ENOENT' ? 'config file not found' : `cannot read config file (${code ?? String(error)})`);
  }
  if (!stat.isFile()) throw ConfigError.forFile(file, 'config path is not a file');
  if (stat.size > MAX_CONFIG_BYTES) throw ConfigError.forFile(file, `config file is larger than ${MAX_CONFIG_BYTES} bytes`);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw ConfigError.forFile(file, `cannot read config file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** The effective configuration; throws ConfigError (exit code 2) for any unusable config. */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = path.resolve(options.cwd);
  let file: string | undefined;
  if (options.explicitPath !== undefined) {
    file = path.resolve(cwd, options.explicitPath);
    if (CODE_EXTENSIONS.includes(path.extname(file).toLowerCase())) throw codeConfigError(file);
  } else {
    file = await findConfigFile(await startDirectory(cwd, options.scanPaths));
  }
  if (file === undefined) return { config: defaultConfig(cwd) };
  const text = await readConfigFile(file);
  return { config: parseConfigText(text, file, path.dirname(file)), file };
}
