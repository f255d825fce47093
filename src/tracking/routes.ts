/**
 * The tracking endpoints: /click, /postback, /pixel. They share one lenient body
 * parser (body.ts) and one processor for postbacks and pixels (process.ts), built once per app.
 */
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import { installLenientBodyParser } from './body.js';
import { clickRoutes } from './click.js';
import { pixelRoutes } from './pixel.js';
import { postbackRoutes } from './postback.js';
import { createSignalProcessor } from './process.js';

export async function trackingRoutes(app: App, ctx: AppContext): Promise<void> {
  installLenientBodyParser(app);
  const processSignal = createSignalProcessor(ctx);
  clickRoutes(app, ctx);
  postbackRoutes(app, ctx, processSignal);
  pixelRoutes(app, ctx, processSignal);
}
