/**
 * First-party audiences: the team's own APIs, where forwarding the user's token is an
 * accepted risk (config key `firstPartyAudiences`). Exports
 * `matchesFirstPartyAudience(url, patterns)` and `audiencePatternProblem(pattern)`.
 *
 * A pattern is either
 * - a host: `api.example.com` (any scheme and port), `api.example.com:8443` (that port),
 *   `*.example.com` (any subdomain at any depth, not `example.com` itself); or
 * - a URL prefix: `https://api.example.com/v1/` (same scheme, host and port, and a path
 *   under `/v1/`); `https://api.example.com/v1` also matches `/v1` itself, never `/v10`.
 *
 * URLs are compared after WHATWG parsing, so `https://api.example.com@evil.test/`,
 * `https://api.example.com.evil.test/` and `https://api.example.com/v1/../admin` do not
 * match `https://api.example.com/v1/`. A URL that is not absolute matches nothing.
 */

interface ParsedPattern {
  /** Lower-case scheme without ':'; undefined for a host pattern. */
  scheme?: string;
  /** Lower-case host; a leading `*.` is kept as `wildcard`. */
  host: string;
  wildcard: boolean;
  /** Explicit port, or undefined for "any" (host pattern) / "the scheme's default" (URL prefix). */
  port?: string;
  /** Normalised path prefix; undefined for a host pattern. */
  path?: string;
}

const HOST = /^(\*\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?::(\d{1,5}))?$/iu;
const URL_PREFIX = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)(\/[^?#]*)?$/iu;
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' };

function parsePattern(pattern: string): ParsedPattern | undefined {
  const trimmed = pattern.trim();
  const prefix = URL_PREFIX.exec(trimmed);
  if (prefix) {
    const host = HOST.exec(prefix[2] as string);
    if (!host) return undefined;
    const scheme = (prefix[1] as string).toLowerCase();
    const parsed: ParsedPattern = {
      scheme,
      host: (host[2] as string).toLowerCase(),
      wildcard: host[1] !== undefined,
      path: new URL(prefix[3] ?? '/', 'http://placeholder.invalid').pathname,
    };
    const port = host[3] ?? DEFAULT_PORTS[scheme];
    if (port !== undefined) parsed.port = port;
    return parsed;
  }
  if (trimmed.includes('/')) return undefined;
  const host = HOST.exec(trimmed);
  if (!host) return undefined;
  const parsed: ParsedPattern = { host: (host[2] as string).toLowerCase(), wildcard: host[1] !== undefined };
  if (host[3] !== undefined) parsed.port = host[3];
  return parsed;
}

/** Why `pattern` is not a usable audience pattern, or undefined when it is. */
export function audiencePatternProblem(pattern: string): string | undefined {
  if (parsePattern(pattern) !== undefined) return undefined;
  return (
    `'${pattern}' is neither a host (api.example.com, *.example.com, api.example.com:8443) ` +
    `nor a URL prefix (https://api.example.com/v1/); query strings and fragments are not allowed`
  );
}

function hostMatches(pattern: ParsedPattern, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/u, '');
  if (!pattern.wildcard) return host === pattern.host;
  return host.endsWith(`.${pattern.host}`);
}

function pathMatches(prefix: string, pathname: string): boolean {
  if (prefix.endsWith('/')) return pathname.startsWith(prefix);
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

function matchesOne(url: URL, pattern: ParsedPattern): boolean {
  const scheme = url.protocol.replace(/:$/u, '').toLowerCase();
  if (!hostMatches(pattern, url.hostname)) return false;
  const port = url.port !== '' ? url.port : DEFAULT_PORTS[scheme];
  if (pattern.scheme === undefined) return pattern.port === undefined || pattern.port === port;
  if (pattern.scheme !== scheme || pattern.port !== port) return false;
  return pathMatches(pattern.path ?? '/', url.pathname);
}

/** Whether the absolute `url` is one of the team's own APIs according to `patterns`. */
export function matchesFirstPartyAudience(url: string, patterns: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Credentials in the authority are a classic way to make a URL look like another host.
  if (parsed.username !== '' || parsed.password !== '') return false;
  return patterns.some((pattern) => {
    const compiled = parsePattern(pattern);
    return compiled !== undefined && matchesOne(parsed, compiled);
  });
}
