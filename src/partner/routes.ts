/**
 * The affiliate API (docs/api.md, "Affiliate API"), for the affiliate's own key or an affiliate
 * account (the access check, people/access.ts, sets request.affiliate): its conversions, its
 * tracking events and its outbound log. Everything is narrowed to the caller; another
 * affiliate's record answers 404, exactly like one that does not exist.
 */
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import { partnerConversionRoutes } from './conversions.js';
import { partnerPostbackLogRoutes } from './postbacks.js';
import { partnerTrackingEventRoutes } from './tracking-events.js';

export async function partnerRoutes(app: App, ctx: AppContext): Promise<void> {
  await partnerConversionRoutes(app, ctx);
  await partnerTrackingEventRoutes(app, ctx);
  await partnerPostbackLogRoutes(app, ctx);
}
