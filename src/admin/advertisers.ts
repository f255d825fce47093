// PLACEHOLDER: replaced by the real routes.
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';

export async function advertiserRoutes(_app: App, _ctx: AppContext): Promise<void> {}
