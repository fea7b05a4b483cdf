/**
 * Client for the billing team's dispute agent, a LangGraph graph deployed on LangGraph
 * Platform. Support staff hand an invoice dispute to it from a ticket.
 */
import { Client } from '@langchain/langgraph-sdk';

const BILLING_AGENT_URL = process.env.BILLING_AGENT_URL ?? 'https://billing-agent.example.com';
const DISPUTE_ASSISTANT = 'invoice-dispute';

export interface InvoiceDispute {
  ticketId: string;
  invoiceId: string;
  reason: string;
}

export interface DisputeVerdict {
  decision: 'refund' | 'partial_refund' | 'reject' | 'needs_human';
  note: string;
}

export async function reviewDispute(authorization: string, dispute: InvoiceDispute): Promise<DisputeVerdict> {
  const client = new Client({
    apiUrl: BILLING_AGENT_URL,
    apiKey: process.env.LANGGRAPH_API_KEY,
    defaultHeaders: {
      Authorization: authorization, // $ Alert[user-credential-in-subagent]
    },
  });
  const state = await client.runs.wait(null, DISPUTE_ASSISTANT, { input: { dispute } });
  const { verdict } = state as { verdict?: DisputeVerdict };
  return verdict ?? { decision: 'needs_human', note: 'The billing agent returned no verdict.' };
}
