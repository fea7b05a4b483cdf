/**
 * One scan result that every formatter test renders: three source files plus a
 * Next.js route folder, findings of all five rules at all three severities (one
 * suppressed, one behind a config flag), a 1,500-step trace for the SARIF cap,
 * skipped files and notices. Built in an unsorted order on purpose.
 */

import type { Finding, RuleMeta, ScanReport, SourceSpan, TraceStep } from '../../src/report/finding.js';

export const SAMPLE_ROOT = '/home/dev/acme-agent';
export const LONG_TRACE_STEPS = 1500;

const DOCS = 'https://example.com/agent-impersonation-scan/docs/rules';

export const SAMPLE_RULES: RuleMeta[] = [
  {
    id: 'user-credential-in-tool',
    shortDescription: "A user's credential reaches an agent tool",
    fullDescription:
      "Finds where a user's own credential (Authorization header, session cookie, SSO token) is captured by an agent tool, passed to it as an argument, or put into the context that tools read. Every call the tool makes then runs as the user, with all of the user's permissions, for actions the agent chose.",
    defaultSeverity: 'error',
    helpUri: `${DOCS}/user-credential-in-tool.md`,
    help: "## Why\nThe tool acts **as the user**: downstream services cannot tell the agent from the person.\n\n## Fix\nExchange the user's token for a delegated one (RFC 8693) with `actor_token` set to the agent's own credential, then give the tool the [exchanged token](https://www.rfc-editor.org/rfc/rfc8693).\n\n```ts\nconst delegated = await exchangeToken({ subjectToken, actorToken, scope: 'tickets:read' });\n```",
    tags: ['security', 'CWE-522', 'OWASP-ASI03'],
    securitySeverity: 8.1,
  },
  {
    id: 'user-credential-in-subagent',
    shortDescription: "A user's credential is handed to a sub-agent",
    fullDescription:
      "Finds where a user's credential is passed into another agent's invocation: a sub-agent run, a handoff, an agent used as a tool, a sub-graph or a remote (A2A) agent. The whole chain then disappears behind the one borrowed identity.",
    defaultSeverity: 'error',
    helpUri: `${DOCS}/user-credential-in-subagent.md`,
    help: '## Why\nEvery agent in the chain acts as the user.\n\n## Fix\nGive each sub-agent its own delegated token whose `act` claim names the calling agent.',
    tags: ['security', 'CWE-522', 'OWASP-ASI03'],
    securitySeverity: 8.1,
  },
  {
    id: 'user-credential-in-mcp-client',
    shortDescription: "An MCP client sends a user's credential to an MCP server",
    fullDescription:
      "Finds where an MCP client's transport (headers, auth provider) carries a user's own credential, so the agent calls the MCP server's tools as the user.",
    defaultSeverity: 'error',
    helpUri: `${DOCS}/user-credential-in-mcp-client.md`,
    help: "## Why\nThe MCP server sees the user, not the agent.\n\n## Fix\nUse an `authProvider` that obtains a token for the MCP server's audience by token exchange.",
    tags: ['security', 'CWE-522', 'OWASP-ASI03'],
    securitySeverity: 7.5,
  },
  {
    id: 'mcp-token-passthrough',
    shortDescription: 'An MCP server forwards the token its client presented',
    fullDescription:
      'Finds MCP server tool handlers that call an upstream API with the token the MCP client presented. The MCP specification forbids token passthrough: the upstream API cannot tell who is calling, and audience checks are bypassed.',
    defaultSeverity: 'error',
    helpUri: `${DOCS}/mcp-token-passthrough.md`,
    help: "## Why\nToken passthrough is forbidden by the MCP authorization spec.\n\n## Fix\nExchange the received token for one whose audience is the upstream API, or use the server's own OAuth client.",
    tags: ['security', 'CWE-441', 'OWASP-ASI03'],
    securitySeverity: 8.8,
  },
  {
    id: 'user-credential-in-prompt',
    shortDescription: "A user's credential is shown to the model",
    fullDescription:
      "Finds where a user's credential ends up in what the model reads: a prompt, messages, system instructions or a tool's return value. The credential is disclosed to the model and its provider, and the agent can use it however it likes.",
    defaultSeverity: 'warning',
    helpUri: `${DOCS}/user-credential-in-prompt.md`,
    help: '## Why\nThe model provider receives the secret, and a prompt injection can exfiltrate it.\n\n## Fix\nKeep credentials out of model input; pass the user id instead.',
    tags: ['security', 'CWE-200', 'OWASP-LLM02'],
    securitySeverity: 6.5,
  },
];

