/**
 * Fastify assembly: external plugins, then the API's parts, then the error handler. Built the
 * same way by main.ts and by tests (which use app.inject or listen on a free port).
 */
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from './context.js';
import { answerClientError, answerFrameworkError, MAX_PARAM_LENGTH } from './http/client-errors.js';
import { installErrorHandlers } from './http/errors.js';
import { sheddingServer } from './http/overload.js';
import type { App } from './http/types.js';
import { componentName, registerRecordSchemas } from './schemas/index.js';
import { healthRoutes } from './ops/health.js';
import { adminRoutes } from './admin/routes.js';
import { trackingRoutes } from './tracking/routes.js';
import { statsRoutes } from './stats/routes.js';
import { partnerRoutes } from './partner/routes.js';
import { customReportRoutes } from './stats/custom.js';
import { installAccessControl } from './people/access.js';
import { consoleRoutes } from './http/console.js';
import { peopleRoutes } from './people/routes.js';
import { installSessions } from './people/sessions.js';

export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    // Only the proxies named in TRUST_PROXY may set the client address through X-Forwarded-For.
    trustProxy: ctx.config.trustProxy.length > 0 ? ctx.config.trustProxy : false,
    // Per-request log lines would cost more than a click itself; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    // Answers what the HTTP parser refuses with Connection: close (see http/client-errors.ts).
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    // Past MAX_IN_FLIGHT requests at once, one more is answered 503 before any work (http/overload.ts).
    serverFactory: sheddingServer(ctx.config.maxInFlight, ctx.metrics.load),
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandlers(app);
  // Before any route: every route's access rule is attached as it is registered.
  installAccessControl(app, ctx);
  registerRecordSchemas(app);
  await app.register(formbody);
  await app.register(swagger, {
    // Registered records appear under components.schemas by their $id (src/schemas/index.ts).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => componentName(json, index) },
    openapi: {
      info: { title: 'Trackpost', description: 'Affiliate conversion tracking and postbacks', version: '0.1.0' },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'API-Key' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (scope) => healthRoutes(scope, ctx));
  await app.register(async (scope) => trackingRoutes(scope, ctx));
  // The JSON APIs share one scope with sessions and CSRF tokens; tracking routes stay outside it.
  await app.register(async (api) => {
    await installSessions(api, ctx);
    await api.register(async (scope) => peopleRoutes(scope, ctx));
    await api.register(async (scope) => adminRoutes(scope, ctx));
    await api.register(async (scope) => statsRoutes(scope, ctx));
    await api.register(async (scope) => partnerRoutes(scope, ctx));
    await api.register(async (scope) => customReportRoutes(scope, ctx));
  });
  await app.register(async (scope) => consoleRoutes(scope, ctx));
  return app;
}
