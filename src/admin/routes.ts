/** Admin API (section 5), admin key on every route. Each resource lives in its own module. */
import type { AppContext } from '../context.js';
import { requireAdmin } from '../http/auth.js';
import type { App } from '../http/types.js';
import { advertiserRoutes } from './advertisers.js';
import { affiliatePostbackRoutes } from './affiliate-postbacks.js';
import { affiliateRoutes } from './affiliates.js';
import { conversionRoutes } from './conversions.js';
import { offerRoutes } from './offers.js';
import { outboundRoutes } from './outbound.js';
import { shareLinkRoutes } from './share-links.js';
import { trackingEventRoutes } from './tracking-events.js';

export async function adminRoutes(app: App, ctx: AppContext): Promise<void> {
  // onRequest, not preHandler: a caller without the key learns nothing, not even body validation errors.
  app.addHook('onRequest', requireAdmin(ctx));
  await advertiserRoutes(app, ctx);
  await affiliateRoutes(app, ctx);
  await offerRoutes(app, ctx);
  await affiliatePostbackRoutes(app, ctx);
  await trackingEventRoutes(app, ctx);
  await conversionRoutes(app, ctx);
  await outboundRoutes(app, ctx);
  await shareLinkRoutes(app, ctx);
}
