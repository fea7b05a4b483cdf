#!/usr/bin/env node
// Regression net on real code: scans local clones of pinned open-source agent apps and
// compares the findings with test/ecosystem/expected.json. Clones are not part of this
// repository; point --clones at a folder holding them as <owner>+<name> (at the recorded
// commit). Repositories that are missing or at another commit are reported and skipped.
//   node scripts/ecosystem.mjs --clones /path/to/clones [--update]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const expectedFile = path.join(root, 'test', 'ecosystem', 'expected.json');
const args = process.argv.slice(2);
const clones = args[args.indexOf('--clones') + 1];
const update = args.includes('--update');
if (!args.includes('--clones') || !clones) {
  console.error('usage: node scripts/ecosystem.mjs --clones <folder with owner+name clones> [--update]');
  process.exit(2);
}

const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
const key = (f) => `${f.file}:${f.line} ${f.rule} ${f.severity}`;
let differences = 0;
for (const repo of expected.repositories) {
  const dir = path.join(clones, repo.repository.replace('/', '+'));
  if (!existsSync(dir)) {
    console.log(`skip ${repo.repository}: no clone at ${dir}`);
    continue;
  }
  const head = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  if (head !== repo.commit) {
    console.log(`skip ${repo.repository}: clone is at ${head.slice(0, 12)}, expected ${repo.commit.slice(0, 12)}`);
    continue;
  }
  const scan = spawnSync(process.execPath, [path.join(root, 'bin', 'agent-impersonation-scan.js'), dir, '-f', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (scan.status === 2) {
    console.log(`FAIL ${repo.repository}: the scan could not run: ${scan.stderr.trim()}`);
    differences++;
    continue;
  }
  const found = JSON.parse(scan.stdout).findings.map((f) => ({ file: f.location.file, line: f.location.line, rule: f.ruleId, severity: f.severity }));
  const want = new Set(repo.findings.map(key));
  const got = new Set(found.map(key));
  const missing = [...want].filter((k) => !got.has(k));
  const extra = [...got].filter((k) => !want.has(k));
  if (missing.length || extra.length) {
    differences++;
    console.log(`DIFF ${repo.repository}`);
    for (const k of missing) console.log(`  - ${k}`);
    for (const k of extra) console.log(`  + ${k}`);
    if (update) repo.findings = found;
  } else {
    console.log(`ok   ${repo.repository} (${found.length} findings)`);
  }
}
if (update) writeFileSync(expectedFile, `${JSON.stringify(expected, null, 2)}\n`);
process.exit(differences && !update ? 1 : 0);
