/**
 * The pages the server answers as HTML, in a scope with security headers (@fastify/helmet): the
 * web console (the single-page app built from web/ into dist/console by `npm run build` or the
 * first `npm start`) and the share-link view.
 *
 * - `/` and every other GET that asks for HTML and that no route answers get the console's
 *   index.html (the app routes in the browser); API paths keep their JSON 404.
 * - `/assets/*` are the built files, named by content hash, so they are cached for a year.
 * - `/share/<token>` answers the console's read-only share page when the request prefers HTML,
 *   and the slice's JSON otherwise (src/stats/share-view.ts).
 *
 * Without a build (a checkout where `npm run build` has not run) `/` says how to build it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { errorResponses } from '../schemas/error.js';
import { shareViewRoutes } from '../stats/share-view.js';
import type { App } from './types.js';

/** dist/console, from src/http (tests, tsx) and from dist/http (npm start) alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Trackpost</title></head>
<body><main><h1>Trackpost</h1><p>The web console is not built: run <code>npm run build</code> (or <code>npm start</code>, which builds it).</p>
<p>API documentation: <a href="/docs">/docs</a>.</p></main></body></html>
`;

/** Paths that belong to the JSON APIs, documentation and tracking: never the console's page. */
const NOT_CONSOLE = /^\/(3\.\d|docs|openapi\.json|health|ready|metrics|click|postback|pixel|success\.jpg)(\/|$|\?)/;

/** Whether the request ranks text/html above JSON (a browser's navigation does; fetch() does not). */
export function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  const quality = (type: string): number => {
    let best = -1;
    for (const part of accept.split(',')) {
      const [name, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const value = q ? Number(q.slice(2)) : 1;
      if (name.trim().toLowerCase() === type) best = Math.max(best, Number.isNaN(value) ? 0 : value);
    }
    return best;
  };
  const html = quality('text/html');
  return html > 0 && html >= quality('application/json');
}

export async function consoleRoutes(app: App, ctx: AppContext): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // Plain http (a local install): upgrading the console's own requests to https would break it.
        upgradeInsecureRequests: ctx.config.publicUrl?.startsWith('https:') ? [] : null,
      },
    },
  });
  const indexFile = `${CONSOLE_DIR}index.html`;
  const built = existsSync(indexFile);
  // Read once: the build does not change under a running server.
  const index = built ? readFileSync(indexFile, 'utf8') : NOT_BUILT;
  const sendIndex = (reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);

  if (built) {
    await app.register(fastifyStatic, {
      root: `${CONSOLE_DIR}assets`,
      prefix: '/assets/',
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      // scripts/console-build.mjs writes .br and .gz copies of every file at build time.
      preCompressed: true,
    });
  } else {
    // No build, no files; the route stays so that the routes (and the access table) are the same
    // with and without a build.
    app.get('/assets/*', { schema: { hide: true, response: errorResponses(404) } }, async (_request, reply) =>
      reply.callNotFound(),
    );
  }
  const html = { hide: true, response: { 200: Type.String({ description: 'HTML page' }) } };
  app.get('/', { schema: html }, async (_request, reply) => sendIndex(reply));
  // The console's own routes (/sign-in, /logs/server-postbacks?…) reload and bookmark as pages.
  app.get('/*', { schema: html }, async (request, reply) => {
    if (!prefersHtml(request) || NOT_CONSOLE.test(request.url)) return reply.callNotFound();
    return sendIndex(reply);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url === '/share/:token' && request.method === 'GET' && prefersHtml(request)) {
      return sendIndex(reply);
    }
  });
  await shareViewRoutes(app, ctx);
}
