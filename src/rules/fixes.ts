/**
 * The delegated-authorization fix for a finding, in the framework's own idiom
 * (FRAMEWORKS.md E.3): exchange, don't forward; pass ids, not tokens.
 */
import type { RuleId } from '../report/finding.js';
import type { FlowFacts } from './rule.js';

export interface Fix {
  summary: string;
  example?: string;
}

const EXCHANGE_HELPER = `// RFC 8693: the user is the subject, the agent is the actor; scoped, short-lived, one audience.
const res = await fetch(TOKEN_ENDPOINT, {
  method: 'POST',
  body: new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: userToken,
    subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    actor_token: await agentAssertion(), // the agent's own credential
    actor_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    audience: 'https://api.example.com',
    scope: 'tickets:read',
  }),
});
const { access_token: delegatedToken } = await res.json();`;

function contextExample(framework: string): string {
  if (framework.includes('openai/agents')) {
    return `await run(agent, input, { context: { userId: session.userId } });
// in the tool: const token = await exchangeForApi(ctx.context.userId) — never the user's own token`;
  }
  if (framework.includes('langchain') || framework.includes('langgraph')) {
    return `await agent.invoke(input, { configurable: { thread_id, userId } });
// in the tool: const token = await exchangeForApi(config.configurable.userId)`;
  }
  if (framework.includes('mastra')) {
    return `requestContext.set('userId', user.id); // not the token
// in the tool: const token = await exchangeForApi(requestContext.get('userId'))`;
  }
  if (framework === 'genkit') {
    return `await ai.generate({ prompt, tools, context: { auth: { uid: user.uid } } }); // not the token`;
  }
  if (framework.includes('llamaindex')) {
    return `const tool = FunctionTool.from(searchNotes, { name, description, parameters }).bind({ userId });`;
  }
  if (framework.includes('agent-kit')) {
    return `await network.run(input, { state: createState({ userId }) });`;
  }
  if (framework === 'ai' || framework.includes('ai-sdk')) {
    return `await generateText({ model, tools, prompt, experimental_context: { userId } });
// in the tool: const token = await exchangeForApi(options.experimental_context.userId)`;
  }
  return `// pass { userId } to the agent; let the tool obtain a delegated token for the API it calls`;
}

export function fixFor(ruleId: RuleId, flow: FlowFacts): Fix {
  switch (ruleId) {
    case 'user-credential-in-tool':
      return {
        summary:
          "Don't hand the user's token to the tool. Pass the user's id in the context and have the tool obtain a delegated token: an RFC 8693 token exchange (subject_token = the user's token, actor_token = the agent's own credential, audience = the API the tool calls, narrow scope), MSAL acquireTokenOnBehalfOf, or a token vault (Auth0 withTokenVault / getAccessTokenFromTokenVault).",
        example: `${contextExample(flow.framework)}\n\n${EXCHANGE_HELPER}`,
      };
    case 'user-credential-in-subagent':
      return {
        summary:
          "Authenticate to the other agent as this agent (its own client credentials or workload identity). If it must act for the user, send a token exchanged for that agent's audience with the user as subject and this agent as actor (an `act` claim), not the user's own token; pass the user's id, not their session.",
        example: subagentExample(flow.framework),
      };
    case 'user-credential-in-mcp-client':
      return {
        summary:
          "Give the MCP client its own identity: an authProvider using the agent's OAuth client (ClientCredentialsProvider / PrivateKeyJwtProvider), Cross App Access (CrossAppAccessProvider), or a token exchanged for the MCP server's audience — never the app's session token.",
        example: mcpClientExample(flow.framework),
      };
    case 'mcp-token-passthrough':
      return {
        summary:
          "Never forward the token the MCP client presented. Verify it was issued for this server (requireBearerAuth({ verifier, expectedResource })), then exchange it for a token for the upstream API (RFC 8693 with the server's own actor credential, or the upstream's on-behalf-of grant). An MCP server that needs its own access to the upstream API obtains it as an OAuth client of that API (the third-party authorization flow).",
        example: `const upstreamToken = await exchange({ subjectToken: extra.authInfo.token, audience: UPSTREAM_API, scope: 'repo:read' });
const octokit = new Octokit({ auth: upstreamToken });`,
      };
    case 'user-credential-in-prompt':
      return {
        summary:
          'Remove the credential from the prompt, instructions, messages and tool results. Tools that must act for the user should get a delegated token the model never sees.',
      };
  }
}

function subagentExample(framework: string): string {
  if (framework.includes('langgraph-sdk') || framework.includes('langgraph')) {
    return `const client = new Client({ apiUrl, apiKey: process.env.LANGGRAPH_API_KEY }); // the agent's own key
await client.runs.wait(threadId, assistantId, { input, config: { configurable: { user_id: userId } } });`;
  }
  if (framework.includes('a2a')) {
    return `const fetchImpl = createAuthenticatingFetchWithRetry(fetch, {
  headers: async () => ({ Authorization: \`Bearer \${await tokenForAgent(REMOTE_AGENT_AUDIENCE, { onBehalfOf: userId })}\` }),
});`;
  }
  if (framework.includes('openai/agents')) {
    return `subAgent.asTool({ toolName: 'research', runOptions: { context: { userId } } });`;
  }
  return `// call the other agent with its own credentials and { userId }, or a token exchanged for its audience`;
}

function mcpClientExample(framework: string): string {
  if (framework.includes('openai/agents')) {
    return `const mcp = new MCPServerStreamableHttp({ url: MCP_URL, authProvider: agentOAuthProvider /* the agent's own OAuth client */ });`;
  }
  if (framework.includes('ai-sdk')) {
    return `const mcp = await createMCPClient({ transport: { type: 'http', url: MCP_URL, authProvider: agentOAuthProvider } });`;
  }
  if (framework.includes('mcp-adapters')) {
    return `new MultiServerMCPClient({ mcpServers: { docs: { url: MCP_URL, authProvider: agentOAuthProvider } } });`;
  }
  if (framework.includes('mastra')) {
    return `new MCPClient({ servers: { docs: { url: new URL(MCP_URL), authProvider: agentOAuthProvider } } });`;
  }
  return `import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
  authProvider: new ClientCredentialsProvider({ clientId: AGENT_CLIENT_ID, clientSecret: AGENT_CLIENT_SECRET }),
});`;
}
