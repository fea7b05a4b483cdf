// Turns raw measurements into the benchmark's verdict: medians, scan/tsc ratios,
// growth from N to 4N, PASS/FAIL against the targets, and the printed table.

/** The issue's targets: scan ≤ 0.5× tsc's time, ≤ 1.0× its peak RSS, growth ≤ 1.15× linear. */
export const TARGETS = { timeRatio: 0.5, memoryRatio: 1.0, growth: 1.15 };

export function median(values) {
  const present = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (present.length === 0) return null;
  const mid = Math.floor(present.length / 2);
  return present.length % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}

function ratio(a, b) {
  return a === null || b === null || b === 0 ? null : a / b;
}

function verdictOf(value, limit) {
  if (value === null) return 'n/a';
  return value <= limit ? 'PASS' : 'FAIL';
}

/** One corpus size: medians over runs, ratios, and (when `judged`) the verdict against the ratio targets. */
export function summarizeSize(corpus, runs, scanInfo, tscInfo, judged) {
  const tsc = { wallMs: median(runs.map((r) => r.tsc.wallMs)), peakRssKb: median(runs.map((r) => r.tsc.peakRssKb)) };
  const scan = { wallMs: median(runs.map((r) => r.scan.wallMs)), peakRssKb: median(runs.map((r) => r.scan.peakRssKb)) };
  const timeRatio = ratio(scan.wallMs, tsc.wallMs);
  const memoryRatio = ratio(scan.peakRssKb, tsc.peakRssKb);
  return {
    files: corpus.files,
    lines: corpus.lines,
    sha256: corpus.sha256,
    generateMs: corpus.ms,
    planted: corpus.planted,
    plantedByRule: corpus.plantedByRule,
    plantedFiles: corpus.plantedFiles,
    tsc: { ...tsc, samples: runs.map((r) => pick(r.tsc)), ...tscInfo },
    scan: { ...scan, samples: runs.map((r) => pick(r.scan)), ...scanInfo },
    timeRatio,
    memoryRatio,
    verdict: judged
      ? { time: verdictOf(timeRatio, TARGETS.timeRatio), memory: verdictOf(memoryRatio, TARGETS.memoryRatio) }
      : null,
  };
}

function pick(run) {
  return { wallMs: round(run.wallMs, 1), peakRssKb: run.peakRssKb };
}

/** Cost growth from the small to the large corpus, per unit of size: 1.0 means exactly linear. */
export function summarizeGrowth(small, large) {
  const factor = large.files / small.files;
  const per = (a, b) => (a === null || b === null || b === 0 ? null : a / b / factor);
  const scanTime = per(large.scan.wallMs, small.scan.wallMs);
  const scanMemory = per(large.scan.peakRssKb, small.scan.peakRssKb);
  return {
    from: small.files,
    to: large.files,
    factor,
    scanTime,
    scanMemory,
    tscTime: per(large.tsc.wallMs, small.tsc.wallMs),
    tscMemory: per(large.tsc.peakRssKb, small.tsc.peakRssKb),
    verdict: { time: verdictOf(scanTime, TARGETS.growth), memory: verdictOf(scanMemory, TARGETS.growth) },
  };
}

/** True unless some judged verdict is FAIL ('n/a' does not fail). */
export function overallPass(sizes, growth) {
  const verdicts = sizes.flatMap((s) => (s.verdict ? [s.verdict.time, s.verdict.memory] : []));
  if (growth) verdicts.push(growth.verdict.time, growth.verdict.memory);
  return !verdicts.includes('FAIL');
}

function round(value, digits) {
  return value === null ? null : Number(value.toFixed(digits));
}

const int = (n) => n.toLocaleString('en-US');
const secs = (ms) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const mb = (kb) => (kb === null ? 'n/a' : `${int(Math.round(kb / 1024))} MB`);
const times = (x) => (x === null ? 'n/a' : `${x.toFixed(2)}×`);

function rowVerdict(size) {
  if (!size.verdict) return '—';
  const failed = [];
  if (size.verdict.time === 'FAIL') failed.push('time');
  if (size.verdict.memory === 'FAIL') failed.push('memory');
  if (failed.length > 0) return `FAIL (${failed.join(', ')})`;
  return size.verdict.memory === 'n/a' ? 'PASS (time only)' : 'PASS';
}

function table(rows) {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows
    .map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padStart(widths[col]))).join('  '))
    .join('\n');
}

function byRule(counts) {
  const entries = Object.entries(counts ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '' : ` (${entries.map(([rule, n]) => `${rule} ${n}`).join(', ')})`;
}

/** The human-readable report. */
export function renderText(summary) {
  const header = ['files', 'lines', 'tsc time', 'tsc peak RSS', 'scan time', 'scan peak RSS', 'time ratio', 'mem ratio', 'findings', 'verdict'];
  const rows = summary.sizes.map((s) => [
    int(s.files),
    int(s.lines),
    secs(s.tsc.wallMs),
    mb(s.tsc.peakRssKb),
    secs(s.scan.wallMs),
    mb(s.scan.peakRssKb),
    times(s.timeRatio),
    times(s.memoryRatio),
    s.scan.findings === null ? 'n/a' : int(s.scan.findings),
    rowVerdict(s),
  ]);
  const out = [
    `agent-impersonation-scan benchmark: seed ${summary.seed}, median of ${summary.runs} run(s), ` +
      `node ${summary.node}, ${summary.platform}, ${summary.cpus} CPUs, ` +
      (summary.rssMethod === 'none' ? 'peak RSS not measured' : `peak RSS via ${summary.rssMethod}`),
    '',
    table([header, ...rows]),
    '',
  ];
  if (summary.growth) {
    const g = summary.growth;
    out.push(
      `growth ${int(g.from)} → ${int(g.to)} files, per file (1.00× = linear): ` +
        `scan time ${times(g.scanTime)} ${g.verdict.time}, scan memory ${times(g.scanMemory)} ${g.verdict.memory} ` +
        `(target ≤ ${TARGETS.growth.toFixed(2)}×); tsc time ${times(g.tscTime)}, tsc memory ${times(g.tscMemory)}`,
    );
  }
  for (const s of summary.sizes) {
    out.push(
      `N=${int(s.files)}: planted flows ${s.planted}${byRule(s.plantedByRule)}; ` +
        `scan findings ${s.scan.findings ?? 'n/a'}${byRule(s.scan.findingsByRule)}` +
        (s.scan.filesScanned === null ? '' : `; files scanned ${int(s.scan.filesScanned)}`),
    );
  }
  for (const note of summary.notes) out.push(`note: ${note}`);
  out.push(
    `targets: scan time ≤ ${TARGETS.timeRatio.toFixed(2)}× tsc and scan peak RSS ≤ ${TARGETS.memoryRatio.toFixed(2)}× tsc ` +
      `(judged on the first row)${summary.growth ? `, growth ≤ ${TARGETS.growth.toFixed(2)}× linear` : ''}`,
    `result: ${summary.pass ? 'PASS' : 'FAIL'}`,
  );
  return `${out.join('\n')}\n`;
}
