/**
 * Statistics API (docs/api.md, "Statistics"). Each slice lives in its own module; who may call
 * each route is in people/access-table.ts.
 */
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import { capsReportRoutes } from './caps.js';
import { conversionStatsRoutes } from './conversions.js';
import { outboundStatsRoutes } from './outbound.js';
import { serverPostbackStatsRoutes } from './serverpostbacks.js';

export async function statsRoutes(app: App, ctx: AppContext): Promise<void> {
  await conversionStatsRoutes(app, ctx);
  await serverPostbackStatsRoutes(app, ctx);
  await outboundStatsRoutes(app, ctx);
  await capsReportRoutes(app, ctx);
}
