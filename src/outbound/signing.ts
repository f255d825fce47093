/**
 * Standard Webhooks signatures for POST deliveries (https://www.standardwebhooks.com): the
 * receiver recomputes HMAC-SHA256 over `id.timestamp.body` and compares.
 *
 * The secret is used the way Standard Webhooks libraries read it: `whsec_<base64>` means the
 * key is those base64 bytes; any other string is used as its own UTF-8 bytes (a receiver using
 * a Standard Webhooks library then passes the secret base64-encoded, or with `format: "raw"`).
 */
import { createHmac } from 'node:crypto';

const PREFIX = 'whsec_';

/** The HMAC key a signing secret stands for. */
export function signingKey(secret: string): Buffer {
  return secret.startsWith(PREFIX) ? Buffer.from(secret.slice(PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** The three Standard Webhooks headers for one delivery attempt. */
export function webhookHeaders(secret: string, messageId: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac('sha256', signingKey(secret))
    .update(`${messageId}.${timestamp}.${body}`)
    .digest('base64');
  return { 'webhook-id': messageId, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
