/**
 * The affiliate API (docs/api.md, "Affiliate API"), for the affiliate's own key or an affiliate
 * account (the access check, people/access.ts, sets request.affiliate): its conversions, its
 * tracking events, its outbound log, the offers it may run, its postback URLs and its key. Everything is narrowed to the caller; another
 * affiliate's record answers 404, exactly like one that does not exist.
 */
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import { partnerApiKeyRoutes } from './api-key.js';
import { partnerConversionRoutes } from './conversions.js';
import { partnerOfferRoutes } from './offers.js';
import { partnerPostbackTestRoutes } from './postback-test.js';
import { partnerPostbackUrlRoutes } from './postback-urls.js';
import { partnerPostbackLogRoutes } from './postbacks.js';
import { partnerTrackingEventRoutes } from './tracking-events.js';

export async function partnerRoutes(app: App, ctx: AppContext): Promise<void> {
  await partnerConversionRoutes(app, ctx);
  await partnerTrackingEventRoutes(app, ctx);
  await partnerPostbackLogRoutes(app, ctx);
  await partnerOfferRoutes(app, ctx);
  await partnerPostbackUrlRoutes(app, ctx);
  await partnerPostbackTestRoutes(app, ctx);
  await partnerApiKeyRoutes(app, ctx);
}
