/**
 * The CLI: the only place that reads arguments and configuration from the user,
 * prints, and decides the exit code (0 clean, 1 findings, 2 could not run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { loadConfig, printConfig } from '../config/index.js';
import { ConfigError, type ScanConfig } from '../config/types.js';
import { formatReport, shouldUseColor } from '../formatters/index.js';
import { applySuppressions, parseDirectives, type Directive } from '../suppressions/index.js';
import { BASELINE_FILE, BaselineError, applyBaseline, pruneBaseline, readBaselineIfPresent, writeBaseline, type Baseline } from '../baseline/baseline.js';
import { scan } from '../analyze/scan.js';
import { loadModel, PackError, validatePack } from '../model/packs.js';
import { ProjectLoadError } from '../project/load.js';
import { RULES } from '../rules/registry.js';
import { RULE_IDS, type Finding, type ScanReport, type Severity } from '../report/finding.js';
import { parseArgs, UsageError, type CliOptions } from './options.js';
import { posixRelative } from '../report/paths.js';

export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let options: CliOptions | undefined;
  try {
    const parsed = parseArgs(argv);
    if ('exit' in parsed) {
      io.stdout.write(parsed.output);
      return parsed.exit;
    }
    options = parsed;
    return await run(options, io);
  } catch (err) {
    return reportFailure(err, io, options?.debug ?? argv.includes('--debug'));
  }
}

function reportFailure(err: unknown, io: CliIo, debug: boolean): number {
  if (err instanceof UsageError) {
    io.stderr.write(`agent-impersonation-scan: ${err.message}\nRun 'agent-impersonation-scan --help' for usage.\n`);
    return 2;
  }
  const known =
    err instanceof ConfigError || err instanceof BaselineError || err instanceof PackError || err instanceof ProjectLoadError || err instanceof OutputError;
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`agent-impersonation-scan: ${known ? '' : 'internal error: '}${message}\n`);
  if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  else if (!known) io.stderr.write('Run again with --debug for details, and please report it.\n');
  return 2;
}

async function run(options: CliOptions, io: CliIo): Promise<number> {
  if (options.listRules) {
    for (const rule of RULES) io.stdout.write(`${rule.meta.id.padEnd(32)}${rule.meta.defaultSeverity.padEnd(9)}${rule.meta.shortDescription}\n`);
    return 0;
  }
  const { config } = await loadConfig({ cwd: io.cwd, scanPaths: options.paths, ...(options.config ? { explicitPath: options.config } : {}) });
  if (options.printConfig) {
    io.stdout.write(printConfig(config));
    return 0;
  }
  const model = loadModel(config.packs, configPacks(config));
  const result = scan(
    {
      paths: options.paths,
      cwd: io.cwd,
      ...(options.project.length ? { projects: options.project } : {}),
      fileFilter: fileFilterOf(config),
      firstPartyAudiences: config.firstPartyAudiences,
    },
    model,
  );
  if (options.debug) {
    const phases = result.timings.map(([label, ms]) => `${label} ${ms} ms`).join(', ');
    io.stderr.write(`scanned ${result.report.stats.filesScanned} files in ${result.report.stats.durationMs} ms (${phases}); ${model.packs.length} rule packs\n`);
  }
  if (result.report.stats.filesScanned === 0 && result.report.skipped.length === 0) {
    throw new ProjectLoadError(`no JavaScript or TypeScript files to scan in ${options.paths.join(', ')}`);
  }
  let report = applyRuleSettings(result.report, config);

  const directives = new Map<string, Directive[]>();
  for (const [file, { text, sourceFile }] of result.fileTexts) {
    const found = parseDirectives(text, file, sourceFile);
    if (found.length) directives.set(file, found);
  }
  const suppressed = applySuppressions(report.findings, directives, {
    knownRuleIds: RULE_IDS,
    requireReason: config.requireSuppressionReason,
    reportUnused: options.reportUnusedDisableDirectives ?? config.reportUnusedDisableDirectives,
  });
  report = { ...report, findings: suppressed.findings, notices: [...report.notices, ...suppressed.notices] };

  const baselineFile = path.join(report.root, BASELINE_FILE);
  let written: Baseline | undefined;
  if (options.suppressAll) {
    written = await writeBaseline(baselineFile, report.findings.filter((f) => !f.suppression));
    io.stderr.write(`Wrote ${written.entries.length} finding(s) to ${path.relative(io.cwd, baselineFile) || baselineFile}; commit it. Later scans report only new findings.\n`);
  }
  // The baseline just written is the one to apply; reading it back would only parse it again.
  const baseline = written ?? (await readBaselineIfPresent(baselineFile));
  if (options.pruneSuppressions && !baseline) {
    io.stderr.write(`No baseline to prune: ${path.relative(io.cwd, baselineFile) || baselineFile} does not exist (create one with --suppress-all).\n`);
  }
  if (baseline) {
    if (options.pruneSuppressions) {
      const pruned = pruneBaseline(baseline, report.findings);
      await writeBaseline(baselineFile, pruned);
      io.stderr.write(`Pruned ${baseline.entries.length - pruned.entries.length} baseline entr(y/ies) that no longer occur.\n`);
    }
    report = { ...report, findings: applyBaseline(report.findings, baseline) };
  }

  const shown = options.quiet ? { ...report, findings: report.findings.filter((f) => f.severity === 'error') } : report;
  const color = options.outputFile ? false : shouldUseColor(io.stdout, io.env, options.color);
  const output = formatReport(shown, options.format, { color, cwd: io.cwd });
  if (options.outputFile) {
    const target = path.resolve(io.cwd, options.outputFile);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, output);
    } catch (err) {
      throw new OutputError(`cannot write the report to ${options.outputFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else {
    io.stdout.write(output.endsWith('\n') || output === '' ? output : `${output}\n`);
  }
  if (report.stats.filesScanned === 0) {
    // Every file was skipped: a green run here would be a lie.
    io.stderr.write(`agent-impersonation-scan: none of the ${report.skipped.length} file(s) could be analysed (see the skipped files above).\n`);
    return 2;
  }
  return exitCode(report.findings, report.notices, options);
}

/** The report could not be written where the user asked. */
export class OutputError extends Error {}

