/**
 * The pages the server answers as HTML, in a scope with security headers (@fastify/helmet):
 * `/` (a plain page pointing at the API documentation until the console is served there)
 * and the share-link view. The JSON APIs and the tracking routes are outside this scope.
 */
import helmet from '@fastify/helmet';
import { Type } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import { shareViewRoutes } from '../stats/share-view.js';

const HOME = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trackpost</title></head>
<body><h1>Trackpost</h1><p>API documentation: <a href="/docs">/docs</a>.</p></body></html>
`;

export async function pageRoutes(app: App, ctx: AppContext): Promise<void> {
  await app.register(helmet);
  app.get(
    '/',
    { schema: { hide: true, response: { 200: Type.String({ description: 'HTML page' }) } } },
    async (_request, reply) => reply.type('text/html; charset=utf-8').send(HOME),
  );
  await shareViewRoutes(app, ctx);
}
