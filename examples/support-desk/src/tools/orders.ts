/**
 * Order tools for the support agent. Built per request so that each call to the order service
 * is made for the customer who is chatting.
 */
import { tool } from '@openai/agents';
import { z } from 'zod';

const ORDERS_API = process.env.ORDERS_API_URL ?? 'https://orders.example.com/v1';

interface Order {
  id: string;
  status: 'placed' | 'shipped' | 'delivered' | 'cancelled';
  total: number;
  currency: string;
  trackingUrl?: string;
}

export function createOrderTools(authorization: string) {
  const getOrder = tool({
    name: 'get_order',
    description: "Look up one of the customer's orders by its id.",
    parameters: z.object({ orderId: z.string().min(1) }),
    async execute({ orderId }) {
      const res = await fetch(`${ORDERS_API}/orders/${encodeURIComponent(orderId)}`, {
        headers: { Authorization: authorization, accept: 'application/json' }, // $ Alert[user-credential-in-tool]
      });
      if (res.status === 404) {
        return `There is no order ${orderId} on this account.`;
      }
      if (!res.ok) {
        return `The order service answered ${res.status}; try again later.`;
      }
      const order = (await res.json()) as Order;
      const tracking = order.trackingUrl ? ` Tracking: ${order.trackingUrl}` : '';
      return `Order ${order.id} is ${order.status} (${order.total} ${order.currency}).${tracking}`;
    },
  });

  const cancelOrder = tool({
    name: 'cancel_order',
    description: 'Cancel an order that has not shipped yet.',
    parameters: z.object({ orderId: z.string().min(1), reason: z.string().max(200) }),
    async execute({ orderId, reason }) {
      const res = await fetch(`${ORDERS_API}/orders/${encodeURIComponent(orderId)}/cancel`, {
        method: 'POST',
        headers: { Authorization: authorization, 'content-type': 'application/json' }, // $ Alert[user-credential-in-tool]
        body: JSON.stringify({ reason }),
      });
      if (res.status === 409) {
        return `Order ${orderId} has already shipped and cannot be cancelled.`;
      }
      return res.ok ? `Order ${orderId} is cancelled.` : `Cancelling failed with ${res.status}.`;
    },
  });

  return [getOrder, cancelOrder];
}
