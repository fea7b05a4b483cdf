/**
 * Baseline for existing codebases (`--suppress-all`, `--prune-suppressions`). In the CLI:
 *
 *   const file = path.join(root, BASELINE_FILE);
 *   if (opts.suppressAll) await writeBaseline(file, findings);           // after inline suppressions
 *   const baseline = await readBaselineIfPresent(file);                   // BaselineError → exit 2
 *   if (baseline && opts.pruneSuppressions) await writeBaseline(file, pruneBaseline(baseline, findings));
 *   if (baseline) findings = applyBaseline(findings, baseline);
 */
export {
  BASELINE_FILE,
  BASELINE_TOOL,
  BASELINE_VERSION,
  BaselineError,
  applyBaseline,
  createBaseline,
  parseBaseline,
  pruneBaseline,
  readBaseline,
  readBaselineIfPresent,
  serializeBaseline,
  writeBaseline,
  type Baseline,
  type BaselineEntry,
} from './baseline.js';
