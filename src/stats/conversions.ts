// PLACEHOLDER: replaced by the real slice.
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';

export async function conversionStatsRoutes(_app: App, _ctx: AppContext): Promise<void> {}
