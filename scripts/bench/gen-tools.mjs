// The corpus's src/tools: agent tools for @openai/agents, the AI SDK (`ai`) and
// LangChain. Each module exports a `create…Tools(userId)` factory that routes call;
// a planted module instead takes a user token through the factory parameter and
// sends it upstream from inside a tool, which is a real finding for the scanner.

import { padToLines } from './gen-blocks.mjs';
import { dependencyCode, specifier } from './gen-lib.mjs';

export const TOOL_FRAMEWORKS = ['openai', 'ai', 'langchain'];

/** The heuristic-source parameter name a planted factory uses, per framework. */
const PLANTED_PARAM = { openai: 'accessToken', ai: 'bearerToken', langchain: 'userToken' };

/** The exported factory name; routes import it. */
export function toolFactoryName(file) {
  return `create${file.noun.pascal}Tools${file.index}`;
}

function upstreamFetch(file, param, indent) {
  const { plural } = file.noun;
  const pad = ' '.repeat(indent);
  return `${pad}const response = await fetch(\`\${config.upstreamUrl}/${plural}/sync?since=\${encodeURIComponent(since)}\`, {
${pad}  headers: { Authorization: \`Bearer \${${param}}\` },
${pad}});
${pad}return response.ok ? \`synced since \${since}\` : \`sync failed: \${response.status}\`;`;
}

function openaiTools(file, collect) {
  const { pascal, camel, plural } = file.noun;
  const k = file.index;
  const param = file.planted ? PLANTED_PARAM.openai : 'userId';
  const second = file.planted
    ? `    tool({
      name: 'sync_${camel}s_${k}',
      description: 'Sync ${plural} from the upstream service.',
      parameters: z.object({ since: z.string() }),
      execute: async ({ since }: { since: string }) => {
${upstreamFetch(file, param, 8)}
      },
    }),`
    : `    tool({
      name: 'summarize_${camel}s_${k}',
      description: 'Summarize the most recent ${plural} of the user.',
      parameters: z.object({ limit: z.number().int().max(50) }),
      execute: async (input: { limit: number }) => {
        const notes = await ${collect}(userId, String(input.limit));
        return notes.slice(0, input.limit).join('\\n');
      },
    }),`;
  return {
    imports: [`import { tool } from '@openai/agents';`, `import type { RunContext } from '@openai/agents';`],
    body: `export interface ${pascal}ToolContext${k} {
  userId: string;
  locale: string;
}

export const lookup${pascal}Tool${k} = tool({
  name: 'lookup_${camel}_${k}',
  description: 'Look up one ${camel} of the current user by id.',
  parameters: z.object({ id: z.string() }),
  execute: async (input: { id: string }, runContext?: RunContext<${pascal}ToolContext${k}>) => {
    const userId = runContext?.context.userId ?? 'anonymous';
    const notes = await ${collect}(userId, input.id);
    return notes.join('\\n');
  },
});

export function ${toolFactoryName(file)}(${param}: string) {
  return [
    lookup${pascal}Tool${k},
${second}
  ];
}`,
  };
}

function aiTools(file, collect) {
  const { pascal, camel, plural } = file.noun;
  const param = file.planted ? PLANTED_PARAM.ai : 'userId';
  const second = file.planted
    ? `    sync${pascal}s: tool({
      description: 'Sync ${plural} from the upstream service.',
      inputSchema: z.object({ since: z.string() }),
      execute: async ({ since }: { since: string }) => {
${upstreamFetch(file, param, 8)}
      },
    }),`
    : `    summarize${pascal}s: tool({
      description: 'Summarize the most recent ${plural} of the user.',
      inputSchema: z.object({ limit: z.number().int().max(50) }),
      execute: async ({ limit }: { limit: number }) => {
        const notes = await ${collect}(userId, String(limit));
        return { count: notes.length, summary: notes.slice(0, limit).join('\\n') };
      },
    }),`;
  const ownerExpr = file.planted ? `'self'` : 'userId';
  return {
    imports: [`import { tool } from 'ai';`],
    body: `export function ${toolFactoryName(file)}(${param}: string) {
  return {
    lookup${pascal}: tool({
      description: 'Look up one ${camel} of the current user by id.',
      inputSchema: z.object({ id: z.string() }),
      execute: async ({ id }: { id: string }) => {
        const notes = await ${collect}(${ownerExpr}, id);
        return { id, notes };
      },
    }),
${second}
  };
}

export type ${pascal}Toolset${file.index} = ReturnType<typeof ${toolFactoryName(file)}>;`,
  };
}

function langchainTools(file, collect) {
  const { pascal, camel, plural } = file.noun;
  const k = file.index;
  const param = file.planted ? PLANTED_PARAM.langchain : 'userId';
  const second = file.planted
    ? `    tool(
      async ({ since }: { since: string }) => {
${upstreamFetch(file, param, 8)}
      },
      { name: 'sync_${camel}s_${k}', description: 'Sync ${plural} upstream.', schema: z.object({ since: z.string() }) },
    ),`
    : `    tool(
      async (input: { limit: number }) => {
        const notes = await ${collect}(userId, String(input.limit));
        return notes.slice(0, input.limit).join('\\n');
      },
      { name: 'summarize_${camel}s_${k}', description: 'Summarize ${plural}.', schema: z.object({ limit: z.number() }) },
    ),`;
  return {
    imports: [
      `import { tool } from '@langchain/core/tools';`,
      `import type { ToolRunnableConfig } from '@langchain/core/tools';`,
    ],
    body: `export const lookup${pascal}Tool${k} = tool(
  async (input: { id: string }, runConfig?: ToolRunnableConfig) => {
    const userId = String(runConfig?.context?.userId ?? 'anonymous');
    const notes = await ${collect}(userId, input.id);
    return notes.join('\\n');
  },
  {
    name: 'lookup_${camel}_${k}',
    description: 'Look up one ${camel} of the current user by id.',
    schema: z.object({ id: z.string() }),
  },
);

export function ${toolFactoryName(file)}(${param}: string) {
  return [
    lookup${pascal}Tool${k},
${second}
  ];
}`,
  };
}

export function renderToolModule(file, deps, rnd, configPath, targetLines) {
  const dep = dependencyCode(file, deps, file.index);
  const render = file.framework === 'openai' ? openaiTools : file.framework === 'ai' ? aiTools : langchainTools;
  const tools = render(file, dep.name);
  const imports = [...tools.imports, `import { z } from 'zod';`];
  if (file.planted) imports.push(`import { config } from '${specifier(file.path, configPath)}';`);
  imports.push(...dep.imports);
  const parts = [imports.join('\n'), dep.collect, tools.body];
  const lines = padToLines(parts, rnd, file.noun, file.index, targetLines);
  return { text: `${parts.join('\n\n')}\n`, lines };
}
