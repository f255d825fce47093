/**
 * Who may read a report: the admin key, or an affiliate's key (which narrows every report to
 * that affiliate's own records). Anything else answers 401.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { safeEqual, sha256 } from '../http/hash.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on report routes: null for the admin, else the affiliate whose key was presented. */
    reportViewer?: { affiliateId: number | null };
  }
}

function unauthorized(reply: FastifyReply) {
  return reply.code(401).send({ status: 2, error: 'Unauthorized', message: 'Unauthorized' });
}

/** onRequest hook: admin or affiliate key (`affiliateOnly`: the affiliate key only). */
export function requireReportViewer(ctx: AppContext, affiliateOnly = false) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers['api-key'];
    const key = typeof header === 'string' && header.length > 0 ? header : null;
    if (!key) return unauthorized(reply);
    const hash = sha256(key);
    if (!affiliateOnly && safeEqual(hash, ctx.adminKeyHash)) {
      request.reportViewer = { affiliateId: null };
      return;
    }
    const affiliate = ctx.catalog.affiliateByKeyHash(hash);
    if (affiliate?.status !== 'active') return unauthorized(reply);
    request.reportViewer = { affiliateId: affiliate.id };
  };
}

/** The viewer set by the hook (a route without it is a bug). */
export function viewerOf(request: FastifyRequest): { affiliateId: number | null } {
  if (!request.reportViewer) throw new Error('report route without requireReportViewer');
  return request.reportViewer;
}
