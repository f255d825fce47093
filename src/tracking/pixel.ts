/**
 * GET /pixel (and Affise's path, GET /success.jpg): the client-side (C2S) conversion pixel
 * (docs/api.md, "Pixels"), processed exactly as a postback but loaded by the user's browser: the click id
 * comes from the `tp_<offer_id>` cookie set at the click (or `afclick`/`clickid`), there is no
 * IP whitelist, and the answer is an image or a tiny page. Affise's pixel parameter names
 * (`afgoal`, `afid`, `afprice`, ...) are read before the postback ones, so an Affise pixel
 * snippet works once its host is changed.
 */
import { parse as parseCookies } from 'cookie';
import type { AppContext } from '../context.js';
import type { PostbackResponse } from '../domain/entities.js';
import { isObjectId, objectIdKey } from '../domain/object-id.js';
import type { App } from '../http/types.js';
import { PIXEL_NAMES, firstValue, logParams, paramsFromObject, plainIp, readPostbackInput } from './params.js';
import type { SignalProcessor } from './process.js';
import { PixelQuery, PixelResponses, documentOnly } from './schemas.js';

/** The smallest transparent 1x1 GIF. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

function page(response: PostbackResponse): string {
  const text = response.status === 1 ? `${response.message} (${response.conversion_id})` : `Error: ${response.error}`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Trackpost</title></head><body><p>${escapeHtml(text)}</p></body></html>`;
}

/**
 * The click id a pixel takes from the browser's cookies: the offer's `tp_<offer_id>` cookie, or,
 * when the pixel names no offer (Affise's snippets often do not), the newest click among all of
 * them (a click id begins with its creation time, so the greatest is the newest).
 */
function clickFromCookies(
  cookies: Record<string, string | undefined>,
  offerId: string | undefined,
): string | undefined {
  if (offerId) return cookies[`tp_${offerId}`];
  let newest: string | undefined;
  for (const [name, value] of Object.entries(cookies)) {
    if (!name.startsWith('tp_') || value === undefined || !isObjectId(value)) continue;
    const key = objectIdKey(value);
    if (newest === undefined || key > newest) newest = key;
  }
  return newest;
}

/** The paths a pixel answers at: Trackpost's own, and the one Affise's snippets load. */
const PIXEL_PATHS = ['/pixel', '/success.jpg'] as const;

export function pixelRoutes(app: App, _ctx: AppContext, processSignal: SignalProcessor): void {
  for (const path of PIXEL_PATHS) pixelRoute(app, path, processSignal);
}

function pixelRoute(app: App, path: string, processSignal: SignalProcessor): void {
  app.get(
    path,
    {
      schema: {
        tags: ['tracking'],
        summary: 'Conversion pixel (C2S)',
        description:
          'Answers a 1x1 GIF, or with source=1 a short HTML page. The outcome is also in the X-Trackpost-Result header.',
        querystring: PixelQuery,
        response: PixelResponses,
      },
      ...documentOnly,
      exposeHeadRoute: false,
    },
    async (request, reply) => {
      const rawQuery = request.query as Record<string, string | string[] | undefined>;
      const query = paramsFromObject(rawQuery);
      const sources = [query];
      if (!PIXEL_NAMES.clickid.some((name) => query.has(name))) {
        // The cookie the click set for this offer; an explicit click id wins over it.
        const offerId = firstValue(rawQuery.offer_id)?.trim();
        const cookieHeader = request.headers.cookie;
        const fromCookie = cookieHeader ? clickFromCookies(parseCookies(cookieHeader), offerId) : undefined;
        if (fromCookie) sources.push(new Map([['clickid', [fromCookie]]]));
      }
      const response = await processSignal({
        integration: 'c2s',
        input: readPostbackInput(sources, PIXEL_NAMES),
        params: { ...logParams(query), pixel: '1' },
        problem: null,
        senderIp: plainIp(request.ip),
      });
      // Pixels must reach the server every time: never from a cache.
      reply
        .header('cache-control', 'no-store')
        .header('x-trackpost-result', response.status === 1 ? response.message : response.error);
      if (firstValue(rawQuery.source) === '1') return reply.type('text/html; charset=utf-8').send(page(response));
      return reply.type('image/gif').send(GIF);
    },
  );
}
