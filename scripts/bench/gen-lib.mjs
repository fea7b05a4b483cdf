// The corpus's src/lib: helper modules (text, fetch wrappers, Map-based stores),
// one re-export barrel per domain, the app config, and the code other files use to
// import and call those helpers. None of it touches a user credential; the fetch
// wrappers authenticate with the app's own key from the environment, a near miss.

import { padToLines } from './gen-blocks.mjs';

export const LIB_KINDS = ['text', 'client', 'store'];

/** The names a helper module exports; a caller's usage code relies on exactly these. */
export function libExports(mod) {
  const { pascal } = mod.noun;
  const k = mod.index;
  switch (mod.kind) {
    case 'text':
      return { values: [`normalize${pascal}${k}`, `format${pascal}Label${k}`], types: [`${pascal}Label${k}`] };
    case 'client':
      return { values: [`fetch${pascal}${k}`, `list${pascal}s${k}`, `update${pascal}${k}`], types: [`${pascal}Record${k}`] };
    default:
      return { values: [`${pascal}Store${k}`, `shared${pascal}Store${k}`], types: [`${pascal}Entry${k}`] };
  }
}

/** Statements that call one helper module, inside a function with `ownerId`, `ref` and `notes` in scope. */
function usageLines(mod) {
  const { pascal } = mod.noun;
  const k = mod.index;
  switch (mod.kind) {
    case 'text':
      return [`notes.push(normalize${pascal}${k}(ref));`];
    case 'client':
      return [
        `const record${k} = await fetch${pascal}${k}(ref, ownerId);`,
        `notes.push(record${k}.title, ...record${k}.tags);`,
      ];
    default:
      return [`shared${pascal}Store${k}.set(\`\${ownerId}:\${ref}\`, ref);`, `notes.push(shared${pascal}Store${k}.get(ref) ?? '');`];
  }
}

function usedNames(mod) {
  const { pascal } = mod.noun;
  const k = mod.index;
  if (mod.kind === 'text') return [`normalize${pascal}${k}`];
  if (mod.kind === 'client') return [`fetch${pascal}${k}`];
  return [`shared${pascal}Store${k}`];
}

