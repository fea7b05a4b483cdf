/**
 * A V8 code cache for TypeScript's 9 MB compiler library. Compiling it costs about 0.1 s on
 * every run, a few percent of a whole scan. Node 22 has `module.enableCompileCache()`;
 * Node 20, which we support, does not, so the CLI does the same for this one file: it
 * compiles `typescript.js` with the bytecode V8 produced on an earlier run and stores that
 * bytecode under the user's cache folder.
 *
 * V8 checks the cache against the source and its own version and flags, and rejects a
 * mismatch (the file is then rewritten). Any failure falls back to a plain `require`.
 * `AGENT_IMPERSONATION_SCAN_NO_CACHE=1` turns it off.
 */
import fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

interface Loaded {
  script: vm.Script;
  cacheFile: string;
  fresh: boolean;
}

let loaded: Loaded | undefined;

interface ModuleInternals {
  filename: string;
  paths: string[];
  loaded: boolean;
  exports: unknown;
}

/** Loads `typescript` into the require cache from a code cache, before anything imports it. */
export function preloadTypeScript(env: NodeJS.ProcessEnv): void {
  if (env.AGENT_IMPERSONATION_SCAN_NO_CACHE) return;
  try {
    const require = createRequire(import.meta.url);
    const filename = require.resolve('typescript');
    if (require.cache[filename]) return;
    const stat = fs.statSync(filename);
    const cacheFile = path.join(cacheFolder(env), `typescript-${process.version}-${process.arch}-${stat.size}-${Math.trunc(stat.mtimeMs)}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const source = fs.readFileSync(filename, 'utf8');
    const script = new vm.Script(Module.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    const mod = new Module(filename) as unknown as ModuleInternals;
    mod.filename = filename;
    mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
    wrapper.call(mod.exports, mod.exports, createRequire(filename), mod, filename, path.dirname(filename));
    mod.loaded = true;
    require.cache[filename] = mod as unknown as NodeJS.Module;
    loaded = { script, cacheFile, fresh: !cachedData || script.cachedDataRejected === true };
  } catch {
    loaded = undefined;
  }
}

/** After a scan, when the cache was missing or stale: store the bytecode (now including the functions the scan compiled). */
export function saveTypeScriptCache(): void {
  if (!loaded?.fresh) return;
  try {
    const data = loaded.script.createCachedData();
    fs.mkdirSync(path.dirname(loaded.cacheFile), { recursive: true, mode: 0o700 });
    const temporary = `${loaded.cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, loaded.cacheFile);
  } catch {
    // A read-only home or a full disk only costs the next run its 0.1 s.
  }
}

function cacheFolder(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'agent-impersonation-scan');
}
