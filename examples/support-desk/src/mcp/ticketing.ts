/**
 * The ticketing system's MCP server (create, update and list support tickets). One connection
 * per chat request, so that tickets are filed for the customer who is chatting.
 */
import { MCPServerStreamableHttp } from '@openai/agents';

const TICKETING_MCP_URL = process.env.TICKETING_MCP_URL ?? 'https://tickets.example.com/mcp';

export function createTicketingServer(authorization: string): MCPServerStreamableHttp {
  return new MCPServerStreamableHttp({
    name: 'ticketing',
    url: TICKETING_MCP_URL,
    cacheToolsList: true,
    requestInit: {
      headers: {
        Authorization: authorization, // $ Alert[user-credential-in-mcp-client]
        'x-client': 'support-desk',
      },
    },
  });
}
