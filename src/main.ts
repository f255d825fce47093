/**
 * Entry point. `npm start` serves (and, with ROLE=all or worker, delivers outbound postbacks
 * and runs the sweeps); `--demo` seeds a demo offer first; `--rotate-admin-key` prints a new
 * admin key and exits; `--backup <file>` copies the SQLite database (even while another process
 * serves it) and exits; `--reset-password <email>` prints a one-time password-reset link and exits.
 */
import { bootContext, rotateAdminKey } from './bootstrap.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { BackupError, backupDatabase } from './ops/backup.js';
import { seedDemo } from './ops/demo.js';
import { baseUrl, resetLinkFor } from './people/links.js';
import { startSweeps } from './ops/sweeps.js';
import { startDeliveryWorker } from './outbound/worker.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** `--backup <file>`: copies the database without opening the store (no migration, no key). */
async function backup(config: Config, target: string | undefined): Promise<void> {
  if (!target || target.startsWith('--')) {
    console.error('--backup needs the file to write: npm start -- --backup ./backups/trackpost.db');
    process.exit(1);
  }
  try {
    const done = await backupDatabase(config.databaseUrl, target);
    console.log(`Backup written to ${done.path} (${done.pages} pages)`);
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(`Backup failed: ${error.message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = new Set(argv);
  const config = readConfig();
  if (args.has('--backup')) return backup(config, argv[argv.indexOf('--backup') + 1]);
  const { ctx, createdAdminKey } = await bootContext(config);

  if (args.has('--rotate-admin-key')) {
    console.log(`New admin key: ${await rotateAdminKey(ctx.store)}`);
    await ctx.store.close();
    return;
  }

  if (args.has('--reset-password')) {
    const email = argv[argv.indexOf('--reset-password') + 1];
    const link = email ? await resetLinkFor(ctx.store.people, email, baseUrl(config)) : null;
    await ctx.store.close();
    if (!link) {
      console.error(email ? `No account has the email ${email}` : 'Usage: npm start -- --reset-password <email>');
      process.exit(1);
    }
    console.log(`Password reset link for ${email} (valid 72 hours, works once): ${link}`);
    return;
  }

  const stops: (() => Promise<void>)[] = [];
  if (config.role !== 'worker') {
    const app = await buildApp(ctx);
    await app.listen({ port: config.port, host: config.host });
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://${shownHost}:${port}`;
    console.log(`Trackpost listening on ${base} (database: ${ctx.store.kind}, role: ${config.role})`);
    if (createdAdminKey) {
      console.log(`Admin key (shown once, keep it): ${createdAdminKey}`);
    } else if (!config.adminApiKey) {
      console.log('Admin key: the one printed at first start (npm start -- --rotate-admin-key makes a new one)');
    }
    console.log(`API docs: ${base}/docs`);
    if (args.has('--demo')) await seedDemo(ctx, base);
    stops.push(() => app.close());
  }
  if (config.role !== 'http') {
    const worker = startDeliveryWorker(ctx);
    const sweeps = startSweeps(ctx);
    stops.push(
      () => worker.stop(),
      () => sweeps.stop(),
    );
    if (config.role === 'worker') console.log(`Trackpost worker started (database: ${ctx.store.kind})`);
  }
  if (ctx.store.kind !== 'sqlite') ctx.catalog.watch(1000);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'shutting down');
    for (const stop of stops) await stop().catch((error) => ctx.logger.error({ err: error }, 'stop failed'));
    ctx.catalog.stop();
    await ctx.store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
