#!/usr/bin/env node
// `npm run bench`: generates a seeded synthetic agent codebase and measures the scan's
// wall time and peak RSS beside `tsc --noEmit` on the same files, in the same run,
// reporting the ratios against the targets (see docs/benchmark.md).
// Exit code: 0 (or 1 with --check when a target fails); 2 when a command failed.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus, MIN_FILES } from './bench/generate.mjs';
import { detectRssMethod, measureCommand, rssMethodHelp } from './bench/measure.mjs';
import { overallPass, renderText, summarizeGrowth, summarizeSize } from './bench/report.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const SCAN_BIN = join(REPO, 'bin', 'agent-impersonation-scan.js');
const MARKER = '.agent-impersonation-bench';

const USAGE = `Usage: npm run bench -- [options]

  --files N    files in the generated codebase (default 1000, minimum ${MIN_FILES})
  --seed S     seed of the generator (default 42)
  --scale      also run 4×N files and report the growth per file
  --runs R     measure each command R times and report the median (default 1)
  --out DIR    generate into DIR (default: a new temp dir)
  --keep       keep the generated codebase and the scan's JSON output
  --json       print a machine-readable summary instead of the table
  --check      exit 1 when a target is not met
  -h, --help   show this help

Environment: BENCH_SCAN_CMD replaces the scan command (a shell command line; {dir} and
{out} are replaced by the codebase and the JSON output path); BENCH_RSS=proc|time|none
chooses how peak RSS is measured.`;

class BenchError extends Error {}

function positiveInt(name, raw, min = 1) {
  const value = Number(raw);
  if (!/^\d+$/.test(String(raw)) || value < min) throw new BenchError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        files: { type: 'string', default: '1000' },
        seed: { type: 'string', default: '42' },
        scale: { type: 'boolean', default: false },
        runs: { type: 'string', default: '1' },
        out: { type: 'string' },
        keep: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new BenchError(`${error.message}\n\n${USAGE}`);
  }
  return {
    files: positiveInt('--files', values.files, MIN_FILES),
    seed: positiveInt('--seed', values.seed, 0),
    runs: positiveInt('--runs', values.runs),
    scale: values.scale,
    out: values.out,
    keep: values.keep,
    json: values.json,
    check: values.check,
    help: values.help,
  };
}

/** The output root; refuses a non-empty directory this script did not create before. */
function prepareOutRoot(out) {
  if (!out) return { root: mkdtempSync(join(tmpdir(), 'ais-bench-')), created: true };
  const root = resolve(out);
  const created = !existsSync(root);
  if (!created && readdirSync(root).length > 0 && !existsSync(join(root, MARKER))) {
    throw new BenchError(`--out ${root} is not empty and was not created by the benchmark; choose an empty directory`);
  }
  mkdirSync(root, { recursive: true });
  return { root, created };
}

function quote(path) {
  return `'${path.replaceAll("'", `'\\''`)}'`;
}

function scanInvocation(dir, outFile) {
  const template = process.env.BENCH_SCAN_CMD;
  if (template) {
    let line = template.replaceAll('{out}', quote(outFile));
    line = line.includes('{dir}') ? line.replaceAll('{dir}', quote(dir)) : `${line} ${quote(dir)}`;
    return { argv: [line], shell: true, label: line };
  }
  const argv = [process.execPath, SCAN_BIN, dir, '-f', 'json', '-o', outFile];
  return { argv, shell: false, label: 'node bin/agent-impersonation-scan.js <dir> -f json -o <file>' };
}

function tail(text, lines = 15) {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** tsc's exit code is ignored (unresolved framework imports are expected errors), but it must have checked. */
function checkTsc(result) {
  const codes = [...result.stdout.matchAll(/error (TS\d+)/g)].map((m) => m[1]);
  const configError = codes.find((code) => /^TS(5|6)\d{3}$/.test(code));
  if (result.signal || result.exitCode === null || ![0, 1, 2].includes(result.exitCode) || configError) {
    const why = result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}${configError ? `, ${configError}` : ''}`;
    throw new BenchError(`tsc failed (${why}):\n${tail(result.stderr || result.stdout)}`);
  }
  return { errors: codes.length, unresolvedImports: codes.filter((code) => code === 'TS2307').length };
}

function readScanReport(outFile, stdout) {
  for (const text of [existsSync(outFile) ? readFileSync(outFile, 'utf8') : '', stdout]) {
    try {
      const report = JSON.parse(text);
      if (report && Array.isArray(report.findings)) return report;
    } catch {
      // Not JSON; try the next place.
    }
  }
  return null;
}

function checkScan(result, outFile, label) {
  if (result.signal || result.exitCode === null || ![0, 1].includes(result.exitCode)) {
    const why = result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
    const hint = /dist\//.test(result.stderr) ? '\n(hint: run `npm run build` first)' : '';
    throw new BenchError(`the scan failed (${why}): ${label}\n${tail(result.stderr || result.stdout)}${hint}`);
  }
  const report = readScanReport(outFile, result.stdout);
  if (!report) return { findings: null, findingsByRule: null, filesScanned: null };
  const findingsByRule = {};
  for (const finding of report.findings) findingsByRule[finding.ruleId] = (findingsByRule[finding.ruleId] ?? 0) + 1;
  const filesScanned = typeof report.stats?.filesScanned === 'number' ? report.stats.filesScanned : null;
  return { findings: report.findings.length, findingsByRule, filesScanned };
}

