/**
 * Who may call what: THE table. Every route the server registers has exactly one line here
 * (method and URL pattern as registered); a route missing from it is refused to everyone, and
 * a test fails (test/people/access-table.test.ts). Enforced for every route at one place,
 * access.ts; docs/people.md explains the roles. Adding a route is one line, e.g.
 *   'GET /3.0/stats/custom': READ_ANY,
 *
 * A rule names the roles whose sessions may call the route and the kinds of API key that may:
 * - `admin` key: the operator's key, for programs; `affiliate` key: one affiliate's key.
 * - An `affiliate` account reaches exactly the routes an affiliate key reaches, as its affiliate.
 * - A `viewer` appears only on GET routes: it reads what a manager reads and changes nothing.
 * HEAD follows the GET rule of the same URL.
 */
import type { PersonRole } from '../store/people.js';

export type KeyKind = 'admin' | 'affiliate';

export interface AccessRule {
  roles: readonly PersonRole[];
  keys: readonly KeyKind[];
  /** Callable while a session still has to set up its required second factor. */
  duringTotpSetup?: boolean;
}

/** No check at all: tracking, health, documentation, share links, signing in. */
export const PUBLIC = 'public';
export type Rule = AccessRule | typeof PUBLIC;

const STAFF_READ: AccessRule = { roles: ['admin', 'manager', 'viewer'], keys: ['admin'] };
const STAFF_WRITE: AccessRule = { roles: ['admin', 'manager'], keys: ['admin'] };
const ADMIN: AccessRule = { roles: ['admin'], keys: ['admin'] };
const AFFILIATE: AccessRule = { roles: ['affiliate'], keys: ['affiliate'] };
/** Staff sessions that change things; no key (viewing the portal as an affiliate is for people). */
const STAFF_SESSION: AccessRule = { roles: ['admin', 'manager'], keys: [] };
/** Reports that narrow themselves to the caller's affiliate when an affiliate calls. */
export const READ_ANY: AccessRule = {
  roles: ['admin', 'manager', 'viewer', 'affiliate'],
  keys: ['admin', 'affiliate'],
};
/** A person's own account: any signed-in session, no key. */
const SELF: AccessRule = { roles: ['admin', 'manager', 'viewer', 'affiliate'], keys: [], duringTotpSetup: true };

