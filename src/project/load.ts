/**
 * Turns the paths a user gave into one TypeScript program over the app's own files.
 *
 * Per path: the nearest tsconfig.json/jsconfig.json (extends, files/include/exclude and
 * project references honoured, each referenced project loaded once); without one, a glob
 * that honours .gitignore. The program resolves only the project's own modules (relative
 * imports and tsconfig `paths`): framework packages are recognised from import specifiers,
 * so the scan works the same with or without node_modules, and never type-checks them.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { SkippedFile } from '../report/finding.js';
import { posixRelative } from '../report/paths.js';
import { CONFIG_NAMES, isInIgnoredDir, isScannableFileName, listSourceFiles, nestedConfigFiles, scriptKindOf } from './files.js';
import { readSourceFile } from './read-source.js';
import { ProjectModuleResolver } from './module-resolution.js';

export class ProjectLoadError extends Error {}

export interface LoadedProject {
  /** Problems with tsconfig files (a missing `extends`, a missing reference): the scan goes on. */
  configProblems: string[];
  program: ts.Program;
  /** Absolute paths of the files analysed (parsed without syntax errors). */
  files: string[];
  skipped: Array<SkippedFile & { absolute: string }>;
  /** The tsconfig/jsconfig files that were used. */
  configFiles: string[];
}

export interface LoadOptions {
  paths: string[];
  /** Explicit tsconfig files (`-p`). */
  projects?: string[];
  cwd: string;
  /** Extra filter from configuration (include/exclude); returns false to leave a file out. */
  fileFilter?: (absolute: string) => boolean;
}

