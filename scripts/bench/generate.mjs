// Generates the benchmark's synthetic agent codebase: a seeded, deterministic
// TypeScript app (src/lib helpers and barrels, src/tools, src/routes, src/mcp) of
// exactly N source files, with a known number of planted credential flows, plus a
// tsconfig.json that lets `tsc --noEmit -p <dir>` check it without node_modules.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LIB_KINDS, renderBarrel, renderConfig, renderEnvDeclarations, renderLibModule } from './gen-lib.mjs';
import { renderMcpModule } from './gen-mcp.mjs';
import { ROUTE_STYLES, ROUTE_TOOL_FRAMEWORK, renderRouteModule } from './gen-routes.mjs';
import { TOOL_FRAMEWORKS, renderToolModule } from './gen-tools.mjs';
import { createRandom, deriveSeed } from './prng.mjs';

export const MIN_FILES = 20;
/** Share of route, tool and MCP files that carry one real credential flow. */
export const FLOW_RATE = 0.02;
const SHARES = { mcp: 0.1, routes: 0.2, tools: 0.25 };
const CONFIG_PATH = 'src/config.ts';
const ENV_PATH = 'src/env.d.ts';

const NOUNS = [
  ['invoice', 'invoices'], ['ticket', 'tickets'], ['order', 'orders'], ['customer', 'customers'],
  ['issue', 'issues'], ['meeting', 'meetings'], ['document', 'documents'], ['contact', 'contacts'],
  ['payment', 'payments'], ['shipment', 'shipments'], ['report', 'reports'], ['project', 'projects'],
  ['task', 'tasks'], ['note', 'notes'], ['message', 'messages'], ['channel', 'channels'],
  ['account', 'accounts'], ['subscription', 'subscriptions'], ['refund', 'refunds'], ['lead', 'leads'],
  ['deal', 'deals'], ['product', 'products'], ['booking', 'bookings'], ['flight', 'flights'],
  ['expense', 'expenses'], ['policy', 'policies'], ['incident', 'incidents'], ['calendar', 'calendars'],
  ['workspace', 'workspaces'], ['repository', 'repositories'],
];

/** The rule a planted flow in each folder should trigger (SPEC.md rule ids). */
const PLANTED_RULE = { tools: 'user-credential-in-tool', routes: 'user-credential-in-tool', mcp: 'mcp-token-passthrough' };

function makeNoun([camel, plural]) {
  return { camel, plural, pascal: camel[0].toUpperCase() + camel.slice(1) };
}

/** Distinct random picks from `pool`, without shuffling the whole pool. */
function pickDistinct(rnd, pool, count) {
  const chosen = new Set();
  const want = Math.min(count, pool.length);
  while (chosen.size < want) chosen.add(pool[rnd.int(0, pool.length - 1)]);
  return [...chosen];
}

function planFolders(fileCount, rnd) {
  const mcp = Math.round(fileCount * SHARES.mcp);
  const routes = Math.round(fileCount * SHARES.routes);
  const tools = Math.round(fileCount * SHARES.tools);
  const domainCount = Math.min(NOUNS.length, Math.max(2, Math.round(fileCount / 40)));
  const libModules = fileCount - 2 - mcp - routes - tools - domainCount;
  const domains = rnd.sample(NOUNS, domainCount).map(makeNoun);
  return { mcp, routes, tools, libModules, domains };
}

/** Decides every file's path, role, framework, dependencies and whether it carries a flow. */
export function planCorpus(fileCount, seed) {
  const rnd = createRandom(seed);
  const counts = planFolders(fileCount, rnd);
  const { domains } = counts;
  const libs = [];
  const consumers = [];
  let index = 0;
  for (let j = 0; j < counts.libModules; j += 1) {
    const noun = j < domains.length ? domains[j] : rnd.pick(domains);
    const kind = rnd.pick(LIB_KINDS);
    libs.push({ role: 'lib', kind, noun, index, path: `src/lib/${noun.camel}/${kind}-${index}.ts` });
    index += 1;
  }
  const barrels = new Map(domains.map((noun) => [noun.camel, { role: 'barrel', noun, path: `src/lib/${noun.camel}/index.ts` }]));
  const add = (role, count, extra) => {
    for (let j = 0; j < count; j += 1) {
      const noun = rnd.pick(domains);
      const file = { role, noun, index, planted: false, ...extra(noun, index) };
      consumers.push(file);
      index += 1;
    }
  };
  add('tools', counts.tools, (noun, k) => {
    const framework = rnd.pick(TOOL_FRAMEWORKS);
    return { framework, path: `src/tools/${noun.camel}/${noun.camel}-tools-${k}.ts` };
  });
  add('routes', counts.routes, (noun, k) => {
    const style = rnd.pick(ROUTE_STYLES);
    const name = style === 'next-ai' ? 'route' : rnd.pick(['summary', 'ask', 'sync', 'search', 'assist']);
    return { style, path: `src/routes/${noun.camel}/${name}-${k}.ts` };
  });
  add('mcp', counts.mcp, (noun, k) => ({ path: `src/mcp/${noun.camel}-server-${k}.ts` }));

  const plantCount = Math.max(1, Math.round(fileCount * FLOW_RATE));
  for (const file of pickDistinct(rnd, consumers, plantCount)) file.planted = true;

  linkDependencies(rnd, libs, consumers, barrels);
  return { libs, barrels: [...barrels.values()], consumers };
}