function exitCode(findings: readonly Finding[], notices: ScanReport['notices'], options: CliOptions): number {
  const active = findings.filter((f) => !f.suppression);
  const threshold = SEVERITY_RANK[options.failOn];
  if (active.some((f) => SEVERITY_RANK[f.severity] >= threshold)) return 1;
  if (options.maxWarnings !== undefined && active.filter((f) => f.severity === 'warning').length > options.maxWarnings) return 1;
  if (notices.some((n) => n.level === 'error' && n.code === 'unused-disable-directive')) return 1;
  return 0;
}

/** `rules:` in the configuration: off drops a rule, warn/error set its severity. */
function applyRuleSettings(report: ScanReport, config: ScanConfig): ScanReport {
  const findings: Finding[] = [];
  for (const f of report.findings) {
    const setting = config.rules[f.ruleId];
    if (setting === 'off') continue;
    findings.push(setting ? { ...f, severity: setting === 'warn' ? 'warning' : 'error' } : f);
  }
  return { ...report, findings };
}

function fileFilterOf(config: ScanConfig): (absolute: string) => boolean {
  const include = picomatch(config.include, { dot: true });
  const exclude = picomatch(config.exclude, { dot: true });
  return (absolute) => {
    const rel = posixRelative(config.baseDir, absolute);
    if (rel.startsWith('..')) return true;
    return include(rel) && !exclude(rel);
  };
}

/** The configuration's own `sources`/`sinks`/`sanitizers`, validated as one pack. */
function configPacks(config: ScanConfig) {
  if (!config.sources.length && !config.sinks.length && !config.sanitizers.length) return [];
  const file = config.configFile ?? '.agent-impersonation-scan.yml';
  const data = {
    pack: 'project-config',
    description: 'sources, sinks and sanitizers from the project configuration',
    checkedAgainst: {},
    sources: config.sources,
    sinks: config.sinks,
    sanitizers: config.sanitizers,
  };
  return [{ pack: validatePack(data, file), file }];
}
