/**
 * The baseline of an existing codebase: `agent-impersonation-scan-suppressions.json`,
 * committed by the team, lists the findings that were accepted when the scanner was
 * adopted (`--suppress-all`), so later scans report only new ones.
 *
 * Exports `BASELINE_FILE`, `readBaseline`, `readBaselineIfPresent`, `writeBaseline`,
 * `createBaseline`, `applyBaseline`, `pruneBaseline`, `BaselineError`.
 *
 * Entries are keyed by (ruleId, file, fingerprint): the stable fingerprint survives line
 * moves and unrelated edits, and a new flow into the same sink has a new fingerprint.
 * Matching is count-aware: N entries with one key suppress at most N findings with it.
 * Findings already suppressed in source neither consume entries nor are written.
 * Call order in the CLI: applySuppressions (inline) first, then applyBaseline.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Finding } from '../report/finding.js';

export const BASELINE_FILE = 'agent-impersonation-scan-suppressions.json';
export const BASELINE_VERSION = 1;
export const BASELINE_TOOL = 'agent-impersonation-scan';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Report-relative POSIX path of the finding's sink. */
  file: string;
  /** What flows where, to help a reviewer of the committed file; not used for matching. */
  message?: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: typeof BASELINE_TOOL;
  entries: BaselineEntry[];
}

/** A baseline file that cannot be used; the CLI prints `message` and exits with code 2. */
export class BaselineError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'BaselineError';
    this.file = file;
  }
}

function keyOf(entry: { ruleId: string; file: string; fingerprint: string }): string {
  return `${entry.ruleId}\u0000${entry.file}\u0000${entry.fingerprint}`;
}

function findingKey(finding: Finding): string {
  return keyOf({ ruleId: finding.ruleId, file: finding.location.file, fingerprint: finding.fingerprint });
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const fields = ['file', 'ruleId', 'fingerprint', 'message'] as const;
  for (const field of fields) {
    const x = a[field] ?? '';
    const y = b[field] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function isSuppressedInSource(finding: Finding): boolean {
  return finding.suppression?.kind === 'inSource';
}

/** A baseline of every finding not suppressed in source, sorted deterministically. */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings.filter((f) => !isSuppressedInSource(f)).map((f) => ({
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    file: f.location.file,
    message: f.message.what,
  }));
  return { version: BASELINE_VERSION, tool: BASELINE_TOOL, entries: entries.sort(compareEntries) };
}

export function serializeBaseline(baseline: Baseline): string {
  const entries = [...baseline.entries].sort(compareEntries).map((e) => {
    const entry: BaselineEntry = { fingerprint: e.fingerprint, ruleId: e.ruleId, file: e.file };
    if (e.message !== undefined) entry.message = e.message;
    return entry;
  });
  return `${JSON.stringify({ version: baseline.version, tool: baseline.tool, entries }, null, 2)}\n`;
}

/**
 * Writes `findings` (or a ready baseline, e.g. from pruneBaseline) to `file`, atomically
 * so an interrupted run never leaves a half-written file for the team to commit.
 */
export async function writeBaseline(file: string, content: readonly Finding[] | Baseline): Promise<Baseline> {
  const baseline = Array.isArray(content) ? createBaseline(content as readonly Finding[]) : (content as Baseline);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.writeFile(temp, serializeBaseline(baseline), 'utf8');
  await fs.rename(temp, file);
  return baseline;
}

function entryProblem(value: unknown, index: number): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `entries[${index}] must be an object`;
  const entry = value as Record<string, unknown>;
  for (const field of ['fingerprint', 'ruleId', 'file'] as const) {
    if (typeof entry[field] !== 'string' || entry[field] === '') return `entries[${index}].${field} must be a non-empty string`;
  }
  if (entry.message !== undefined && typeof entry.message !== 'string') return `entries[${index}].message must be a string`;
  return undefined;
}

/** Checks the parsed JSON of a baseline file; throws BaselineError naming what is wrong. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(file, `not valid JSON (${(error as Error).message}). Regenerate it with --suppress-all`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new BaselineError(file, 'expected a JSON object with version, tool and entries');
  }
  const record = data as Record<string, unknown>;
  if (record.tool !== BASELINE_TOOL) throw new BaselineError(file, `"tool" must be "${BASELINE_TOOL}"; is this the right file?`);
  if (record.version !== BASELINE_VERSION) {
    throw new BaselineError(file, `unsupported version ${JSON.stringify(record.version)}; this version of the scanner reads version ${BASELINE_VERSION}`);
  }
  if (!Array.isArray(record.entries)) throw new BaselineError(file, '"entries" must be an array');
  const entries: BaselineEntry[] = [];
  record.entries.forEach((value: unknown, index) => {
    const problem = entryProblem(value, index);
    if (problem) throw new BaselineError(file, problem);
    const { fingerprint, ruleId, file: entryFile, message } = value as BaselineEntry;
    entries.push(message === undefined ? { fingerprint, ruleId, file: entryFile } : { fingerprint, ruleId, file: entryFile, message });
  });
  return { version: BASELINE_VERSION, tool: BASELINE_TOOL, entries };
}

/** Reads a baseline file; a missing or malformed file is a BaselineError. */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(file, code === 'ENOENT' ? 'baseline file not found' : `cannot read baseline file (${code ?? String(error)})`);
  }
  return parseBaseline(text, file);
}

/** Like readBaseline, but a file that does not exist is simply no baseline. */
export async function readBaselineIfPresent(file: string): Promise<Baseline | undefined> {
  try {
    await fs.access(file);
  } catch {
    return undefined;
  }
  return readBaseline(file);
}

function countByKey(entries: readonly BaselineEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(keyOf(entry), (counts.get(keyOf(entry)) ?? 0) + 1);
  return counts;
}

/** Location order, so which of several same-key findings stays suppressed is deterministic. */
function byLocation(findings: readonly Finding[]): number[] {
  return findings
    .map((_, index) => index)
    .sort((i, j) => {
      const a = (findings[i] as Finding).location;
      const b = (findings[j] as Finding).location;
      return a.line - b.line || a.column - b.column || i - j;
    });
}

/**
 * New finding objects where each finding matched by a baseline entry is marked
 * `suppression: { kind: 'external', justification: 'baseline: <file>' }`.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  const remaining = countByKey(baseline.entries);
  const result = [...findings];
  for (const index of byLocation(findings)) {
    const finding = findings[index] as Finding;
    if (finding.suppression) continue;
    const key = findingKey(finding);
    const left = remaining.get(key) ?? 0;
    if (left === 0) continue;
    remaining.set(key, left - 1);
    result[index] = { ...finding, suppression: { kind: 'external', justification: `baseline: ${BASELINE_FILE}` } };
  }
  return result;
}

/** The baseline without entries that no longer occur (count-aware); it never gains entries. */
export function pruneBaseline(baseline: Baseline, findings: readonly Finding[]): Baseline {
  const occurring = new Map<string, number>();
  for (const finding of findings) {
    if (isSuppressedInSource(finding)) continue;
    occurring.set(findingKey(finding), (occurring.get(findingKey(finding)) ?? 0) + 1);
  }
  const entries = baseline.entries.filter((entry) => {
    const left = occurring.get(keyOf(entry)) ?? 0;
    if (left === 0) return false;
    occurring.set(keyOf(entry), left - 1);
    return true;
  });
  return { version: BASELINE_VERSION, tool: BASELINE_TOOL, entries: [...entries].sort(compareEntries) };
}
