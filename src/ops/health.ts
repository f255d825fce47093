/** /health (process up), /ready (database reachable), /metrics (Prometheus text). */
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import { ref } from '../schemas/common.js';
import { HealthSchema } from '../schemas/ops.js';

export async function healthRoutes(app: App, ctx: AppContext): Promise<void> {
  const Health = ref(HealthSchema);
  app.get('/health', { schema: { tags: ['ops'], response: { 200: Health } } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { tags: ['ops'], response: { 200: Health, 503: Health } } }, async (_request, reply) => {
    try {
      await ctx.store.ping();
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['ops'],
        hide: true,
        response: {
          200: {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: Type.String() } },
          },
        },
      },
    },
    async (_request, reply) => {
      reply.header('content-type', ctx.metrics.registry.contentType);
      return ctx.metrics.registry.metrics();
    },
  );
}
