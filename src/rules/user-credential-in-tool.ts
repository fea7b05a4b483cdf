/** user-credential-in-tool: a user's credential handed to an agent tool (captured, in its context, or as an argument). */
import { the, conditionNote, docsUrl, heuristicNote, severityByConfidence, USER_SOURCE_KINDS, type RuleDefinition } from './rule.js';

const ID = 'user-credential-in-tool';

export const userCredentialInTool: RuleDefinition = {
  priority: 10,
  meta: {
    id: ID,
    shortDescription: "A user's credential reaches an agent tool",
    fullDescription:
      "The user's own credential (session token, cookie, Authorization header, SSO/OIDC token) is captured by an agent tool's implementation, put into the context or config that tools read, or passed to a tool as an argument. Every call the agent chooses to make with it is made as the user, with all of the user's permissions, and is logged as the user's.",
    defaultSeverity: 'error',
    helpUri: docsUrl(ID),
    help:
      "Give the tool a delegated token instead: exchange the user's token (RFC 8693, subject_token = the user's token, actor_token = the agent's own credential) for a short-lived token scoped to the API the tool calls, or use your identity provider's on-behalf-of grant or token vault. Put the user's id, not the token, in the run context.",
    tags: ['security', 'agent-identity', 'CWE-522', 'CWE-441', 'OWASP-ASI03'],
    securitySeverity: 8.1,
  },
  accepts: (flow) =>
    ['tool-implementation', 'tool-context', 'tool-argument'].includes(flow.sinkKind) && USER_SOURCE_KINDS.includes(flow.sourceKind),
  severity: severityByConfidence,
  message(flow) {
    const where =
      flow.sinkKind === 'tool-implementation'
        ? `is captured by ${the(flow.sinkLabel)}${flow.toolName ? ` \`${flow.toolName}\`` : ''}`
        : flow.sinkKind === 'tool-argument'
          ? `is passed as an argument to an agent tool (${flow.sinkLabel})`
          : `is put into ${the(flow.sinkLabel)}, which the agent's tools read`;
    return {
      what: `The user's credential \`${flow.sourceText}\` (${flow.sourceLabel}) ${where}.${conditionNote(flow)}${heuristicNote(flow)}`,
      why: "The agent can now call APIs as the user: downstream services see the user with all of their permissions, and every action the model chose is logged as the user's own (impersonation, not delegation).",
      fix: '',
    };
  },
};
