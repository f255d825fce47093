/**
 * GET|POST /postback: the advertiser's server-to-server postback (docs/api.md, "Advertiser
 * postbacks"). Always HTTP 200 once the log row is stored; a 5xx means nothing was stored and the
 * sender should retry.
 */
import type { AppContext } from '../context.js';
import type { App } from '../http/types.js';
import type { LenientBody } from './body.js';
import { POSTBACK_NAMES, logParams, paramsFromObject, plainIp, readPostbackInput } from './params.js';
import type { SignalProcessor } from './process.js';
import { PostbackParams, PostbackResponses, documentOnly } from './schemas.js';

export function postbackRoutes(app: App, _ctx: AppContext, processSignal: SignalProcessor): void {
  const schema = {
    tags: ['tracking'],
    summary: 'Advertiser postback (S2S)',
    description: 'Parameters in the query string, or for POST also in a form or JSON body (the body wins).',
    querystring: PostbackParams,
    response: PostbackResponses,
  };
  const handler = async (request: { query: unknown; body: unknown; ip: string }) => {
    const query = paramsFromObject(request.query);
    const body = request.body as LenientBody | undefined;
    const bodyParams = body?.params ?? new Map<string, string[]>();
    return processSignal({
      integration: 's2s',
      input: readPostbackInput([bodyParams, query], POSTBACK_NAMES),
      params: logParams(query, bodyParams),
      problem: body?.problem ?? null,
      senderIp: plainIp(request.ip),
    });
  };
  // No HEAD route: a link checker's HEAD must not record a conversion.
  app.get('/postback', { schema, ...documentOnly, exposeHeadRoute: false }, handler);
  app.post('/postback', { schema: { ...schema, body: PostbackParams }, ...documentOnly }, handler);
}
