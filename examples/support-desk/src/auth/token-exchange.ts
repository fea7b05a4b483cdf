/**
 * RFC 8693 token exchange. The customer's token goes in as the subject, the agent's own
 * workload assertion as the actor; what comes back names the agent in its `act` claim and is
 * good only for the help-center API, with read scope, for a few minutes.
 */

const TOKEN_ENDPOINT = process.env.OAUTH_TOKEN_ENDPOINT ?? 'https://login.example.com/oauth2/token';
const HELP_CENTER_AUDIENCE = 'https://help.example.com/api';

interface TokenExchangeResponse {
  access_token: string;
  issued_token_type: string;
  token_type: string;
  expires_in?: number;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

export async function exchangeForHelpCenter(subjectToken: string): Promise<string> {
  const res = await fetch(TOKEN_ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: requiredEnv('SUPPORT_AGENT_CLIENT_ID'),
      subject_token: subjectToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      actor_token: requiredEnv('SUPPORT_AGENT_ASSERTION'),
      actor_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      audience: HELP_CENTER_AUDIENCE,
      scope: 'articles:read',
    }),
  });
  if (!res.ok) {
    throw new Error(`token exchange failed with ${res.status}`);
  }
  const body = (await res.json()) as TokenExchangeResponse;
  return body.access_token;
}
