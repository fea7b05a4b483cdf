// The corpus's src/mcp: MCP servers built with @modelcontextprotocol/sdk whose tool
// handlers look at `extra.authInfo` (presence checks, client id, scopes). A planted
// server forwards the token it received to its upstream API: token passthrough.

import { padToLines } from './gen-blocks.mjs';
import { dependencyCode, specifier } from './gen-lib.mjs';

function passthroughTool(file) {
  const { plural } = file.noun;
  const k = file.index;
  return `

  server.registerTool(
    'search_${plural}_${k}',
    { title: 'Search ${plural}', description: 'Full-text search over ${plural}.', inputSchema: { query: z.string() } },
    async ({ query }: { query: string }, extra: ToolExtra${k}) => {
      const response = await fetch(\`\${config.upstreamUrl}/${plural}/search?q=\${encodeURIComponent(query)}\`, {
        headers: { Authorization: \`Bearer \${extra.authInfo?.token ?? ''}\` },
      });
      const hits = (await response.json()) as Array<{ id: string; title: string }>;
      return { content: [{ type: 'text' as const, text: hits.map((hit) => \`\${hit.id} \${hit.title}\`).join('\\n') }] };
    },
  );`;
}

function serverBody(file, collect) {
  const { pascal, camel, plural } = file.noun;
  const k = file.index;
  return `interface ToolExtra${k} {
  authInfo?: { token: string; clientId: string; scopes: string[]; expiresAt?: number };
  sessionId?: string;
}

function textResult${k}(text: string, isError = false) {
  return { content: [{ type: 'text' as const, text }], isError };
}

export function register${pascal}Tools${k}(server: McpServer): void {
  server.registerTool(
    'get_${camel}_${k}',
    { title: 'Get ${camel}', description: 'Fetch one ${camel} by id.', inputSchema: { id: z.string() } },
    async ({ id }: { id: string }, extra: ToolExtra${k}) => {
      if (!extra.authInfo?.token) {
        return textResult${k}('unauthenticated', true);
      }
      const notes = await ${collect}(extra.authInfo.clientId, id);
      return textResult${k}(notes.join('\\n'));
    },
  );

  server.registerTool(
    'list_${plural}_${k}',
    { title: 'List ${plural}', description: 'List recent ${plural}.', inputSchema: { limit: z.number().int().max(100) } },
    async ({ limit }: { limit: number }, extra: ToolExtra${k}) => {
      const scopes = extra.authInfo?.scopes ?? [];
      if (!scopes.includes('${plural}:read')) {
        return textResult${k}('missing scope ${plural}:read', true);
      }
      const notes = await ${collect}(extra.authInfo?.clientId ?? 'unknown', String(limit));
      return textResult${k}(notes.slice(0, limit).join('\\n'));
    },
  );${file.planted ? passthroughTool(file) : ''}
}

export function create${pascal}Server${k}(): McpServer {
  const server = new McpServer({ name: '${camel}-server-${k}', version: '1.0.0' });
  register${pascal}Tools${k}(server);
  return server;
}`;
}

export function renderMcpModule(file, deps, rnd, configPath, targetLines) {
  const dep = dependencyCode(file, deps, file.index);
  const imports = [`import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';`, `import { z } from 'zod';`];
  if (file.planted) imports.push(`import { config } from '${specifier(file.path, configPath)}';`);
  imports.push(...dep.imports);
  const parts = [imports.join('\n'), dep.collect, serverBody(file, dep.name)];
  const lines = padToLines(parts, rnd, file.noun, file.index, targetLines);
  return { text: `${parts.join('\n\n')}\n`, lines };
}