function findNearestConfig(start: string): string | undefined {
  let dir = start;
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

interface ConfigFiles {
  files: string[];
  options: ts.CompilerOptions;
}

/** Loads a tsconfig and its project references (each once), collecting their files. */
function readConfigTree(configFile: string, visited: Set<string>, notes: string[], parsedConfigs: Map<string, ts.ParsedCommandLine>): ConfigFiles {
  const result: ConfigFiles = { files: [], options: {} };
  const resolved = path.resolve(configFile);
  if (visited.has(resolved)) return result;
  visited.add(resolved);
  const diagnostics: ts.Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(resolved, { noEmit: true }, host);
  if (!parsed) {
    const reason = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ');
    throw new ProjectLoadError(`cannot read ${resolved}: ${reason || 'unknown error'}`);
  }
  parsedConfigs.set(resolved, parsed);
  for (const d of parsed.errors) {
    // "No inputs were found" is normal for solution-style configs that only list references.
    if (d.code === 18003) continue;
    // `extends: "@tsconfig/node20"` without node_modules: only compiler options are lost, which we do not use.
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (d.code === 6053 && /File '[^'.\/][^']*' not found/.test(text)) continue;
    notes.push(`${path.basename(resolved)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  result.options = parsed.options;
  result.files.push(...parsed.fileNames);
  for (const ref of parsed.projectReferences ?? []) {
    const refPath = ts.resolveProjectReferencePath(ref);
    if (!existsSync(refPath)) {
      notes.push(`${path.basename(resolved)}: referenced project ${refPath} does not exist`);
      continue;
    }
    const child = readConfigTree(refPath, visited, notes, parsedConfigs);
    result.files.push(...child.files);
    if (!result.options.paths && child.options.paths) result.options = { ...result.options, paths: child.options.paths };
  }
  return result;
}

function isUnder(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The options of our own program: permissive parsing, no lib, only the project's modules. */
function analysisOptions(fromConfig: ts.CompilerOptions): ts.CompilerOptions {
  return {
    allowJs: true,
    checkJs: false,
    noLib: true,
    noResolve: true,
    types: [],
    noEmit: true,
    skipLibCheck: true,
    jsx: ts.JsxEmit.Preserve,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    resolveJsonModule: false,
    experimentalDecorators: true,
    ...(fromConfig.baseUrl ? { baseUrl: fromConfig.baseUrl } : {}),
    ...(fromConfig.paths ? { paths: fromConfig.paths } : {}),
    ...(fromConfig.pathsBasePath ? { pathsBasePath: fromConfig.pathsBasePath } : {}),
  };
}

export function loadProject(options: LoadOptions): LoadedProject {
  /** Each file with the folder it was found under: ignored folder names are judged below that folder only. */
  const files = new Map<string, string>();
  const configFiles: string[] = [];
  const visited = new Set<string>();
  // Module resolution reads the same configs for their `paths`: parsed once, here.
  const parsedConfigs = new Map<string, ts.ParsedCommandLine>();
  const notes: string[] = [];
  let compilerOptions: ts.CompilerOptions = {};

  const addConfig = (configFile: string, scope?: string): boolean => {
    const tree = readConfigTree(configFile, visited, notes, parsedConfigs);
    const inScope = tree.files.filter((f) => !scope || isUnder(path.resolve(f), scope));
    if (inScope.length === 0 && scope) return false;
    configFiles.push(path.resolve(configFile));
    if (!compilerOptions.paths && tree.options.paths) compilerOptions = tree.options;
    for (const f of inScope) files.set(path.resolve(f), path.dirname(path.resolve(configFile)));
    return true;
  };

  for (const project of options.projects ?? []) {
    const abs = path.resolve(options.cwd, project);
    const configFile = existsSync(abs) && statSync(abs).isDirectory() ? path.join(abs, 'tsconfig.json') : abs;
    if (!existsSync(configFile)) throw new ProjectLoadError(`project file not found: ${project}`);
    addConfig(configFile);
  }

  for (const p of options.paths) {
    const abs = path.resolve(options.cwd, p);
    if (!existsSync(abs)) throw new ProjectLoadError(`path not found: ${p}`);
    if (statSync(abs).isFile()) {
      files.set(abs, path.dirname(abs));
      continue;
    }
    if (options.projects?.length) continue;
    const config = findNearestConfig(abs);
    // A config above the scanned folder that does not cover it (e.g. a repo's own
    // tsconfig over a fixtures folder) says nothing about it: list the files instead.
    const covered = config !== undefined && addConfig(config, abs);
    const listed = listSourceFiles(abs);
    if (!covered) {
      for (const f of listed) files.set(f, abs);
      continue;
    }
    // Sub-projects with their own config (examples/*, apps/*) are part of the scan too.
    for (const nested of nestedConfigFiles(abs)) {
      if (!visited.has(path.resolve(nested))) addConfig(nested, abs);
    }
    const outside = listed.filter((f) => !files.has(f));
    if (outside.length > 0) {
      const shown = outside.slice(0, 3).map((f) => posixRelative(abs, f)).join(', ');
      notes.push(
        `${outside.length} source file(s) under ${path.relative(options.cwd, abs) || '.'} are outside every tsconfig/jsconfig include and were not scanned (e.g. ${shown}${outside.length > 3 ? ', …' : ''}); scan their folder explicitly to include them.`,
      );
    }
  }

  const skipped: LoadedProject['skipped'] = [];
  const parsed = new Map<string, ts.SourceFile>();
  for (const [file, root] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isScannableFileName(file) || isInIgnoredDir(path.relative(root, file))) continue;
    if (options.fileFilter && !options.fileFilter(file)) continue;
    const read = readSourceFile(file);
    if ('skipped' in read) {
      skipped.push({ file, absolute: file, reason: read.skipped });
      continue;
    }
    const sourceFile = parseSource(file, read.text);
    if ('skipped' in sourceFile) skipped.push({ file, absolute: file, reason: sourceFile.skipped });
    else parsed.set(file, sourceFile.file);
  }

  const program = createAnalysisProgram(parsed, analysisOptions(compilerOptions), parsedConfigs);
  const analysed: string[] = [];
  for (const file of parsed.keys()) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) continue;
    const syntax = program.getSyntacticDiagnostics(sourceFile).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (syntax.length > 0) {
      const first = syntax[0]!;
      const where = first.start !== undefined ? sourceFile.getLineAndCharacterOfPosition(first.start) : undefined;
      const at = where ? ` at line ${where.line + 1}:${where.character + 1}` : '';
      const message = ts.flattenDiagnosticMessageText(first.messageText, ' ');
      skipped.push({ file, absolute: file, reason: `syntax error${at}: ${message}` });
      continue;
    }
    analysed.push(file);
  }
  return { program, files: analysed, skipped, configFiles, configProblems: [...new Set(notes)] };
}

/** Parses one file; a file too deeply nested for the parser is skipped, not fatal. */
function parseSource(fileName: string, text: string): { file: ts.SourceFile } | { skipped: string } {
  try {
    // JSDoc is never read by the analysis; parents are set by the binder.
    const file = ts.createSourceFile(fileName, text, { languageVersion: ts.ScriptTarget.ESNext, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKindOf(fileName));
    return { file };
  } catch (err) {
    const reason = err instanceof RangeError ? 'too deeply nested to parse' : `could not be parsed (${(err as Error).message})`;
    return { skipped: reason };
  }
}


/** A program over the files we already parsed; it resolves only the project's own modules. */
function createAnalysisProgram(parsed: Map<string, ts.SourceFile>, options: ts.CompilerOptions, parsedConfigs: ReadonlyMap<string, ts.ParsedCommandLine>): ts.Program {
  const host = ts.createCompilerHost(options, true);
  host.getSourceFile = (fileName) => parsed.get(path.resolve(fileName));
  host.fileExists = (fileName) => parsed.has(path.resolve(fileName));
  host.readFile = (fileName) => parsed.get(path.resolve(fileName))?.text;
  // Module resolution asks about folders a lot; the parsed files say which exist, no disk needed.
  const folders = new Set<string>();
  for (const file of parsed.keys()) {
    for (let dir = path.dirname(file); !folders.has(dir); dir = path.dirname(dir)) {
      folders.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  host.directoryExists = (dir) => folders.has(path.resolve(dir));
  host.realpath = (p) => p;
  host.getDirectories = () => [];
  const resolver = new ProjectModuleResolver(options, host, (f) => parsed.has(f), parsedConfigs);
  host.resolveModuleNameLiterals = (literals, containingFile) =>
    literals.map((literal) => ({ resolvedModule: resolver.resolve(literal.text, containingFile) }));
  return ts.createProgram({ rootNames: [...parsed.keys()], options, host });
}
