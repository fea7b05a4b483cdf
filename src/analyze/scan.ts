/**
 * One scan, end to end, as a library call: load the project, build the model, find
 * flows, turn them into findings. No printing, no exit codes (that is the CLI's job).
 */
import path from 'node:path';
import ts from 'typescript';
import { statSync } from 'node:fs';
import { loadProject, type LoadOptions } from '../project/load.js';
import { loadModel, type Model } from '../model/packs.js';
import type { Pack } from '../model/pack.js';
import { Symbols } from '../model/symbols.js';
import { ApiResolver } from '../model/api.js';
import { CallMatching } from '../model/matchers.js';
import { ProgramIndex } from '../taint/program-index.js';
import { SourceMatcher } from '../taint/sources.js';
import { ModelPolicy } from '../taint/policy.js';
import { TaintEngine } from '../taint/engine.js';
import { SinkFinder } from '../taint/sinks.js';
import type { Finding, ScanNotice, ScanReport, SkippedFile } from '../report/finding.js';
import { RULE_METAS } from '../rules/registry.js';
import { findingsFromFlows, spanOf } from './findings.js';
import { TOOL_INFO } from '../version.js';
import { posixRelative } from '../report/paths.js';

export interface ScanOptions {
  paths: string[];
  cwd: string;
  projects?: string[];
  /** Extra rule pack files (configuration `packs`). */
  packFiles?: string[];
  /** Inline packs (configuration `sources`/`sinks`/`sanitizers`). */
  packs?: Array<{ pack: Pack; file: string }>;
  fileFilter?: LoadOptions['fileFilter'];
  /** Configuration `firstPartyAudiences`: tools sending the credential only there are reported as notes. */
  firstPartyAudiences?: string[];
}

export interface ScanResult {
  report: ScanReport;
  /** Source text of every analysed file (for suppression directives). */
  fileTexts: Map<string, { text: string; absolute: string; sourceFile: ts.SourceFile }>;
  /** Milliseconds per phase, for --debug. */
  timings: Array<[string, number]>;
}

/** The folder every path in the report is relative to: the scanned folder, or the current directory. */
function reportRoot(paths: string[], cwd: string): string {
  if (paths.length === 1) {
    const abs = path.resolve(cwd, paths[0]!);
    try {
      return statSync(abs).isDirectory() ? abs : path.dirname(abs);
    } catch {
      return cwd;
    }
  }
  return cwd;
}

export function scan(options: ScanOptions, model: Model = loadModel(options.packFiles, options.packs)): ScanResult {
  const started = Date.now();
  const timings: Array<[string, number]> = [];
  let mark = started;
  const lap = (label: string): void => {
    const now = Date.now();
    timings.push([label, now - mark]);
    mark = now;
  };
  const root = reportRoot(options.paths, options.cwd);
  const project = loadProject({
    paths: options.paths,
    cwd: options.cwd,
    ...(options.projects ? { projects: options.projects } : {}),
    ...(options.fileFilter ? { fileFilter: options.fileFilter } : {}),
  });
  lap('read and parse');
  const program = project.program;
  const checker = program.getTypeChecker();
  const sourceFiles = project.files.map((f) => program.getSourceFile(f)).filter((sf) => sf !== undefined);
  const symbols = new Symbols(checker);
  const api = new ApiResolver(symbols);
  const calls = new CallMatching(api);
  calls.constant = (expr) => {
    if (!ts.isIdentifier(expr)) return undefined;
    const decl = symbols.declarationOf(expr);
    const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? decl.initializer : undefined;
    return init && ts.isStringLiteralLike(init) ? init.text : undefined;
  };
  const index = new ProgramIndex(sourceFiles, program);
  symbols.declaredNamesOf = (file) => index.declaredNames.get(file);
  lap('bind and index');
  const sources = new SourceMatcher(model.sources, calls);
  const policy = new ModelPolicy(model.sanitizers, model.propagators, calls, symbols, index);
  const engine = new TaintEngine(symbols, api, index, sources, policy);
  const finder = new SinkFinder(model.sinks, model.contextReaders, model.contextWriters, engine, calls, policy, model.mcpServerModules);
  const flows = finder.findFlows();
  lap('find flows');
  const findings: Finding[] = findingsFromFlows(flows, root, { firstPartyAudiences: options.firstPartyAudiences ?? [], symbols });
  lap('report');

  const rel = (abs: string): string => posixRelative(root, abs);
  const skipped: SkippedFile[] = project.skipped.map((s) => ({ file: rel(s.absolute), reason: s.reason }));
  const notices: ScanNotice[] = finder.failures.map(({ node, message }) => ({
    level: 'warning' as const,
    code: 'analysis-error',
    message: `could not analyse this expression (${message}); other findings are unaffected. Please report it.`,
    span: spanOf(node, root),
  }));
  for (const problem of project.configProblems) notices.push({ level: 'warning', code: 'project-config', message: problem });
  const fileTexts = new Map<string, { text: string; absolute: string; sourceFile: ts.SourceFile }>();
  for (const sf of sourceFiles) fileTexts.set(rel(sf.fileName), { text: sf.text, absolute: sf.fileName, sourceFile: sf });

  return {
    report: {
      tool: TOOL_INFO,
      root,
      findings,
      skipped,
      notices,
      rules: [...RULE_METAS],
      stats: { filesScanned: sourceFiles.length, durationMs: Date.now() - started },
    },
    fileTexts,
    timings,
  };
}
