/** Statistics API (section 7), admin key. Each slice lives in its own module. */
import type { AppContext } from '../context.js';
import { requireAdmin } from '../http/auth.js';
import type { App } from '../http/types.js';
import { conversionStatsRoutes } from './conversions.js';
import { outboundStatsRoutes } from './outbound.js';
import { serverPostbackStatsRoutes } from './serverpostbacks.js';

export async function statsRoutes(app: App, ctx: AppContext): Promise<void> {
  // onRequest, not preHandler: a caller without the key learns nothing, not even body validation errors.
  app.addHook('onRequest', requireAdmin(ctx));
  await conversionStatsRoutes(app, ctx);
  await serverPostbackStatsRoutes(app, ctx);
  await outboundStatsRoutes(app, ctx);
}
