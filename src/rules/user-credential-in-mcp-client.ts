/** user-credential-in-mcp-client: a user's credential in an MCP client transport the agent calls tools through. */
import { the, conditionNote, docsUrl, heuristicNote, severityByConfidence, USER_SOURCE_KINDS, type RuleDefinition } from './rule.js';

const ID = 'user-credential-in-mcp-client';

export const userCredentialInMcpClient: RuleDefinition = {
  priority: 20,
  meta: {
    id: ID,
    shortDescription: "A user's credential is sent with an agent's MCP client",
    fullDescription:
      "The user's own credential is set on the transport of an MCP client (headers, requestInit, auth provider, custom fetch) through which an agent calls MCP tools. Every tool call the model makes reaches the MCP server as the user. The MCP authorization spec requires tokens issued for the MCP server's own audience; an app session token is neither scoped nor audience-bound to it.",
    defaultSeverity: 'error',
    helpUri: docsUrl(ID),
    help:
      "Give the MCP client its own OAuth identity (an authProvider with client credentials or private_key_jwt), or a token obtained for the MCP server's audience by token exchange (subject = the user, actor = the agent), or the MCP SDK's Cross App Access provider. Never reuse the app's session or API token.",
    tags: ['security', 'agent-identity', 'mcp', 'CWE-522', 'CWE-441', 'OWASP-ASI03'],
    securitySeverity: 8.1,
  },
  accepts: (flow) => flow.sinkKind === 'mcp-client' && USER_SOURCE_KINDS.includes(flow.sourceKind),
  severity: severityByConfidence,
  message(flow) {
    return {
      what: `The user's credential \`${flow.sourceText}\` (${flow.sourceLabel}) is sent with ${the(flow.sinkLabel)}.${conditionNote(flow)}${heuristicNote(flow)}`,
      why: "Every MCP tool call the agent decides to make reaches the MCP server as the user, with a token that was not issued for that server's audience or scope.",
      fix: '',
    };
  },
};
