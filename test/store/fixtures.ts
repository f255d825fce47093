/** Records for the store contract suite, built the way the rest of Trackpost builds them. */
import { test } from 'node:test';
import { newObjectId } from '../../src/domain/object-id.js';
import { outcomeResponse } from '../../src/domain/existing-conversion.js';
import { STATUS, type StatusCode } from '../../src/domain/status.js';
import type {
  Click,
  Conversion,
  ConversionIdentity,
  MultipleMode,
  OutboundJobInput,
  PostbackLogRow,
} from '../../src/domain/entities.js';
import type { Store } from '../../src/store/store.js';
import type { FanOut, RecordConversion, RecordOutcome } from '../../src/domain/commands.js';
import { type Backend, backends, type TestStore } from '../helpers/backends.js';

/**
 * Declares one test per backend: `name [sqlite]`, `name [postgres]`, each on a fresh store that
 * is cleaned up afterwards (the PostgreSQL one skipped, with its reason, when not configured).
 * `only` limits it to one backend, for what only that backend promises.
 * The stores' fan-out rules are oneJobPerEvent until a test gives its own (store.setFanOut).
 */
export function storeTest(name: string, body: (t: TestStore) => Promise<void>, only?: Backend['name']): void {
  for (const backend of backends().filter((one) => !only || one.name === only)) {
    test(`${name} [${backend.name}]`, { skip: backend.skip }, async () => {
      const opened = await backend.open(oneJobPerEvent);
      try {
        await body(opened);
      } finally {
        await opened.cleanup();
      }
    });
  }
}

export const DAY = 86_400_000;

export function makeClick(overrides: Partial<Click> = {}): Click {
  const created_at = overrides.created_at ?? Date.now();
  return {
    clickid: newObjectId(created_at),
    uniq: true,
    offer_id: 1,
    affiliate_id: 7,
    subs: ['a', null, 'c', null, null, null, null, 'h'],
    ip: '203.0.113.5',
    user_agent: 'Mozilla/5.0',
    country: 'DE',
    referrer: null,
    created_at,
    ...overrides,
  };
}

export function makeLogRow(overrides: Partial<PostbackLogRow> = {}): PostbackLogRow {
  const created_at = overrides.created_at ?? Date.now();
  return {
    id: newObjectId(created_at),
    created_at,
    offer_id: 1,
    advertiser_id: 3,
    affiliate_id: 7,
    clickid: newObjectId(created_at),
    status: '1',
    goal: '1',
    action_id: null,
    ip: '198.51.100.1',
    integration: 's2s',
    delta: 5,
    params: { clickid: 'x', goal: '1' },
    response: { status: 2, error: 'Click not found' },
    ...overrides,
  };
}

export function makeJob(conversion: Conversion, overrides: Partial<OutboundJobInput> = {}): OutboundJobInput {
  return {
    kind: 'postback',
    source_id: 11,
    conversion_id: conversion.id,
    affiliate_id: conversion.affiliate_id,
    offer_id: conversion.offer_id,
    goal: conversion.goal,
    status: conversion.status,
    payout: conversion.payout,
    revenue: conversion.revenue,
    currency: conversion.currency,
    notice: null,
    url: `https://partner.example/pb?cid=${conversion.id}&status=${conversion.status}`,
    method: 'GET',
    body: null,
    signing_secret: null,
    integration: 's2s',
    ...overrides,
  };
}

/** A fan-out that sends one job per event, to one affiliate postback. */
export const oneJobPerEvent: FanOut = (event) => [makeJob(event.conversion, { status: event.conversion.status })];

export interface RecordOptions {
  click?: Click;
  action_id?: string | null;
  goal?: string;
  status?: StatusCode;
  passed_status?: StatusCode | null;
  comment?: string | null;
  multiple?: MultipleMode;
  now?: number;
}

/** Records `record` on `store` and gives only its outcome (most tests look at nothing else). */
export async function outcomeOf(store: Store, record: RecordConversion): Promise<RecordOutcome> {
  return (await store.conversions.record(record)).outcome;
}

/** A postback's record command, as the tracking code builds it (see domain/conversion-build.ts). */
export function makeRecord(options: RecordOptions = {}): RecordConversion {
  const now = options.now ?? Date.now();
  const click = options.click ?? makeClick({ created_at: now - 60_000 });
  const goal = options.goal ?? '1';
  const multiple = options.multiple ?? 'txn';
  const actionId = options.action_id ?? null;
  const status = options.status ?? options.passed_status ?? STATUS.approved;
  const conversion: Conversion = {
    id: newObjectId(now),
    clickid: click.clickid,
    action_id: actionId ?? click.clickid,
    offer_id: click.offer_id,
    advertiser_id: 3,
    affiliate_id: click.affiliate_id,
    goal,
    goal_title: `Goal ${goal}`,
    status,
    sum: 125_000,
    revenue: 20_000,
    payout: 15_000,
    currency: 'USD',
    country: click.country,
    ip: click.ip,
    comment: options.comment ?? null,
    custom_fields: { custom_field1: 'x' },
    subs: click.subs,
    click_at: click.created_at,
    created_at: now,
    updated_at: now,
    hold_until: status === STATUS.hold ? now + DAY : null,
    delta: Math.round((now - click.created_at) / 1000),
    user_agent: click.user_agent,
    referrer: click.referrer,
  };
  const identity: ConversionIdentity = {
    offer_id: click.offer_id,
    goal_key: goal.toLowerCase(),
    action_key: actionId ?? (multiple === 'yes' ? null : click.clickid),
    once_per_click: multiple === 'no',
  };
  const log = makeLogRow({
    created_at: now,
    clickid: click.clickid,
    offer_id: click.offer_id,
    affiliate_id: click.affiliate_id,
    goal,
    action_id: actionId,
    status: options.passed_status ? String(options.passed_status) : null,
    params: { clickid: click.clickid, goal, ...(actionId ? { action_id: actionId } : {}) },
    response: outcomeResponse({ kind: 'exists', conversion_id: '' }),
  });
  return {
    conversion,
    identity,
    log,
    passed_status: options.passed_status ?? null,
    passed_comment: options.comment ?? null,
  };
}
