/**
 * Test harness: a fully built app on a fresh SQLite file in a temporary folder, with a known
 * admin key. `inject` tests use `app.inject`; end-to-end tests call `listen()` for a real port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { bootContext } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { App } from '../../src/http/types.js';
import { dropPostgresSchema, freshPostgresUrl } from './backends.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestApp {
  app: App;
  ctx: AppContext;
  dir: string;
  /** Headers carrying the admin key. */
  admin: { 'api-key': string };
  /** Another app on the same database, as a second process would run it (closed with this one). */
  another(): Promise<App>;
  /** Starts listening on a free loopback port; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Builds an app on a new temporary database. `env` overrides configuration variables; a
 * `DATABASE_URL` of `postgres://…` (e.g. process.env.TEST_DATABASE_URL) gets a fresh schema,
 * dropped on close. TEST_APP_DATABASE_URL=postgres://… runs every app test on PostgreSQL.
 * `logger` replaces the silent one, for tests that read what the app logs.
 */
export async function startTestApp(env: Record<string, string> = {}, logger?: pino.Logger): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'trackpost-test-'));
  const database = env.DATABASE_URL ?? process.env.TEST_APP_DATABASE_URL;
  const postgresUrl = database?.startsWith('postgres') ? freshPostgresUrl(database) : null;
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, 'test.db')}`,
    ADMIN_API_KEY: ADMIN_KEY,
    WRITE_BATCH_MS: '1',
    OUTBOUND_ALLOW_PRIVATE: 'true',
    ...env,
    ...(postgresUrl ? { DATABASE_URL: postgresUrl } : {}),
  });
  const { ctx } = await bootContext(config, logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const app = await buildApp(ctx);
  const others: { app: App; ctx: AppContext }[] = [];
  let closed = false;
  return {
    app,
    ctx,
    dir,
    admin: { 'api-key': ADMIN_KEY },
    async another() {
      const other = await bootContext(config, pino({ level: 'silent' }));
      const otherApp = await buildApp(other.ctx);
      others.push({ app: otherApp, ctx: other.ctx });
      return otherApp;
    },
    async listen() {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (!address || typeof address === 'string') throw new Error('no address');
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const other of others) {
        await other.app.close();
        other.ctx.catalog.stop();
        await other.ctx.store.close();
      }
      await app.close();
      ctx.catalog.stop();
      await ctx.store.close();
      rmSync(dir, { recursive: true, force: true });
      if (postgresUrl) await dropPostgresSchema(postgresUrl);
    },
  };
}
