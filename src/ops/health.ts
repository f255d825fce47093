/** /health (process up), /ready (database reachable), /metrics (Prometheus text). */
import type { App } from '../http/types.js';
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';

export async function healthRoutes(app: App, ctx: AppContext): Promise<void> {
  const Status = Type.Object({ status: Type.String() });
  app.get('/health', { schema: { tags: ['ops'], response: { 200: Status } } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { tags: ['ops'], response: { 200: Status, 503: Status } } }, async (_request, reply) => {
    try {
      await ctx.store.ping();
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });
  app.get('/metrics', { schema: { tags: ['ops'], hide: true } }, async (_request, reply) => {
    reply.header('content-type', ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
