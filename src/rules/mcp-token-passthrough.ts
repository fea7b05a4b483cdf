/** mcp-token-passthrough: an MCP server forwards the token its client presented to an upstream API. */
import { the, conditionNote, docsUrl, type RuleDefinition } from './rule.js';

const ID = 'mcp-token-passthrough';

export const mcpTokenPassthrough: RuleDefinition = {
  priority: 40,
  meta: {
    id: ID,
    shortDescription: 'An MCP server passes the token it received through to an upstream API',
    fullDescription:
      'An MCP server tool handler forwards the token the MCP client presented (extra.authInfo.token, the Authorization header) to an upstream API, SDK client or another MCP server. The MCP security best practices forbid it: "MCP servers MUST NOT pass through the token it received from the MCP client." The upstream API cannot tell the MCP server from the user, audience restrictions are bypassed, and the server becomes a confused deputy.',
    defaultSeverity: 'error',
    helpUri: docsUrl(ID),
    help:
      "Validate that the token was issued for this MCP server (audience / resource), then exchange it (RFC 8693, subject_token = the received token, actor_token = the server's own credential, audience = the upstream API) or use the upstream's on-behalf-of grant. Never forward the received token.",
    tags: ['security', 'agent-identity', 'mcp', 'CWE-441', 'CWE-290', 'OWASP-ASI03'],
    securitySeverity: 8.8,
  },
  accepts: (flow) =>
    (flow.sourceKind === 'mcp-inbound-token' || flow.sourceKind === 'api-key-header') &&
    ['outbound-request', 'mcp-client', 'subagent'].includes(flow.sinkKind),
  severity: (flow) => (flow.sourceKind === 'api-key-header' || flow.confidence !== 'high' ? 'warning' : 'error'),
  message(flow) {
    const vendor =
      flow.sourceKind === 'api-key-header'
        ? " The forwarded value is an API key or personal token the client presented, which looks like a vendor's MCP adapter for its own API: lower risk, but the server still acts with a credential it was not issued."
        : '';
    return {
      what: `The token the MCP client presented (\`${flow.sourceText}\`) is forwarded upstream by the MCP server through ${the(flow.sinkLabel)}.${conditionNote(flow)}`,
      why: `Token passthrough: the upstream service sees the user's token from a party it was not issued to, so audience checks, rate limits and audit trails no longer mean what they say.${vendor}`,
      fix: '',
    };
  },
};