/** A relative ESM specifier (with `.js`, as NodeNext projects write it) from one corpus file to another. */
export function specifier(fromPath, toPath) {
  const from = fromPath.split('/').slice(0, -1);
  const to = toPath.replace(/\.ts$/, '.js').split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common += 1;
  const up = from.length - common;
  const rest = to.slice(common).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

/**
 * Imports for a file's helper dependencies and one `collect…Notes` function that calls them.
 * `deps` holds `{ module, barrel }`; a dependency with a barrel is imported through it.
 */
export function dependencyCode(file, deps, suffix) {
  const bySpec = new Map();
  const body = [];
  for (const { module, barrel } of deps) {
    const spec = specifier(file.path, (barrel ?? module).path);
    const names = bySpec.get(spec) ?? [];
    names.push(...usedNames(module));
    bySpec.set(spec, names);
    body.push(...usageLines(module));
  }
  const imports = [...bySpec].map(([spec, names]) => `import { ${names.join(', ')} } from '${spec}';`);
  const name = `collect${file.noun.pascal}Notes${suffix}`;
  const lines = body.map((line) => `  ${line}`).join('\n');
  const collect = `export async function ${name}(ownerId: string, ref: string): Promise<string[]> {
  const notes: string[] = [];
${lines}
  return notes.filter((note) => note.length > 0);
}`;
  return { imports, collect, name };
}

function textModule(mod) {
  const { pascal } = mod.noun;
  const k = mod.index;
  return `export interface ${pascal}Label${k} {
  id: string;
  text: string;
  tone: 'plain' | 'upper' | 'title';
}

export function normalize${pascal}${k}(value: string): string {
  return value.trim().replace(/\\s+/g, ' ').slice(0, 200);
}

export function format${pascal}Label${k}(label: ${pascal}Label${k}): string {
  switch (label.tone) {
    case 'upper':
      return label.text.toUpperCase();
    case 'title':
      return label.text.replace(/\\b\\w/g, (c) => c.toUpperCase());
    default:
      return label.text;
  }
}`;
}

function clientModule(mod, configSpec) {
  const { pascal, camel, plural } = mod.noun;
  const k = mod.index;
  return `import { config } from '${configSpec}';

export interface ${pascal}Record${k} {
  id: string;
  ownerId: string;
  title: string;
  amount: number;
  tags: string[];
  updatedAt: string;
}

interface ${pascal}Page${k} {
  items: ${pascal}Record${k}[];
  next?: string;
}

const BASE_URL_${k} = \`\${config.apiBaseUrl}/${plural}\`;

function serviceHeaders${k}(): Record<string, string> {
  return { 'content-type': 'application/json', 'x-api-key': config.serviceApiKey };
}

export async function fetch${pascal}${k}(id: string, ownerId: string): Promise<${pascal}Record${k}> {
  const url = \`\${BASE_URL_${k}}/\${encodeURIComponent(id)}?owner=\${encodeURIComponent(ownerId)}\`;
  const response = await fetch(url, { headers: serviceHeaders${k}() });
  if (!response.ok) {
    throw new Error(\`${camel} \${id} not found (\${response.status})\`);
  }
  return (await response.json()) as ${pascal}Record${k};
}

export async function list${pascal}s${k}(ownerId: string, limit = 20): Promise<${pascal}Record${k}[]> {
  const items: ${pascal}Record${k}[] = [];
  let cursor: string | undefined;
  do {
    const url = new URL(BASE_URL_${k});
    url.searchParams.set('owner', ownerId);
    url.searchParams.set('limit', String(limit));
    if (cursor) {
      url.searchParams.set('cursor', cursor);
    }
    const response = await fetch(url, { headers: serviceHeaders${k}() });
    const page = (await response.json()) as ${pascal}Page${k};
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < limit);
  return items.slice(0, limit);
}

export async function update${pascal}${k}(
  id: string,
  patch: Partial<Omit<${pascal}Record${k}, 'id' | 'ownerId'>>,
): Promise<void> {
  await fetch(\`\${BASE_URL_${k}}/\${encodeURIComponent(id)}\`, {
    method: 'PATCH',
    headers: serviceHeaders${k}(),
    body: JSON.stringify(patch),
  });
}`;
}

function storeModule(mod) {
  const { pascal } = mod.noun;
  const k = mod.index;
  return `export interface ${pascal}Entry${k} {
  key: string;
  value: string;
  hits: number;
  createdAt: number;
}

export class ${pascal}Store${k} {
  private readonly entries = new Map<string, ${pascal}Entry${k}>();

  constructor(private readonly maxSize = 500) {}

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      return undefined;
    }
    entry.hits += 1;
    return entry.value;
  }

  set(key: string, value: string): void {
    if (this.entries.size >= this.maxSize) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) {
        this.entries.delete(oldest.value);
      }
    }
    this.entries.set(key, { key, value, hits: 0, createdAt: Date.now() });
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  snapshot(): ${pascal}Entry${k}[] {
    return [...this.entries.values()].sort((a, b) => b.hits - a.hits);
  }
}

export const shared${pascal}Store${k} = new ${pascal}Store${k}();`;
}

/** One helper module: its own API, a function that uses its dependencies, then filler. */
export function renderLibModule(mod, deps, rnd, configPath, targetLines) {
  const configSpec = specifier(mod.path, configPath);
  const core =
    mod.kind === 'text' ? textModule(mod) : mod.kind === 'client' ? clientModule(mod, configSpec) : storeModule(mod);
  const parts = [];
  if (deps.length > 0) {
    const dep = dependencyCode(mod, deps, mod.index);
    parts.push(dep.imports.join('\n'), core, dep.collect);
  } else {
    parts.push(core);
  }
  const lines = padToLines(parts, rnd, mod.noun, mod.index, targetLines);
  return { text: `${parts.join('\n\n')}\n`, lines };
}

export function renderBarrel(barrel, modules) {
  const lines = modules.map((mod) => `export * from '${specifier(barrel.path, mod.path)}';`);
  return { text: `${lines.join('\n')}\n`, lines: lines.length };
}

export function renderConfig() {
  const text = `export interface AppConfig {
  apiBaseUrl: string;
  serviceApiKey: string;
  upstreamUrl: string;
  model: string;
}

function readEnv(name: string, fallback = ''): string {
  return process.env[name] ?? fallback;
}

export const config: AppConfig = {
  apiBaseUrl: readEnv('API_BASE_URL', 'https://api.internal.example'),
  serviceApiKey: readEnv('SERVICE_API_KEY'),
  upstreamUrl: readEnv('UPSTREAM_URL', 'https://upstream.example'),
  model: readEnv('MODEL', 'gpt-4o-mini'),
};
`;
  return { text, lines: text.split('\n').length - 1 };
}

/** `types: []` keeps @types/node out, so the corpus declares the one Node global it reads. */
export function renderEnvDeclarations() {
  const text = `declare const process: { env: Record<string, string | undefined> };\n`;
  return { text, lines: 1 };
}
