/**
 * Configuration: `.agent-impersonation-scan.yml` discovery, safe YAML parsing, schema
 * validation with positioned errors, `--print-config`, and first-party audience matching.
 *
 *   try {
 *     const { config } = await loadConfig({ cwd: process.cwd(), scanPaths, explicitPath: opts.config });
 *   } catch (error) {
 *     if (error instanceof ConfigError) { console.error(error.message); process.exitCode = 2; return; }
 *     throw error;
 *   }
 *
 * `config.sources`/`sinks`/`sanitizers` are only checked to be lists of mappings here;
 * validate them against the pack schema before use.
 */
export { loadConfig, findConfigFile, CONFIG_FILE_NAMES, type LoadConfigOptions } from './load.js';
export { parseConfigText, MAX_ALIAS_COUNT } from './parse.js';
export { printConfig } from './print.js';
export { matchesFirstPartyAudience, audiencePatternProblem } from './audience.js';
export { closestMatch, didYouMean, editDistance } from './did-you-mean.js';
export {
  ConfigError,
  defaultConfig,
  DEFAULT_INCLUDE,
  ALWAYS_EXCLUDED,
  type ConfigProblem,
  type LoadedConfig,
  type RuleSetting,
  type ScanConfig,
} from './types.js';