export const ACCESS: Readonly<Record<string, Rule>> = {
  // Tracking (the hot path: no hook at all), operations, documentation.
  'GET /click': PUBLIC,
  'GET /postback': PUBLIC,
  'POST /postback': PUBLIC,
  'GET /pixel': PUBLIC,
  'GET /success.jpg': PUBLIC,
  'GET /health': PUBLIC,
  'GET /ready': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /openapi.json': PUBLIC,
  'GET /docs': PUBLIC,
  // HEAD only: Fastify adds it for the UI's redirect route.
  'GET /docs/': PUBLIC,
  'GET /docs/static/index.html': PUBLIC,
  'GET /docs/static/swagger-initializer.js': PUBLIC,
  'GET /docs/static/*': PUBLIC,
  'GET /docs/json': PUBLIC,
  'GET /docs/yaml': PUBLIC,
  'GET /': PUBLIC,
  'GET /share/:token': PUBLIC,
  // The web console (src/http/console.ts): its built files and its pages.
  'GET /assets/*': PUBLIC,
  'GET /*': PUBLIC,

  // People (docs/people.md).
  'GET /3.0/auth/setup': PUBLIC,
  'POST /3.0/auth/setup': PUBLIC,
  'POST /3.0/auth/login': PUBLIC,
  'POST /3.0/auth/accept': PUBLIC,
  'GET /3.0/auth/me': SELF,
  'POST /3.0/auth/logout': SELF,
  'POST /3.0/auth/logout-everywhere': SELF,
  'POST /3.0/auth/password': SELF,
  'POST /3.0/auth/totp': SELF,
  'DELETE /3.0/auth/totp': SELF,
  'GET /3.0/admin/users': ADMIN,
  'POST /3.0/admin/users': ADMIN,
  'GET /3.0/admin/users/:id': ADMIN,
  'PATCH /3.0/admin/users/:id': ADMIN,
  'DELETE /3.0/admin/users/:id': ADMIN,
  'POST /3.0/admin/users/:id/reset': ADMIN,
  'POST /3.0/admin/users/:id/logout': ADMIN,
  'GET /3.0/admin/audit': ADMIN,
  'GET /3.0/admin/settings': ADMIN,
  'PATCH /3.0/admin/settings': ADMIN,
  'POST /3.0/admin/affiliates/:id/impersonate': STAFF_SESSION,
  'POST /3.0/auth/impersonation/end': SELF,

  // Admin API.
  'GET /3.0/admin/advertisers': STAFF_READ,
  'POST /3.0/admin/advertisers': STAFF_WRITE,
  'GET /3.0/admin/advertisers/:id': STAFF_READ,
  'PATCH /3.0/admin/advertisers/:id': STAFF_WRITE,
  'DELETE /3.0/admin/advertisers/:id': STAFF_WRITE,
  'GET /3.0/admin/affiliates': STAFF_READ,
  'POST /3.0/admin/affiliates': STAFF_WRITE,
  'GET /3.0/admin/affiliates/:id': STAFF_READ,
  'PATCH /3.0/admin/affiliates/:id': STAFF_WRITE,
  'DELETE /3.0/admin/affiliates/:id': STAFF_WRITE,
  'POST /3.0/admin/affiliates/:id/api-key': STAFF_WRITE,
  'GET /3.0/admin/affiliates/:affiliate_id/postbacks': STAFF_READ,
  'POST /3.0/admin/affiliates/:affiliate_id/postbacks': STAFF_WRITE,
  'GET /3.0/admin/affiliates/:affiliate_id/postbacks/:id': STAFF_READ,
  'PATCH /3.0/admin/affiliates/:affiliate_id/postbacks/:id': STAFF_WRITE,
  'DELETE /3.0/admin/affiliates/:affiliate_id/postbacks/:id': STAFF_WRITE,
  'GET /3.0/admin/offers': STAFF_READ,
  'POST /3.0/admin/offers': STAFF_WRITE,
  'GET /3.0/admin/offers/:id': STAFF_READ,
  'PATCH /3.0/admin/offers/:id': STAFF_WRITE,
  'DELETE /3.0/admin/offers/:id': STAFF_WRITE,
  'GET /3.0/admin/tracking-events': STAFF_READ,
  'POST /3.0/admin/tracking-events': STAFF_WRITE,
  'GET /3.0/admin/tracking-events/:id': STAFF_READ,
  'PATCH /3.0/admin/tracking-events/:id': STAFF_WRITE,
  'DELETE /3.0/admin/tracking-events/:id': STAFF_WRITE,
  'GET /3.0/admin/conversions/:id': STAFF_READ,
  'PATCH /3.0/admin/conversions/:id': STAFF_WRITE,
  'GET /3.0/admin/outbound/:id': STAFF_READ,
  'POST /3.0/admin/outbound/:id/resend': STAFF_WRITE,
  'GET /3.0/admin/outbound-health': STAFF_READ,
  'GET /3.0/admin/outbound-health/:kind/:source_id': STAFF_READ,
  'POST /3.0/admin/outbound-health/:kind/:source_id/resume': STAFF_WRITE,
  'POST /3.0/admin/share-links': STAFF_WRITE,
  'GET /3.0/admin/share-links/:token': STAFF_READ,
  'DELETE /3.0/admin/share-links/:token': STAFF_WRITE,

  // Statistics.
  'GET /3.0/stats/conversions': STAFF_READ,
  'GET /3.0/stats/serverpostbacks': STAFF_READ,
  'GET /3.0/stats/affiliatepostbacks': STAFF_READ,
  'GET /3.0/stats/crosspostbacks': STAFF_READ,
  'GET /3.0/stats/custom': READ_ANY,
  'GET /3.0/stats/getbytrafficback': READ_ANY,
  'GET /3.0/partner/stats/custom': AFFILIATE,
  'GET /3.0/stats/caps': STAFF_READ,
  'GET /3.1/stats/caps': STAFF_READ,

  // Affiliate API: the affiliate's key, or an affiliate account acting as that affiliate.
  'GET /3.0/partner/conversions': AFFILIATE,
  'GET /3.0/partner/conversions/:id': AFFILIATE,
  'GET /3.0/partner/tracking-events': AFFILIATE,
  'POST /3.0/partner/tracking-events': AFFILIATE,
  'GET /3.0/partner/tracking-events/:id': AFFILIATE,
  'PATCH /3.0/partner/tracking-events/:id': AFFILIATE,
  'DELETE /3.0/partner/tracking-events/:id': AFFILIATE,
  'GET /3.0/partner/postbacks': AFFILIATE,
  'GET /3.0/partner/outbound-health': AFFILIATE,
  'POST /3.0/partner/outbound-health/:kind/:source_id/resume': AFFILIATE,
  'GET /3.0/partner/offers': AFFILIATE,
  'GET /3.0/partner/offers/:id': AFFILIATE,
  'GET /3.0/partner/postback-urls': AFFILIATE,
  'POST /3.0/partner/postback-urls': AFFILIATE,
  'GET /3.0/partner/postback-urls/:id': AFFILIATE,
  'PATCH /3.0/partner/postback-urls/:id': AFFILIATE,
  'DELETE /3.0/partner/postback-urls/:id': AFFILIATE,
  'GET /3.0/partner/macros': AFFILIATE,
  'POST /3.0/partner/postback-test': AFFILIATE,
  'POST /3.0/partner/api-key': AFFILIATE,
};

/** The rule of a route as registered (HEAD follows GET); undefined when it has none. */
export function ruleFor(method: string, url: string): Rule | undefined {
  return ACCESS[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}
