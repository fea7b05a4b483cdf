/** Entry point of the `agent-impersonation-scan` binary: runs the CLI in a worker with a large stack (see worker.ts). */
import { Worker } from 'node:worker_threads';

/** Enough for expressions nested tens of thousands deep; the default is under 1 MB. */
const STACK_MB = 256;

export async function main(): Promise<void> {
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: { argv: process.argv.slice(2), cwd: process.cwd(), isTTY: Boolean(process.stdout.isTTY) },
    resourceLimits: { stackSizeMb: STACK_MB },
    env: process.env,
  });
  let code = 2;
  worker.on('message', (message: { code: number }) => {
    code = message.code;
  });
  await new Promise<void>((resolve) => {
    worker.on('error', (err) => {
      process.stderr.write(`agent-impersonation-scan: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      code = 2;
    });
    worker.on('exit', () => resolve());
  });
  process.exitCode = code;
}
