#!/usr/bin/env node
// The published binary: a thin shim over the built CLI.
import { main } from '../dist/cli/main.js';

main().catch((err) => {
  process.stderr.write(`agent-impersonation-scan: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