function linkDependencies(rnd, libs, consumers, barrels) {
  libs.forEach((mod, position) => {
    const earlier = libs.slice(Math.max(0, position - 400), position);
    mod.deps = pickDistinct(rnd, earlier, rnd.int(0, 3)).map((module) => ({ module }));
  });
  const safeTools = new Map(TOOL_FRAMEWORKS.map((fw) => [fw, []]));
  for (const file of consumers) {
    file.deps = pickDistinct(rnd, libs, rnd.int(2, 4)).map((module) => ({
      module,
      barrel: rnd.chance(0.3) ? barrels.get(module.noun.camel) : undefined,
    }));
    if (file.role === 'tools' && !file.planted) safeTools.get(file.framework).push(file);
  }
  for (const file of consumers) {
    if (file.role !== 'routes') continue;
    const candidates = safeTools.get(ROUTE_TOOL_FRAMEWORK[file.style]);
    file.toolModule = candidates.length > 0 && rnd.chance(0.85) ? rnd.pick(candidates) : undefined;
  }
}

function renderFile(file, seed) {
  const rnd = createRandom(deriveSeed(seed, file.index));
  const target = rnd.int(185, 215);
  switch (file.role) {
    case 'lib':
      return renderLibModule(file, file.deps, rnd, CONFIG_PATH, target);
    case 'tools':
      return renderToolModule(file, file.deps, rnd, CONFIG_PATH, target);
    case 'routes':
      return renderRouteModule(file, file.deps, file.toolModule, rnd, CONFIG_PATH, target);
    default:
      return renderMcpModule(file, file.deps, rnd, CONFIG_PATH, target);
  }
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
  },
  include: ['src'],
};

const PACKAGE_JSON = {
  name: 'bench-agent-app',
  private: true,
  type: 'module',
  dependencies: {
    '@ai-sdk/openai': '^2.0.0', '@langchain/core': '^1.0.0', '@modelcontextprotocol/sdk': '^1.20.0',
    '@openai/agents': '^0.3.0', ai: '^6.0.0', express: '^5.1.0', langchain: '^1.0.0', next: '^15.5.0', zod: '^4.1.0',
  },
};

/**
 * Writes the corpus into `dir` (which must exist and be empty) and returns what was written.
 * `planted` counts the files with one real flow each, by the rule they should trigger.
 */
export function generateCorpus(dir, fileCount, seed) {
  if (!Number.isInteger(fileCount) || fileCount < MIN_FILES) {
    throw new Error(`--files must be an integer ≥ ${MIN_FILES}, got ${fileCount}`);
  }
  const started = performance.now();
  const plan = planCorpus(fileCount, seed);
  const hash = createHash('sha256');
  const madeDirs = new Set();
  let files = 0;
  let lines = 0;
  const write = (relPath, rendered) => {
    const full = join(dir, relPath);
    const parent = dirname(full);
    if (!madeDirs.has(parent)) {
      mkdirSync(parent, { recursive: true });
      madeDirs.add(parent);
    }
    writeFileSync(full, rendered.text);
    hash.update(`${relPath}\0${rendered.text}\0`);
    if (relPath.endsWith('.ts')) {
      files += 1;
      lines += rendered.text.split('\n').length - 1;
    }
  };
  write('tsconfig.json', { text: `${JSON.stringify(TSCONFIG, null, 2)}\n` });
  write('package.json', { text: `${JSON.stringify(PACKAGE_JSON, null, 2)}\n` });
  write(CONFIG_PATH, renderConfig());
  write(ENV_PATH, renderEnvDeclarations());
  for (const mod of plan.libs) write(mod.path, renderFile(mod, seed));
  for (const barrel of plan.barrels) {
    write(barrel.path, renderBarrel(barrel, plan.libs.filter((mod) => mod.noun.camel === barrel.noun.camel)));
  }
  for (const file of plan.consumers) write(file.path, renderFile(file, seed));

  const plantedFiles = plan.consumers.filter((f) => f.planted).map((f) => ({ path: f.path, rule: PLANTED_RULE[f.role] }));
  const plantedByRule = {};
  for (const { rule } of plantedFiles) plantedByRule[rule] = (plantedByRule[rule] ?? 0) + 1;
  return {
    dir,
    files,
    lines,
    planted: plantedFiles.length,
    plantedByRule,
    plantedFiles,
    sha256: hash.digest('hex'),
    ms: performance.now() - started,
  };
}
