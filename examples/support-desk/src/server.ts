/**
 * Support desk API. `POST /api/chat` runs the support agent for the signed-in customer;
 * `POST /api/tickets/:ticketId/billing-dispute` hands an invoice dispute to the billing agent.
 * Callers send `Authorization: Bearer <customer access token>` issued for this API.
 */
import express, { type Request, type Response } from 'express';
import { run } from '@openai/agents';
import { buildSupportAgent } from './agent.js';
import { exchangeForHelpCenter } from './auth/token-exchange.js';
import { verifyCustomerToken } from './auth/verify-token.js';
import { createTicketingServer } from './mcp/ticketing.js';
import { reviewDispute } from './remote/billing-agent.js';

const app = express();
app.use(express.json({ limit: '64kb' }));

app.post('/api/chat', async (req: Request, res: Response) => {
  const authorization = req.headers.authorization;
  if (!authorization?.startsWith('Bearer ')) {
    res.status(401).json({ error: 'bearer token required' });
    return;
  }
  const { message } = req.body as { message?: unknown };
  if (typeof message !== 'string' || message.length === 0) {
    res.status(400).json({ error: 'message is required' });
    return;
  }

  const customerToken = authorization.slice('Bearer '.length);
  const claims = await verifyCustomerToken(customerToken);
  const helpCenterToken = await exchangeForHelpCenter(customerToken);

  const ticketing = createTicketingServer(authorization);
  await ticketing.connect();
  try {
    const agent = buildSupportAgent({ authorization, helpCenterToken, ticketing });
    const result = await run(agent, message, {
      context: { customerId: claims.customerId }, // ok: user-credential-in-tool
      maxTurns: 8,
    });
    res.json({ answer: result.finalOutput });
  } catch (err) {
    console.error('support agent failed', err);
    res.status(502).json({ error: 'agent_failed' });
  } finally {
    await ticketing.close();
  }
});

app.post('/api/tickets/:ticketId/billing-dispute', async (req: Request<{ ticketId: string }>, res: Response) => {
  const authorization = req.headers.authorization;
  if (!authorization) {
    res.status(401).json({ error: 'bearer token required' });
    return;
  }
  const { invoiceId, reason } = req.body as { invoiceId?: string; reason?: string };
  if (!invoiceId || !reason) {
    res.status(400).json({ error: 'invoiceId and reason are required' });
    return;
  }
  const verdict = await reviewDispute(authorization, { ticketId: req.params.ticketId, invoiceId, reason });
  res.json(verdict);
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  console.log(`support desk listening on :${port}`);
});
