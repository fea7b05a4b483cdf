// Self-contained TypeScript building blocks (types, generics, classes, string and
// collection helpers) that pad every generated file to its line budget, so tsc has
// real checking work and the scanner has real code to walk that carries no credential.

/** `n` = the file's noun in PascalCase, `s` = a suffix that keeps exported names unique. */
const BLOCKS = [
  ({ n, s }) => `export interface ${n}Metric${s} {
  name: string;
  value: number;
  unit: 'ms' | 'count' | 'bytes';
  labels: Record<string, string>;
}

export function summarize${n}Metrics${s}(metrics: readonly ${n}Metric${s}[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const metric of metrics) {
    const key = \`\${metric.name}:\${metric.unit}\`;
    totals.set(key, (totals.get(key) ?? 0) + metric.value);
  }
  return totals;
}`,
  ({ n, s }) => `export type ${n}Event${s} =
  | { type: 'created'; id: string; at: number }
  | { type: 'updated'; id: string; at: number; fields: string[] }
  | { type: 'deleted'; id: string; at: number; reason?: string };

export function describe${n}Event${s}(event: ${n}Event${s}): string {
  switch (event.type) {
    case 'created':
      return \`\${event.id} created at \${new Date(event.at).toISOString()}\`;
    case 'updated':
      return \`\${event.id} updated (\${event.fields.join(', ')})\`;
    case 'deleted':
      return \`\${event.id} deleted\${event.reason ? \`: \${event.reason}\` : ''}\`;
  }
}`,
  ({ s }) => `export function groupBy${s}<T, K extends string>(items: readonly T[], keyOf: (item: T) => K): Partial<Record<K, T[]>> {
  const out: Partial<Record<K, T[]>> = {};
  for (const item of items) {
    const key = keyOf(item);
    const bucket = out[key] ?? [];
    bucket.push(item);
    out[key] = bucket;
  }
  return out;
}`,
  ({ n, s }) => `export class ${n}Paginator${s}<T> {
  private cursor = 0;
  private readonly pages: number;

  constructor(
    private readonly items: readonly T[],
    private readonly pageSize: number,
  ) {
    this.pages = Math.max(1, Math.ceil(items.length / pageSize));
  }

  next(): T[] {
    const page = this.items.slice(this.cursor, this.cursor + this.pageSize);
    this.cursor += page.length;
    return page;
  }

  hasMore(): boolean {
    return this.cursor < this.items.length;
  }

  get pageCount(): number {
    return this.pages;
  }

  reset(): void {
    this.cursor = 0;
  }
}`,
  ({ n, s }) => `export function redact${n}${s}(text: string, keep = 4): string {
  if (text.length <= keep) {
    return '*'.repeat(text.length);
  }
  return text.slice(0, keep) + '*'.repeat(Math.min(12, text.length - keep));
}

export function wrap${n}Lines${s}(text: string, width = 72): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\\s+/)) {
    if ((current + ' ' + word).trim().length > width) {
      lines.push(current.trim());
      current = word;
    } else {
      current = \`\${current} \${word}\`;
    }
  }
  if (current.trim()) {
    lines.push(current.trim());
  }
  return lines;
}`,
  ({ s }) => `export interface RetryOptions${s} {
  attempts: number;
  baseDelayMs: number;
  shouldRetry?: (error: unknown) => boolean;
}

export async function withRetry${s}<T>(work: () => Promise<T>, options: RetryOptions${s}): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < options.attempts; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      lastError = error;
      if (options.shouldRetry && !options.shouldRetry(error)) {
        break;
      }
      await new Promise<void>((resolve) => setTimeout(resolve, options.baseDelayMs * 2 ** attempt));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}`,
  ({ n, s }) => `export interface ${n}Draft${s} {
  title: string;
  priority: 'low' | 'normal' | 'high';
  dueAt?: string;
  watchers: string[];
}

export function is${n}Draft${s}(value: unknown): value is ${n}Draft${s} {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.title === 'string' &&
    (candidate.priority === 'low' || candidate.priority === 'normal' || candidate.priority === 'high') &&
    Array.isArray(candidate.watchers) &&
    candidate.watchers.every((w) => typeof w === 'string')
  );
}

export function parse${n}Draft${s}(raw: string): ${n}Draft${s} | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return is${n}Draft${s}(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}`,
  ({ n, s }) => `export const ${n.toUpperCase()}_LIMITS${s} = {
  maxItems: 250,
  maxTitleLength: 120,
  pageSize: 25,
  cacheTtlMs: 60_000,
} as const;

export type ${n}Limit${s} = keyof typeof ${n.toUpperCase()}_LIMITS${s};

export function limitFor${n}${s}(key: ${n}Limit${s}, override?: Partial<Record<${n}Limit${s}, number>>): number {
  return override?.[key] ?? ${n.toUpperCase()}_LIMITS${s}[key];
}`,
  ({ n, s }) => `export class ${n}Counter${s} {
  private readonly counts = new Map<string, number>();
  private total = 0;

  add(key: string, amount = 1): this {
    this.counts.set(key, (this.counts.get(key) ?? 0) + amount);
    this.total += amount;
    return this;
  }

  top(limit: number): Array<[string, number]> {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  }

  share(key: string): number {
    return this.total === 0 ? 0 : (this.counts.get(key) ?? 0) / this.total;
  }
}`,
  ({ n, s }) => `export function to${n}Slug${s}(value: string): string {
  return value
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

export function title${n}Case${s}(value: string): string {
  return value
    .split(/[-_\\s]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1).toLowerCase())
    .join(' ');
}`,
  ({ n, s }) => `export interface ${n}Window${s} {
  from: Date;
  to: Date;
}

export function split${n}Window${s}(window: ${n}Window${s}, parts: number): ${n}Window${s}[] {
  const span = window.to.getTime() - window.from.getTime();
  const step = Math.max(1, Math.floor(span / Math.max(1, parts)));
  const out: ${n}Window${s}[] = [];
  for (let start = window.from.getTime(); start < window.to.getTime(); start += step) {
    out.push({ from: new Date(start), to: new Date(Math.min(start + step, window.to.getTime())) });
  }
  return out;
}`,
  ({ n, s }) => `export function merge${n}Tags${s}(...lists: ReadonlyArray<readonly string[]>): string[] {
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const list of lists) {
    for (const tag of list) {
      const normalized = tag.trim().toLowerCase();
      if (normalized && !seen.has(normalized)) {
        seen.add(normalized);
        merged.push(normalized);
      }
    }
  }
  return merged.sort((a, b) => a.localeCompare(b));
}`,
];

/** Appends filler blocks until `parts` reaches `targetLines`; returns the new line count. */
export function padToLines(parts, rnd, noun, fileKey, targetLines) {
  let lines = countLines(parts);
  let index = 0;
  while (lines < targetLines) {
    const block = rnd.pick(BLOCKS)({ n: noun.pascal, s: `${fileKey}${letters(index)}` });
    parts.push(block);
    lines += block.split('\n').length + 1;
    index += 1;
  }
  return lines;
}

export function countLines(parts) {
  return parts.reduce((sum, part) => sum + part.split('\n').length + 1, 0);
}

/** a, b, …, z, ba, bb, …: a short, unique block tag. */
function letters(index) {
  let out = '';
  let i = index;
  do {
    out = String.fromCharCode(97 + (i % 26)) + out;
    i = Math.floor(i / 26);
  } while (i > 0);
  return out;
}
