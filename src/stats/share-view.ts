// PLACEHOLDER: replaced by GET /share/:token (no key).
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';

export async function shareViewRoutes(_app: App, _ctx: AppContext): Promise<void> {}
