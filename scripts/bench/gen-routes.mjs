// The corpus's src/routes: Express handlers that run an @openai/agents or LangChain
// agent, and Next.js route handlers that stream with the AI SDK. They read the
// Authorization header, cookies and the session the way real apps do (presence
// checks, user ids); a planted route puts the credential itself where tools read it.

import { padToLines } from './gen-blocks.mjs';
import { dependencyCode, specifier } from './gen-lib.mjs';
import { toolFactoryName } from './gen-tools.mjs';

export const ROUTE_STYLES = ['express-openai', 'express-langchain', 'next-ai'];

/** Which tool framework a route style can hand its tools to. */
export const ROUTE_TOOL_FRAMEWORK = { 'express-openai': 'openai', 'express-langchain': 'langchain', 'next-ai': 'ai' };

function expressPrelude(file, collect) {
  const { pascal, camel, plural } = file.noun;
  const k = file.index;
  return `interface SessionData${k} {
  userId?: string;
  orgId?: string;
  roles?: string[];
}

export const ${camel}Router${k} = express.Router();

function sessionOf${k}(req: Request): SessionData${k} {
  return (req.session ?? {}) as SessionData${k};
}

function requireUser${k}(req: Request, res: Response, next: NextFunction): void {
  if (!req.headers.authorization && !req.cookies?.sid) {
    res.status(401).json({ error: 'unauthenticated' });
    return;
  }
  next();
}

${camel}Router${k}.get('/${plural}/:id', requireUser${k}, async (req: Request, res: Response) => {
  const userId = sessionOf${k}(req).userId ?? 'anonymous';
  const notes = await ${collect}(userId, String(req.params.id));
  res.json({ id: req.params.id, ${pascal.toLowerCase()}Notes: notes });
});`;
}

function expressOpenai(file, collect, toolsCall) {
  const { camel, plural } = file.noun;
  const k = file.index;
  const planted = file.planted ? `\n      authorization: req.headers.authorization,` : '';
  return `${expressPrelude(file, collect)}

${camel}Router${k}.post('/${plural}/:id/ask', requireUser${k}, async (req: Request, res: Response) => {
  const session = sessionOf${k}(req);
  const userId = session.userId ?? 'anonymous';
  const agent = new Agent({
    name: '${camel}-assistant-${k}',
    instructions: \`You help with ${plural}. Answer for user \${userId}.\`,
    tools: ${toolsCall ?? '[]'},
  });
  const question = String(req.body?.question ?? '');
  const result = await run(agent, question, {
    context: {
      userId,
      orgId: session.orgId ?? null,
      locale: String(req.headers['accept-language'] ?? 'en'),${planted}
    },
  });
  res.json({ answer: result.finalOutput });
});`;
}

function expressLangchain(file, collect, toolsCall) {
  const { camel, plural } = file.noun;
  const k = file.index;
  const planted = file.planted ? `\n        sessionCookie: req.cookies?.session,` : '';
  return `${expressPrelude(file, collect)}

${camel}Router${k}.post('/${plural}/:id/chat', requireUser${k}, async (req: Request, res: Response) => {
  const userId = sessionOf${k}(req).userId ?? 'anonymous';
  const agent = createAgent({
    model: config.model,
    tools: ${toolsCall ?? '[]'},
    systemPrompt: 'You manage ${plural} for the signed-in user.',
  });
  const result = await agent.invoke(
    { messages: [{ role: 'user', content: String(req.body?.message ?? '') }] },
    {
      context: { userId },
      configurable: {
        thread_id: \`\${userId}:\${String(req.params.id)}\`,${planted}
      },
    },
  );
  res.json({ reply: result.messages.at(-1)?.content ?? '' });
});`;
}

function nextAi(file, collect, toolsCall) {
  const { pascal, plural } = file.noun;
  const k = file.index;
  const readAuth = file.planted ? `\n  const authorization = request.headers.get('authorization') ?? '';` : '';
  const plantedTool = file.planted
    ? `
      sync${pascal}s: tool({
        description: 'Sync ${plural} from the upstream service.',
        inputSchema: z.object({ since: z.string() }),
        execute: async ({ since }: { since: string }) => {
          const response = await fetch(\`\${config.upstreamUrl}/${plural}?since=\${encodeURIComponent(since)}\`, {
            headers: { authorization },
          });
          return response.ok ? await response.text() : \`sync failed: \${response.status}\`;
        },
      }),`
    : '';
  const spread = toolsCall ? `\n      ...${toolsCall},` : '';
  return `interface ChatMessage${k} {
  role: 'user' | 'assistant' | 'system';
  content: string;
}

export async function POST(request: Request): Promise<Response> {
  const cookieStore = await cookies();
  if (!cookieStore.has('session')) {
    return new Response('Unauthorized', { status: 401 });
  }
  const userId = request.headers.get('x-user-id') ?? 'anonymous';${readAuth}
  const { messages } = (await request.json()) as { messages: ChatMessage${k}[] };
  const result = streamText({
    model: openai(config.model),
    system: \`You help user \${userId} manage ${plural}.\`,
    messages,
    tools: {${spread}${plantedTool}
    },
    stopWhen: stepCountIs(5),
  });
  return result.toUIMessageStreamResponse();
}

export async function GET(request: Request): Promise<Response> {
  const userId = request.headers.get('x-user-id') ?? 'anonymous';
  const ref = new URL(request.url).searchParams.get('ref') ?? 'latest';
  const notes = await ${collect}(userId, ref);
  return new Response(JSON.stringify({ notes }), { headers: { 'content-type': 'application/json' } });
}`;
}

function routeImports(file, toolModule, configPath) {
  const imports = [];
  if (file.style === 'next-ai') {
    imports.push(
      `import { cookies } from 'next/headers';`,
      `import { ${file.planted ? 'stepCountIs, streamText, tool' : 'stepCountIs, streamText'} } from 'ai';`,
      `import { openai } from '@ai-sdk/openai';`,
    );
    if (file.planted) imports.push(`import { z } from 'zod';`);
  } else {
    imports.push(`import express from 'express';`, `import type { NextFunction, Request, Response } from 'express';`);
    imports.push(
      file.style === 'express-openai' ? `import { Agent, run } from '@openai/agents';` : `import { createAgent } from 'langchain';`,
    );
  }
  if (file.style !== 'express-openai') imports.push(`import { config } from '${specifier(file.path, configPath)}';`);
  if (toolModule) {
    imports.push(`import { ${toolFactoryName(toolModule)} } from '${specifier(file.path, toolModule.path)}';`);
  }
  return imports;
}

export function renderRouteModule(file, deps, toolModule, rnd, configPath, targetLines) {
  const dep = dependencyCode(file, deps, file.index);
  const toolsCall = toolModule ? `${toolFactoryName(toolModule)}(userId)` : undefined;
  const render = file.style === 'express-openai' ? expressOpenai : file.style === 'express-langchain' ? expressLangchain : nextAi;
  const imports = [...routeImports(file, toolModule, configPath), ...dep.imports];
  const parts = [imports.join('\n'), dep.collect, render(file, dep.name, toolsCall)];
  const lines = padToLines(parts, rnd, file.noun, file.index, targetLines);
  return { text: `${parts.join('\n\n')}\n`, lines };
}
