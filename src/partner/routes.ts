// PLACEHOLDER: replaced by the real routes of this area.
import type { App } from '../http/types.js';
import type { AppContext } from '../context.js';

export async function partnerRoutes(_app: App, _ctx: AppContext): Promise<void> {}