function span(file: string, line: number, column: number, length: number): SourceSpan {
  return { file, line, column, endLine: line, endColumn: column + length };
}

function step(role: TraceStep['role'], at: SourceSpan, label: string, snippet: string): TraceStep {
  return { span: at, label, snippet, role };
}

/** A flow through many helpers: what a deep chain of wrappers looks like to the engine. */
function longTrace(sink: SourceSpan): TraceStep[] {
  const steps: TraceStep[] = [step('source', span('src/server.ts', 42, 17, 25), 'source: Authorization header of the incoming request', 'req.headers.authorization')];
  for (let i = 1; i < LONG_TRACE_STEPS - 1; i++) {
    steps.push(step('step', span('src/lib/wrap.ts', i, 10, 6), `passed to wrap${i}()`, `wrap${i}(token)`));
  }
  steps.push(step('sink', sink, 'sink: MCP client transport header', "headers: { Authorization: `Bearer ${token}` }"));
  return steps;
}

export function sampleFindings(options: { longTrace: boolean }): Finding[] {
  const mcpClientFile = 'src/app/api/[tenant]/agent.ts';
  const mcpSink = span(mcpClientFile, 23, 9, 44);
  const mcpTrace = options.longTrace
    ? longTrace(mcpSink)
    : [
        step('source', span(mcpClientFile, 9, 25, 24), 'source: session cookie of the incoming request', "cookies().get('session')"),
        step('step', span(mcpClientFile, 10, 9, 26), 'assigned to sessionToken', 'const sessionToken = session?.value'),
        step('sink', mcpSink, 'sink: MCP client transport header', "headers: { Authorization: `Bearer ${sessionToken}` }"),
      ];
  return [
    {
      ruleId: 'user-credential-in-prompt',
      severity: 'warning',
      confidence: 'medium',
      message: {
        what: 'The Authorization header of the incoming request is interpolated into the agent\'s instructions',
        why: 'The model and its provider read the instructions: the credential is disclosed to them, and a prompt injection can exfiltrate it, 100% outside your audit trail.',
        fix: 'Keep the token out of model input; put the user id (a non-secret claim) in the instructions instead.',
      },
      location: span('src/server.ts', 64, 38, 8),
      trace: [
        step('source', span('src/server.ts', 42, 17, 25), 'source: Authorization header of the incoming request', 'req.headers.authorization'),
        step('sink', span('src/server.ts', 64, 38, 8), 'sink: agent instructions', '`You act for ${token}`'),
      ],
      fix: { summary: 'Pass the user id, not the token, to the model.' },
      fingerprint: 'v1:2f0c9a4e81d7b3c6a5e4f30918d2c7b1',
      sourceKind: 'authorization-header',
      sinkKind: 'model-prompt',
      framework: '@openai/agents',
    },
    {
      ruleId: 'mcp-token-passthrough',
      severity: 'error',
      confidence: 'high',
      message: {
        what: "The token the MCP client presented (extra.authInfo.token) is sent to api.github.com by the tool 'list_issues'",
        why: 'Token passthrough: GitHub sees the end user, not this server, and the token was issued for this MCP server, not for GitHub.',
        fix: "Exchange the received token for one whose audience is GitHub (RFC 8693), or call GitHub with this server's own OAuth client.",
      },
      location: span('src/mcp/github-server.ts', 88, 34, 20),
      trace: [
        step('source', span('src/mcp/github-server.ts', 80, 21, 21), 'source: token the MCP client presented', 'extra.authInfo.token'),
        step('step', span('src/mcp/github-server.ts', 86, 11, 30), 'returned by upstreamToken()', 'return forward ? token : undefined'),
        step('sink', span('src/mcp/github-server.ts', 88, 34, 20), 'sink: upstream request auth', 'new Octokit({ auth: upstream })'),
      ],
      fix: {
        summary: 'Exchange the token for a GitHub-audience token before calling upstream.',
        example: "const upstream = await exchangeToken({\n  subjectToken: extra.authInfo.token,\n  audience: 'https://api.github.com',\n});",
      },
      fingerprint: 'v1:9d1e57b0c24a6f83e1b7d05c3a9f4e26',
      sourceKind: 'mcp-caller-token',
      sinkKind: 'mcp-upstream-call',
      framework: '@modelcontextprotocol/sdk',
      condition: "process.env.FORWARD_GITHUB_TOKEN === '1'",
    },
    {
      ruleId: 'user-credential-in-mcp-client',
      severity: 'error',
      confidence: 'high',
      message: {
        what: 'The session cookie of the incoming request is sent as the Authorization header of an MCP client transport',
        why: "The MCP server's tools run as the user: it cannot tell the agent from the person.",
        fix: "Give the transport an authProvider that obtains a token for the MCP server's audience by token exchange.",
      },
      location: mcpSink,
      trace: mcpTrace,
      fix: { summary: 'Use an authProvider that exchanges the session for an MCP-audience token.' },
      fingerprint: 'v1:6b3f0e2d9a71c48e5f2a0d13b7c9e864',
      sourceKind: 'cookie',
      sinkKind: 'mcp-client',
      framework: '@modelcontextprotocol/sdk',
    },
    {
      ruleId: 'user-credential-in-subagent',
      severity: 'note',
      confidence: 'low',
      message: {
        what: 'userToken (by its name, a user credential) is passed in the run options of the sub-agent researchAgent',
        why: 'The sub-agent acts as the user, and its actions are logged as the user\'s.',
        fix: 'Give the sub-agent its own delegated token whose act claim names this agent.',
      },
      location: span('src/agents/research.ts', 12, 9, 9),
      trace: [
        step('source', span('src/agents/research.ts', 5, 38, 9), 'source: parameter named userToken', 'userToken'),
        step('sink', span('src/agents/research.ts', 12, 9, 9), 'sink: sub-agent run context', 'userToken'),
      ],
      fix: { summary: 'Exchange the token for a delegated one before the handoff.' },
      fingerprint: 'v1:0a8c2e4f6b1d3957e0c2a4f6b8d1e3a5',
      sourceKind: 'session-token',
      sinkKind: 'subagent',
      framework: '@openai/agents',
      suppression: {
        kind: 'inSource',
        justification: 'reviewed: the research agent only calls our read-only API',
        span: span('src/agents/research.ts', 11, 5, 88),
      },
    },
    {
      ruleId: 'user-credential-in-tool',
      severity: 'error',
      confidence: 'high',
      message: {
        what: "The Authorization header of the incoming request is put into the run context that the tool 'lookupTicket' reads",
        why: "Every call the tool makes runs as the user, with all of the user's permissions, for actions the agent chose.",
        fix: "Exchange the user's token for a delegated, ticket-scoped token (RFC 8693) and put that into the context.",
      },
      location: span('src/server.ts', 51, 7, 16),
      trace: [
        step('source', span('src/server.ts', 42, 17, 25), 'source: Authorization header of the incoming request', 'req.headers.authorization'),
        step('step', span('src/server.ts', 43, 9, 30), 'assigned to token', "const token = auth?.replace(/^Bearer /, '')"),
        step('sink', span('src/server.ts', 51, 7, 16), 'sink: run context read by tools', 'context: { token }'),
      ],
      fix: {
        summary: 'Put a delegated token into the run context.',
        example: 'const delegated = await exchangeToken({ subjectToken: token, actorToken: agentCredential });\nawait run(agent, input, { context: { token: delegated } });',
      },
      fingerprint: 'v1:c5e1a3f7092b4d6e8f1a3c5e7b9d0f24',
      sourceKind: 'authorization-header',
      sinkKind: 'agent-context',
      framework: '@openai/agents',
    },
  ];
}