function progress(message) {
  process.stderr.write(`${message}\n`);
}

/** Generates one corpus and measures tsc and the scan on it `runs` times, alternating which goes first. */
async function benchSize(options, root, files, method, judged) {
  const dir = join(root, `n${files}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const corpus = generateCorpus(dir, files, options.seed);
  progress(`generated ${files} files, ${corpus.lines} lines in ${(corpus.ms / 1000).toFixed(2)} s: ${dir}`);
  const runs = [];
  let tscInfo;
  let scanInfo;
  for (let run = 1; run <= options.runs; run += 1) {
    const outFile = join(root, `scan-n${files}-run${run}.json`);
    rmSync(outFile, { force: true });
    const scan = scanInvocation(dir, outFile);
    const measureTsc = async () => {
      const result = await measureCommand([process.execPath, TSC, '--noEmit', '-p', dir], { method, cwd: dir });
      tscInfo = checkTsc(result);
      progress(`  run ${run}/${options.runs} tsc:  ${(result.wallMs / 1000).toFixed(2)} s`);
      return result;
    };
    const measureScan = async () => {
      const result = await measureCommand(scan.argv, { method, shell: scan.shell, cwd: dir });
      scanInfo = checkScan(result, outFile, scan.label);
      progress(`  run ${run}/${options.runs} scan: ${(result.wallMs / 1000).toFixed(2)} s`);
      return result;
    };
    if (run % 2 === 1) {
      const tsc = await measureTsc();
      runs.push({ tsc, scan: await measureScan() });
    } else {
      const scanResult = await measureScan();
      runs.push({ tsc: await measureTsc(), scan: scanResult });
    }
  }
  return summarizeSize(corpus, runs, scanInfo, tscInfo, judged);
}

function notesFor(sizes, method) {
  const notes = [];
  const help = rssMethodHelp(method);
  if (help) notes.push(help);
  for (const s of sizes) {
    const extra = s.tsc.errors - s.tsc.unresolvedImports;
    if (extra > 0) notes.push(`N=${s.files}: tsc reported ${extra} errors besides unresolved package imports (a generator bug)`);
    if (s.scan.findings === null) notes.push(`N=${s.files}: the scan wrote no JSON report; findings unknown`);
    if (s.scan.filesScanned !== null && s.scan.filesScanned < 0.95 * s.files) {
      notes.push(`N=${s.files}: the scan reports ${s.scan.filesScanned} files scanned of ${s.files} generated`);
    }
  }
  if (process.env.BENCH_SCAN_CMD) notes.push(`scan command overridden by BENCH_SCAN_CMD: ${process.env.BENCH_SCAN_CMD}`);
  return notes;
}

function checkPrerequisites() {
  if (!existsSync(TSC)) throw new BenchError(`TypeScript not found at ${TSC}; run \`npm install\``);
  if (!process.env.BENCH_SCAN_CMD && !existsSync(SCAN_BIN)) {
    throw new BenchError(`${SCAN_BIN} not found; build the CLI (\`npm run build\`) or set BENCH_SCAN_CMD`);
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  checkPrerequisites();
  const method = detectRssMethod();
  const { root, created } = prepareOutRoot(options.out);
  writeFileSync(join(root, MARKER), 'generated by scripts/bench.mjs\n');
  let summary;
  try {
    const sizes = [await benchSize(options, root, options.files, method, true)];
    if (options.scale) sizes.push(await benchSize(options, root, options.files * 4, method, false));
    const growth = options.scale ? summarizeGrowth(sizes[0], sizes[1]) : null;
    summary = {
      seed: options.seed,
      runs: options.runs,
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      rssMethod: method,
      sizes,
      growth,
      notes: notesFor(sizes, method),
      pass: overallPass(sizes, growth),
      kept: options.keep ? root : null,
    };
  } finally {
    cleanUp(root, created, options);
  }
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : renderText(summary));
  if (options.keep && !options.json) process.stderr.write(`kept: ${root}\n`);
  return options.check && !summary.pass ? 1 : 0;
}

/** Removes only what this run wrote, and the root itself when this run created it. */
function cleanUp(root, created, options) {
  if (options.keep) return;
  for (const name of readdirSync(root)) {
    if (/^n\d+$/.test(name) || /^scan-n\d+-run\d+\.json$/.test(name) || name === MARKER) {
      rmSync(join(root, name), { recursive: true, force: true });
    }
  }
  if (created && readdirSync(root).length === 0) rmSync(root, { recursive: true, force: true });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    const message = error instanceof BenchError ? error.message : String(error.stack ?? error);
    process.stderr.write(`bench: ${message}\n`);
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: message }, null, 2)}\n`);
    process.exitCode = 2;
  },
);
