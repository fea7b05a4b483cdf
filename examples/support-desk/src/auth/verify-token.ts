/**
 * Verifies the customer's bearer token (issuer, audience, expiry) before any agent work starts,
 * and returns only the claims the app needs: who the customer is, never the token itself.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';

const ISSUER = process.env.OAUTH_ISSUER ?? 'https://login.example.com/';
const API_AUDIENCE = process.env.SUPPORT_API_AUDIENCE ?? 'https://support.example.com/api';

const jwks = createRemoteJWKSet(new URL('.well-known/jwks.json', ISSUER));

export interface CustomerClaims {
  customerId: string;
  scopes: string[];
}

export async function verifyCustomerToken(token: string): Promise<CustomerClaims> {
  const { payload } = await jwtVerify(token, jwks, { issuer: ISSUER, audience: API_AUDIENCE });
  if (typeof payload.sub !== 'string') {
    throw new Error('token has no subject');
  }
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  return { customerId: payload.sub, scopes: scope.split(' ').filter(Boolean) };
}
