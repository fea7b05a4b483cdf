import { readdirSync } from 'node:fs';
import path from 'node:path';
import { scan } from '/work/main/src/analyze/scan.js';
import { loadModel } from '/work/main/src/model/packs.js';
import { compare, readExpectations } from '/work/main/test/expectations.js';
const ROOT = '/work/main';
const model = loadModel();
const only = process.argv[2];
const dirs = readdirSync(path.join(ROOT, 'fixtures')).filter((d) => !only || d.includes(only)).map((d) => path.join('fixtures', d));
dirs.push('examples/support-desk');
let fails = 0;
for (const dir of dirs) {
  const abs = path.join(ROOT, dir);
  try {
    const { report } = scan({ paths: [abs], cwd: ROOT }, model);
    const actual = report.findings.map((f) => ({ file: f.location.file, line: f.location.line, rule: f.ruleId }));
    const problems = compare(readExpectations(abs), actual);
    const skipped = report.skipped.filter((s) => s.file);
    if (problems.length || skipped.length) { fails++; console.log(dir); for (const p of problems) console.log('   ', p); for (const s of skipped) console.log('    skipped', s.file, s.reason); }
  } catch (e) { fails++; console.log(dir, 'CRASH', (e as Error).stack?.split('\n').slice(0,4).join(' | ')); }
}
console.log('failing', fails, 'of', dirs.length);
