/** user-credential-in-subagent: a user's credential carried into an invocation of another agent. */
import { the, conditionNote, docsUrl, heuristicNote, severityByConfidence, USER_SOURCE_KINDS, type RuleDefinition } from './rule.js';

const ID = 'user-credential-in-subagent';

export const userCredentialInSubagent: RuleDefinition = {
  priority: 30,
  meta: {
    id: ID,
    shortDescription: "A user's credential is handed to another agent",
    fullDescription:
      "The user's own credential is carried into an agent invocation made by or for another agent: a sub-agent run from a tool, an agent used as a tool with its own run options, a sub-graph, a remote agent (LangGraph Platform, A2A) called with the user's token in its headers. The whole chain of agents then acts as the user and disappears into the one borrowed identity.",
    defaultSeverity: 'error',
    helpUri: docsUrl(ID),
    help:
      "Authenticate to the other agent as the calling agent (its own client credentials or a workload identity), and pass a token obtained by token exchange for that agent's audience, with the user as subject and the calling agent as actor, if it must act for the user. Pass user identifiers, not credentials.",
    tags: ['security', 'agent-identity', 'CWE-522', 'CWE-441', 'OWASP-ASI03'],
    securitySeverity: 8.4,
  },
  accepts: (flow) => flow.sinkKind === 'subagent' && USER_SOURCE_KINDS.includes(flow.sourceKind),
  severity: severityByConfidence,
  message(flow) {
    return {
      what: `The user's credential \`${flow.sourceText}\` (${flow.sourceLabel}) is handed to another agent through ${the(flow.sinkLabel)}.${conditionNote(flow)}${heuristicNote(flow)}`,
      why: 'The other agent, and every agent it calls, acts with the user\'s full identity; nothing in the chain records that an agent, not the user, decided each action.',
      fix: '',
    };
  },
};
