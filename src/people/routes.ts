/**
 * The people API (docs/people.md): signing in, one's own account, accounts, the audit log and
 * the security settings. Who may call each route is in access-table.ts, like every route's.
 */
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import { accountRoutes } from './account-routes.js';
import { auditRoutes } from './audit-routes.js';
import { authRoutes } from './auth-routes.js';
import { impersonationRoutes } from './impersonation.js';
import { settingsRoutes } from './settings-routes.js';
import { userRoutes } from './users-routes.js';

export async function peopleRoutes(app: App, ctx: AppContext): Promise<void> {
  await authRoutes(app, ctx);
  await accountRoutes(app, ctx);
  await userRoutes(app, ctx);
  await auditRoutes(app, ctx);
  await settingsRoutes(app, ctx);
  await impersonationRoutes(app, ctx);
}
