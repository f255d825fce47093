/**
 * Rows of the postback logs as Affise sends them, Trackpost's keys beside Affise's: the server
 * postbacks log (`_id`, `_get`, `date` as `{"sec","usec"}`, `response` as the answer's JSON
 * text, `status` as a code) and the outbound log (`pid`, `lead_id`, `postback_url`, `job_id`,
 * `status` as the conversion's code). The keys Affise gives another type keep Trackpost's value
 * under another name: `created_at` (the ISO date), `result` (the answer as an object),
 * `status_name`. See docs/moving-from-affise.md.
 */
import type { Catalog } from '../catalog/cache.js';
import { parseStatus, statusName } from '../domain/status.js';
import { iso } from '../http/present.js';
import { presentOutboundRow } from '../outbound/present.js';
import type { OutboundJob, PostbackLogRow } from '../domain/entities.js';
import { affiseDate, affiseId } from './affise-shapes.js';

/** The answer a postback got: status, and error or conversion id (the log also keeps the message). */
function result(row: PostbackLogRow) {
  return {
    status: row.response.status,
    ...(row.response.error === undefined ? {} : { error: row.response.error }),
    ...(row.response.conversion_id === undefined ? {} : { conversion_id: row.response.conversion_id }),
  };
}

/** One server postbacks row. */
export function presentServerPostbackRow(row: PostbackLogRow, catalog: Catalog) {
  const status = row.status === null ? null : parseStatus(row.status);
  const advertiser = row.advertiser_id === null ? undefined : catalog.advertiser(row.advertiser_id)?.advertiser;
  return {
    id: row.id,
    _id: affiseId(row.id),
    date: affiseDate(row.created_at),
    created_at: iso(row.created_at),
    offer_id: row.offer_id,
    advertiser_id: row.advertiser_id,
    affiliate_id: row.affiliate_id,
    pid: row.affiliate_id,
    clickid: row.clickid,
    // Affise's status is a code; a status the postback named as an unknown word has none.
    ...(status === null ? {} : { status }),
    goal: row.goal,
    action_id: row.action_id,
    ip: row.ip,
    server: row.ip,
    integration: row.integration,
    delta: row.delta,
    params: row.params,
    _get: row.params,
    _post: [],
    get: JSON.stringify(row.params),
    post: '[]',
    response: JSON.stringify(row.response),
    result: result(row),
    ...(row.response.conversion_id === undefined ? {} : { lead_id: row.response.conversion_id }),
    // Every logged postback was answered 200 (the outcome is in the body).
    http_code: 200,
    supplier: row.advertiser_id === null ? null : { id: String(row.advertiser_id), title: advertiser?.name ?? null },
    track: null,
  };
}

/** One affiliate postbacks or cross-postbacks row. */
export function presentOutboundStatsRow(job: OutboundJob) {
  return {
    ...presentOutboundRow(job),
    _id: affiseId(job.id),
    _get: null,
    _post: null,
    status: job.status,
    status_name: statusName(job.status),
    date: affiseDate(job.created_at),
    created_at: iso(job.created_at),
    pid: job.affiliate_id,
    lead_id: job.conversion_id,
    postback_url: job.url,
    job_id: job.id,
  };
}