export function sampleReport(options: { longTrace: boolean } = { longTrace: true }): ScanReport {
  return {
    tool: {
      name: 'agent-impersonation-scan',
      version: '0.1.0',
      informationUri: 'https://example.com/agent-impersonation-scan',
    },
    root: SAMPLE_ROOT,
    findings: sampleFindings(options),
    skipped: [
      { file: 'vendor/bundle.min.js', reason: 'larger than 1 MB' },
      { file: 'src/legacy/broken.ts', reason: "does not parse: ')' expected at 14:22" },
    ],
    notices: [
      {
        level: 'warning',
        code: 'unused-disable-directive',
        message: 'Unused agent-impersonation-scan-disable-next-line directive (no user-credential-in-tool finding on the next line)',
        span: span('src/server.ts', 70, 3, 62),
      },
      { level: 'note', code: 'no-tsconfig', message: 'No tsconfig.json found; default compiler options were used' },
      // Says what `skipped` already says; formatters show it once.
      { level: 'warning', code: 'file-skipped', message: 'src/legacy/broken.ts does not parse', span: span('src/legacy/broken.ts', 14, 22, 1) },
    ],
    rules: SAMPLE_RULES,
    stats: { filesScanned: 42, durationMs: 812 },
  };
}

/** A report with nothing to say: the "✔" paths. */
export function cleanReport(): ScanReport {
  return { ...sampleReport({ longTrace: false }), findings: [], skipped: [], notices: [] };
}
