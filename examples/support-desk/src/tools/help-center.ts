/**
 * Help-center search. It calls the help-center API with a token obtained by token exchange
 * for that API alone, never with the customer's own token.
 */
import { tool, type RunContext } from '@openai/agents';
import { z } from 'zod';
import type { SupportContext } from '../agent.js';

const HELP_CENTER_API = process.env.HELP_CENTER_API_URL ?? 'https://help.example.com/api';

interface Article {
  title: string;
  url: string;
  excerpt: string;
}

export function createHelpCenterTool(helpCenterToken: string) {
  return tool({
    name: 'search_help_center',
    description: 'Search help-center articles, including those shared privately with this customer.',
    parameters: z.object({ query: z.string().min(2) }),
    async execute({ query }, runContext?: RunContext<SupportContext>) {
      const params = new URLSearchParams({ q: query, limit: '5' });
      if (runContext?.context.customerId) {
        params.set('customer', runContext.context.customerId);
      }
      const res = await fetch(`${HELP_CENTER_API}/search?${params}`, {
        headers: { Authorization: `Bearer ${helpCenterToken}` }, // ok: user-credential-in-tool
      });
      if (!res.ok) {
        return `Help-center search failed with ${res.status}.`;
      }
      const { articles } = (await res.json()) as { articles: Article[] };
      if (articles.length === 0) {
        return 'No matching articles.';
      }
      return articles.map((a) => `- ${a.title} (${a.url}): ${a.excerpt}`).join('\n');
    },
  });
}
