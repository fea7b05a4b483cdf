#!/usr/bin/env node
// After `tsc`: (1) load the CommonJS `typescript` package with require() in the emitted
// ESM: importing a 9 MB CommonJS module from ESM makes Node scan its source for named
// exports, about 270 ms on every run; (2) compile the bundled YAML rule packs into
// dist/rules.json (validated against rules/pack.schema.json), so a scan does not parse
// YAML or compile a JSON schema at startup.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

const IMPORT = /^import ts from 'typescript';$/m;
const REQUIRE = "import { createRequire as __createRequire } from 'node:module';\nconst ts = __createRequire(import.meta.url)('typescript');";

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

let rewritten = 0;
for (const file of walk(dist).filter((f) => f.endsWith('.js'))) {
  const text = readFileSync(file, 'utf8');
  if (!IMPORT.test(text)) continue;
  writeFileSync(file, text.replace(IMPORT, REQUIRE));
  rewritten++;
}

const { bundledPackFiles, loadPackFile } = await import(path.join(dist, 'model', 'packs.js'));
const packs = bundledPackFiles().map((file) => ({ pack: loadPackFile(file), file: path.relative(root, file) }));
writeFileSync(path.join(dist, 'rules.json'), JSON.stringify(packs));
console.log(`postbuild: ${rewritten} modules load typescript with require(); ${packs.length} rule packs compiled into dist/rules.json`);
