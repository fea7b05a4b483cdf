/**
 * `--print-config`: the effective configuration as YAML that loads back to the same
 * configuration (pack paths are absolute; globs stay relative to `baseDir`).
 */
import { stringify } from 'yaml';
import type { ScanConfig } from './types.js';

export function printConfig(config: ScanConfig): string {
  const header = [
    `# Effective configuration of agent-impersonation-scan`,
    `# from: ${config.configFile ?? '(no config file found; defaults)'}`,
    `# globs are relative to: ${config.baseDir}`,
  ];
  const body = {
    rules: config.rules,
    include: config.include,
    exclude: config.exclude,
    requireSuppressionReason: config.requireSuppressionReason,
    reportUnusedDisableDirectives: config.reportUnusedDisableDirectives,
    firstPartyAudiences: config.firstPartyAudiences,
    sources: config.sources,
    sinks: config.sinks,
    sanitizers: config.sanitizers,
    packs: config.packs,
  };
  return `${header.join('\n')}\n${stringify(body, { lineWidth: 0 })}`;
}
