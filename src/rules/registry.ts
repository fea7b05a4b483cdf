/** Every rule, in one list: the CLI, the formatters and the docs meta-test read it. */
import type { RuleMeta } from '../report/finding.js';
import { mcpTokenPassthrough } from './mcp-token-passthrough.js';
import type { FlowFacts, RuleDefinition } from './rule.js';
import { userCredentialInMcpClient } from './user-credential-in-mcp-client.js';
import { userCredentialInPrompt } from './user-credential-in-prompt.js';
import { userCredentialInSubagent } from './user-credential-in-subagent.js';
import { userCredentialInTool } from './user-credential-in-tool.js';

export const RULES: readonly RuleDefinition[] = [
  userCredentialInTool,
  userCredentialInSubagent,
  userCredentialInMcpClient,
  mcpTokenPassthrough,
  userCredentialInPrompt,
];

export const RULE_METAS: readonly RuleMeta[] = RULES.map((r) => r.meta);

/** The rule that reports a flow: the most specific one that accepts it. */
export function ruleFor(flow: FlowFacts): RuleDefinition | undefined {
  let best: RuleDefinition | undefined;
  for (const rule of RULES) if (rule.accepts(flow) && (!best || rule.priority > best.priority)) best = rule;
  return best;
}
