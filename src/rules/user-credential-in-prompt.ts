/** user-credential-in-prompt: a user's credential in something the model reads. */
import { the, conditionNote, docsUrl, heuristicNote, severityByConfidence, USER_SOURCE_KINDS, type RuleDefinition } from './rule.js';

const ID = 'user-credential-in-prompt';

export const userCredentialInPrompt: RuleDefinition = {
  priority: 50,
  meta: {
    id: ID,
    shortDescription: "A user's credential is disclosed to the model",
    fullDescription:
      "The user's own credential is put into what the model reads: its prompt, messages, system instructions, or the value a tool returns. The credential is disclosed to the model provider, can be echoed into output or logs, and the agent (or a prompt injection) can use it however it likes.",
    defaultSeverity: 'error',
    helpUri: docsUrl(ID),
    help:
      "Remove the credential from the prompt and from tool results. If a tool needs to act for the user, give the tool a delegated token (token exchange, on-behalf-of, token vault) that the model never sees.",
    tags: ['security', 'agent-identity', 'CWE-200', 'CWE-522', 'OWASP-ASI03', 'OWASP-LLM02'],
    securitySeverity: 9.1,
  },
  accepts: (flow) => flow.sinkKind === 'prompt' && USER_SOURCE_KINDS.includes(flow.sourceKind),
  severity: severityByConfidence,
  message(flow) {
    const what =
      flow.sinkLabel === 'the value a tool returns to the model'
        ? `A tool returns the user's credential \`${flow.sourceText}\` (${flow.sourceLabel}) to the model.`
        : `The user's credential \`${flow.sourceText}\` (${flow.sourceLabel}) is put into ${the(flow.sinkLabel)}, which the model reads.`;
    return {
      what: `${what}${conditionNote(flow)}${heuristicNote(flow)}`,
      why: 'The credential is disclosed to the model and its provider; the model can repeat it, and a prompt injection can make the agent use or leak it.',
      fix: '',
    };
  },
};
