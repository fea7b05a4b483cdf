/**
 * The scan runs in a worker thread with a large stack: TypeScript's parser, binder and our
 * analysis recurse over the syntax tree, and generated or minified code can nest deeper
 * than the main thread's default stack allows. The worker only relays output and the exit code.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { preloadTypeScript, saveTypeScriptCache } from './compile-cache.js';

interface WorkerInput {
  argv: string[];
  cwd: string;
  isTTY: boolean;
}

const input = workerData as WorkerInput;
// Before anything imports `typescript` (run.js does, through the whole pipeline).
preloadTypeScript(process.env);
const { runCli } = await import('./run.js');
const stdout = { write: (s: string) => process.stdout.write(s), isTTY: input.isTTY };
const code = await runCli(input.argv, { stdout, stderr: process.stderr, env: process.env, cwd: input.cwd });
saveTypeScriptCache();
parentPort?.postMessage({ code });
