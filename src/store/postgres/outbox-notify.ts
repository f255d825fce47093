/**
 * The outbox signal between processes on PostgreSQL: a process that commits outbound jobs sends
 * NOTIFY on its schema's channel, and a process whose delivery worker listens keeps one
 * connection LISTENing and wakes the worker. So HTTP nodes' affiliate postbacks leave at once
 * from a worker process too, not at its next poll.
 *
 * Best effort by design: a lost notification or connection only leaves the jobs to the poll.
 * Notifications are spaced (one per NOTIFY_GAP_MS at most), so a burst of postbacks costs a few
 * of them, not one each.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { OutboxTransport } from '../outbox.js';
import type { PgPool } from './connection.js';

const NOTIFY_GAP_MS = 5;
const RECONNECT_MS = 1000;
/** PostgreSQL refuses channel names longer than this. */
const MAX_CHANNEL = 63;

export function pgOutboxNotifications(
  pool: PgPool,
  /** A connection of its own, not from the pool: LISTEN belongs to the session. */
  connect: () => Promise<pg.Client>,
  schema: string,
): OutboxTransport & { close(): Promise<void> } {
  // Schema names are lower-case letters, digits and "_": a plain identifier, no quoting needed.
  const channel = `trackpost_outbox_${schema}`.slice(0, MAX_CHANNEL);
  // Sent as the payload, so a process that also listens ignores its own notifications.
  const self = randomBytes(8).toString('hex');
  let closed = false;
  let lastSent = 0;
  let pending: NodeJS.Timeout | null = null;
  let listener: (() => void) | null = null;
  let client: pg.Client | null = null;
  let reopen: NodeJS.Timeout | null = null;

  function send(): void {
    pending = null;
    lastSent = Date.now();
    pool.query('SELECT pg_notify($1, $2)', [channel, self]).catch(() => undefined);
  }

  async function listen(): Promise<void> {
    reopen = null;
    let opened: pg.Client | null = null;
    try {
      opened = await connect();
      opened.on('notification', (message) => {
        if (message.channel === channel && message.payload !== self) listener?.();
      });
      opened.on('end', () => {
        if (client === opened) client = null;
        listenLater();
      });
      await opened.query(`LISTEN ${channel}`);
      if (!listener || closed) return void opened.end().catch(() => undefined);
      client = opened;
      // Jobs committed while no connection listened are found now rather than at the poll.
      listener();
    } catch {
      opened?.end().catch(() => undefined);
      listenLater();
    }
  }

  function listenLater(): void {
    if (!closed && listener && !client && !reopen) reopen = setTimeout(() => void listen(), RECONNECT_MS);
  }

  function stopListening(): void {
    listener = null;
    if (reopen) clearTimeout(reopen);
    reopen = null;
    const listening = client;
    client = null;
    listening?.end().catch(() => undefined);
  }

  return {
    announce() {
      if (closed || pending) return;
      pending = setTimeout(send, Math.max(0, lastSent + NOTIFY_GAP_MS - Date.now()));
    },
    subscribe(onAnnounced) {
      listener = onAnnounced;
      void listen();
      return stopListening;
    },
    async close() {
      closed = true;
      if (pending) clearTimeout(pending);
      pending = null;
      stopListening();
    },
  };
}
