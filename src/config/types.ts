/**
 * The effective configuration of a scan (`ScanConfig`), its defaults, and `ConfigError`,
 * the one error type of src/config/ that the CLI turns into exit code 2.
 */
import type { RuleId } from '../report/finding.js';

export type RuleSetting = 'error' | 'warn' | 'off';

export interface ScanConfig {
  /** Severity overrides; a rule not listed keeps its default severity. */
  rules: Partial<Record<RuleId, RuleSetting>>;
  /** Globs relative to `baseDir`. */
  include: string[];
  /** Globs relative to `baseDir`; always starts with ALWAYS_EXCLUDED. */
  exclude: string[];
  requireSuppressionReason: boolean;
  /** Host patterns or URL prefixes; see matchesFirstPartyAudience in audience.ts. */
  firstPartyAudiences: string[];
  /** Pack-shaped entries, validated against the pack schema by the caller. */
  sources: unknown[];
  sinks: unknown[];
  sanitizers: unknown[];
  /** Absolute paths of extra pack files. */
  packs: string[];
  reportUnusedDisableDirectives: 'off' | 'warn' | 'error';
  /** The directory that `include`/`exclude` globs are relative to: the config file's, or cwd. */
  baseDir: string;
  /** Absolute path of the file this came from; absent when no config file was found. */
  configFile?: string;
}

export const DEFAULT_INCLUDE: readonly string[] = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/** Never scanned, whatever `exclude` says: vendored code and declaration files hold no flows of the project. */
export const ALWAYS_EXCLUDED: readonly string[] = ['**/node_modules/**', '**/.git/**', '**/*.d.ts'];

export function defaultConfig(baseDir: string): ScanConfig {
  return {
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
    baseDir,
  };
}

export interface LoadedConfig {
  config: ScanConfig;
  /** Absolute path of the config file used, if any. */
  file?: string;
}

/** One problem in a config file, with its position (1-based). */
export interface ConfigProblem {
  line: number;
  column: number;
  /** The key path, e.g. "rules.user-credential-in-tool" or "include[2]"; absent for file-level problems. */
  key?: string;
  message: string;
}

/**
 * A configuration that cannot be used. `message` is ready to print: every problem as
 * `file:line:column: text`. The CLI prints it and exits with code 2.
 */
export class ConfigError extends Error {
  readonly file: string;
  /** The line of the first problem (1-based; 0 when the file could not be read at all). */
  readonly line: number;
  readonly column: number;
  readonly key: string | undefined;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, unsorted: readonly ConfigProblem[]) {
    const problems = [...unsorted].sort((a, b) => a.line - b.line || a.column - b.column);
    super(problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
    this.file = file;
    const first = problems[0];
    this.line = first?.line ?? 0;
    this.column = first?.column ?? 0;
    this.key = first?.key;
    this.problems = problems;
  }

  /** For problems that concern the whole file (unreadable, unsupported kind). */
  static forFile(file: string, message: string): ConfigError {
    const error = new ConfigError(file, []);
    error.message = `${file}: ${message}`;
    return error;
  }
}
