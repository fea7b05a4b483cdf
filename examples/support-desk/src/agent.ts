/**
 * The support agent, assembled per request from the order tools, the help-center search and
 * the ticketing MCP server.
 */
import { Agent, type MCPServerStreamableHttp } from '@openai/agents';
import { createOrderTools } from './tools/orders.js';
import { createHelpCenterTool } from './tools/help-center.js';

export interface SupportContext {
  customerId: string;
}

export interface SupportAgentParts {
  authorization: string;
  helpCenterToken: string;
  ticketing: MCPServerStreamableHttp;
}

const INSTRUCTIONS = [
  'You are the customer support assistant of an online shop.',
  'Look orders up with get_order before you answer questions about them.',
  'Only cancel an order when the customer asks for it in this conversation.',
  'Search the help center before you open a ticket; open a ticket when you cannot solve the problem.',
].join('\n');

export function buildSupportAgent({ authorization, helpCenterToken, ticketing }: SupportAgentParts): Agent<SupportContext> {
  return new Agent<SupportContext>({
    name: 'Support desk',
    model: 'gpt-4.1-mini',
    instructions: INSTRUCTIONS,
    tools: [...createOrderTools(authorization), createHelpCenterTool(helpCenterToken)],
    mcpServers: [ticketing],
  });
}
