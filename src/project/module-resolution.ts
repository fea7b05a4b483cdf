/**
 * Resolves the project's own module specifiers (relative imports and tsconfig `paths`
 * aliases such as `@/lib/auth`) for one program over many sub-projects: each file uses
 * the `paths`/`baseUrl` of its nearest tsconfig.json or jsconfig.json, so a monorepo
 * whose apps each map `@/*` differently still resolves. Package imports stay unresolved
 * on purpose: frameworks are recognised by their import specifiers.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { CONFIG_NAMES } from './files.js';

interface AliasOptions {
  options: ts.CompilerOptions;
  cache: ts.ModuleResolutionCache;
}

export class ProjectModuleResolver {
  private readonly byDir = new Map<string, AliasOptions | null>();
  private readonly byConfig = new Map<string, AliasOptions | null>();

  constructor(
    private readonly base: ts.CompilerOptions,
    private readonly host: ts.ModuleResolutionHost,
    private readonly isProjectFile: (file: string) => boolean,
    /** Configs the project loader already parsed, by absolute path. */
    private readonly parsedConfigs: ReadonlyMap<string, ts.ParsedCommandLine> = new Map(),
  ) {}

  resolve(name: string, containingFile: string): ts.ResolvedModuleFull | undefined {
    const relative = name.startsWith('.') || name.startsWith('/');
    const alias = relative ? undefined : this.aliasOptionsFor(path.dirname(containingFile));
    if (!relative && !(alias && matchesPathAlias(name, alias.options))) {
      return alias ? undefined : this.conventionalAlias(name, containingFile);
    }
    const options = alias?.options ?? this.base;
    const result = ts.resolveModuleName(name, containingFile, options, this.host, alias?.cache);
    const resolved = result.resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport || !this.isProjectFile(path.resolve(resolved.resolvedFileName))) return undefined;
    return resolved;
  }

  /**
   * With no tsconfig `paths` at all, `@/lib/auth` and `~/lib/auth` are the conventions of
   * create-next-app, Nuxt and Remix: the project root or its `src/`, found from the importing file upward.
   */
  private conventionalAlias(name: string, containingFile: string): ts.ResolvedModuleFull | undefined {
    const m = /^[@~]\/(.+)$/.exec(name);
    if (!m) return undefined;
    let dir = path.dirname(containingFile);
    for (let i = 0; i < 12; i++) {
      for (const base of [dir, path.join(dir, 'src')]) {
        const result = ts.resolveModuleName(`./${m[1]}`, path.join(base, '__alias__.ts'), this.base, this.host);
        const resolved = result.resolvedModule;
        if (resolved && !resolved.isExternalLibraryImport && this.isProjectFile(path.resolve(resolved.resolvedFileName))) return resolved;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return undefined;
  }

  /** The alias options of the nearest config above `dir` that defines `paths` (cached per folder). */
  private aliasOptionsFor(dir: string): AliasOptions | undefined {
    const cached = this.byDir.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    let found: AliasOptions | null = null;
    for (const name of CONFIG_NAMES) {
      const config = path.join(dir, name);
      if (existsSync(config)) {
        found = this.readConfig(config);
        break;
      }
    }
    if (!found && !dir.endsWith(`${path.sep}node_modules`)) {
      const parent = path.dirname(dir);
      found = parent !== dir ? (this.aliasOptionsFor(parent) ?? null) : null;
    }
    this.byDir.set(dir, found);
    return found ?? undefined;
  }

  private readConfig(file: string): AliasOptions | null {
    const cached = this.byConfig.get(file);
    if (cached !== undefined) return cached;
    let result: AliasOptions | null = null;
    try {
      const parsed = this.parsedConfigs.get(file) ?? ts.getParsedCommandLineOfConfigFile(file, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
      if (parsed?.options.paths) {
        const options: ts.CompilerOptions = {
          ...this.base,
          paths: parsed.options.paths,
          ...(parsed.options.baseUrl ? { baseUrl: parsed.options.baseUrl } : {}),
          ...(parsed.options.pathsBasePath ? { pathsBasePath: parsed.options.pathsBasePath } : {}),
        };
        result = { options, cache: ts.createModuleResolutionCache(path.dirname(file), (f) => f, options) };
      }
    } catch {
      // A broken config only means its aliases stay unresolved.
    }
    this.byConfig.set(file, result);
    return result;
  }
}

function matchesPathAlias(name: string, options: ts.CompilerOptions): boolean {
  if (!options.paths) return false;
  return Object.keys(options.paths).some((pattern) => {
    const star = pattern.indexOf('*');
    if (star < 0) return pattern === name;
    return name.startsWith(pattern.slice(0, star)) && name.endsWith(pattern.slice(star + 1));
  });
}
