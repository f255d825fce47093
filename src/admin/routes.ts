/**
 * Admin API (docs/api.md, "Admin API"). Each resource lives in its own module; who may call each
 * route (the admin key, staff sessions) is in people/access-table.ts.
 */
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import { advertiserRoutes } from './advertisers.js';
import { affiliatePostbackRoutes } from './affiliate-postbacks.js';
import { affiliateRoutes } from './affiliates.js';
import { conversionRoutes } from './conversions.js';
import { offerRoutes } from './offers.js';
import { outboundRoutes } from './outbound.js';
import { outboundHealthRoutes } from '../outbound/health-routes.js';
import { shareLinkRoutes } from './share-links.js';
import { trackingEventRoutes } from './tracking-events.js';

export async function adminRoutes(app: App, ctx: AppContext): Promise<void> {
  await advertiserRoutes(app, ctx);
  await affiliateRoutes(app, ctx);
  await offerRoutes(app, ctx);
  await affiliatePostbackRoutes(app, ctx);
  await trackingEventRoutes(app, ctx);
  await conversionRoutes(app, ctx);
  await outboundRoutes(app, ctx);
  await outboundHealthRoutes(app, ctx);
  await shareLinkRoutes(app, ctx);
}
