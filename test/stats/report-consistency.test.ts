/**
 * The custom report against the raw records: thousands of clicks and conversions (with status
 * changes, several currencies and time zones) written through the store, then random
 * slice/filter/timezone combinations compared with sums computed here from the records.
 * Fixed seed; runs on PostgreSQL too under TEST_APP_DATABASE_URL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newObjectId } from '../../src/domain/object-id.js';
import { STATUS, type StatusCode } from '../../src/domain/status.js';
import type { Click, Conversion } from '../../src/domain/entities.js';
import { startTestApp } from '../helpers/harness.js';
import { payout, seedWorld } from '../tracking/fixtures.js';

function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = Date.UTC(2026, 9, 25);
const SPAN = 20 * 86_400_000;
const ZONES = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'America/New_York', 'Pacific/Chatham'];
const STATUSES: StatusCode[] = [STATUS.approved, STATUS.pending, STATUS.declined, STATUS.hold];
const PREFIX: Record<number, string> = { 1: 'confirmed', 2: 'pending', 3: 'declined', 5: 'hold' };

/** Local calendar parts in a zone, computed independently of the code under test. */
function local(zone: string, ms: number) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const date = `${get('year')}-${String(get('month')).padStart(2, '0')}-${String(get('day')).padStart(2, '0')}`;
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), date };
}

test('the custom report equals sums over the raw records, for random slices, filters and zones', {
  timeout: 600_000,
}, async () => {
  const t = await startTestApp();
  try {
    const rnd = random(20261126);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
    const goals = [payout({ goal: '1' }), payout({ goal: 'Sale', title: 'Sale' })];
    const a = await seedWorld(t, { offer: { currency: 'USD', payouts: goals } });
    const b = await seedWorld(t, { offer: { currency: 'EUR', payouts: goals } });
    const offers = [a.offer, b.offer];
    const affiliates = [a.affiliate, b.affiliate];
    const countries = ['US', 'DE', 'IN', null];
    const clicks: Click[] = [];
    for (let i = 0; i < 2500; i++) {
      const at = START + Math.floor(rnd() * SPAN);
      const offer = pick(offers);
      clicks.push({
        clickid: newObjectId(at),
        offer_id: offer.id,
        affiliate_id: pick(affiliates).id,
        subs: [pick(['x', 'y', null]), null, null, null, null, null, null, null],
        ip: '8.8.8.8',
        user_agent: null,
        country: pick(countries),
        referrer: null,
        created_at: at,
        uniq: rnd() < 0.7,
      });
    }
    const offerOf = (id: number) => offers.find((o) => o.id === id)!;
    for (let i = 0; i < clicks.length; i += 250) {
      await Promise.all(
        clicks.slice(i, i + 250).map((c) =>
          t.ctx.store.clicks.insert(c, {
            advertiser_id: offerOf(c.offer_id).advertiser_id,
            currency: offerOf(c.offer_id).currency,
          }),
        ),
      );
    }
    const conversions = new Map<string, Conversion>();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 900; i++) {
      const click = pick(clicks);
      const offer = offerOf(click.offer_id);
      const at = Math.min(click.created_at + Math.floor(rnd() * 3 * 86_400_000), START + SPAN - 1);
      const goal = pick(goals);
      const conversion: Conversion = {
        id: newObjectId(at),
        clickid: click.clickid,
        action_id: `A${i}`,
        offer_id: offer.id,
        advertiser_id: offer.advertiser_id,
        affiliate_id: click.affiliate_id,
        goal: goal.goal,
        goal_title: goal.title,
        status: pick(STATUSES),
        sum: null,
        revenue: pick([0, 10_000, 25_000, 1234]),
        payout: pick([0, 5_000, 7_500]),
        currency: rnd() < 0.8 ? offer.currency : 'GBP',
        country: pick(countries),
        ip: null,
        comment: null,
        custom_fields: {},
        subs: click.subs,
        click_at: click.created_at,
        created_at: at,
        updated_at: at,
        hold_until: null,
        delta: 0,
        user_agent: null,
        referrer: null,
      };
      conversions.set(conversion.id, conversion);
      pending.push(
        t.ctx.store.conversions.record({
          conversion,
          identity: {
            offer_id: offer.id,
            goal_key: goal.goal.toLowerCase(),
            action_key: `A${i}`,
            once_per_click: false,
          },
          passed_status: null,
          passed_comment: null,
          log: {
            id: newObjectId(at),
            created_at: at,
            offer_id: offer.id,
            advertiser_id: offer.advertiser_id,
            affiliate_id: click.affiliate_id,
            clickid: click.clickid,
            status: null,
            goal: null,
            action_id: `A${i}`,
            ip: '127.0.0.1',
            integration: 's2s',
            delta: 0,
            params: {},
            response: { status: 1 },
          },
        }),
      );
    }
    await Promise.all(pending);
    const ids = [...conversions.keys()];
    for (let i = 0; i < 300; i++) {
      const id = pick(ids);
      const status = pick(STATUSES);
      const done = await t.ctx.store.conversions.setStatus({ id, status, integration: 'admin' });
      if (done.conversion) conversions.set(id, { ...conversions.get(id)!, status: done.conversion.status });
    }

    const SLICES = ['day', 'hour', 'month', 'offer', 'affiliate', 'advertiser', 'goal', 'country', 'currency', 'sub1'];
    for (let round = 0; round < 30; round++) {
      const zone = pick(ZONES);
      const slices = SLICES.filter(() => rnd() < 0.3);
      if (slices.length === 0) slices.push(pick(SLICES));
      const first = START + Math.floor(rnd() * 10) * 86_400_000;
      const from = new Date(first).toISOString().slice(0, 10);
      const to = new Date(first + Math.floor(rnd() * 12) * 86_400_000).toISOString().slice(0, 10);
      const offerFilter = rnd() < 0.3 ? [pick(offers).id] : null;
      const countryFilter = rnd() < 0.3 ? [pick(['US', 'DE', 'IN'])] : null;
      const params = new URLSearchParams({
        'filter[date_from]': from,
        'filter[date_to]': to,
        timezone: zone,
        limit: '500',
      });
      for (const s of slices) params.append('slice[]', s);
      if (offerFilter) params.append('filter[offer][]', String(offerFilter[0]));
      if (countryFilter) params.append('filter[country][]', countryFilter[0]);

      const keyOf = (
        at: number,
        r: {
          offer_id: number;
          affiliate_id: number;
          advertiser_id: number;
          country: string | null;
          subs: (string | null)[];
        },
        currency: string,
        goal: string | null,
      ) => {
        const l = local(zone, at);
        const parts: unknown[] = [];
        for (const s of slices) {
          if (s === 'day') parts.push(l.year, l.month, l.day);
          else if (s === 'month') parts.push(l.year, l.month);
          else if (s === 'hour') parts.push(l.hour);
          else if (s === 'offer') parts.push(r.offer_id);
          else if (s === 'affiliate') parts.push(r.affiliate_id);
          else if (s === 'advertiser') parts.push(r.advertiser_id);
          else if (s === 'goal') parts.push(goal);
          else if (s === 'country') parts.push(r.country ?? '');
          else if (s === 'sub1') parts.push(r.subs[0] ?? '');
          else if (s === 'currency') parts.push(currency);
        }
        parts.push(currency);
        return JSON.stringify(parts);
      };
      const inRange = (at: number) => {
        const date = local(zone, at).date;
        return date >= from && date <= to;
      };
      const keep = (r: { offer_id: number; country: string | null }) =>
        (!offerFilter || offerFilter.includes(r.offer_id)) &&
        (!countryFilter || countryFilter.includes(r.country ?? ''));
      const expected = new Map<string, Record<string, number>>();
      const add = (key: string, name: string, value: number) => {
        const row = expected.get(key) ?? {};
        row[name] = (row[name] ?? 0) + value;
        expected.set(key, row);
      };
      if (!slices.includes('goal')) {
        for (const c of clicks) {
          if (!inRange(c.created_at) || !keep(c)) continue;
          const offer = offerOf(c.offer_id);
          const key = keyOf(c.created_at, { ...c, advertiser_id: offer.advertiser_id }, offer.currency, null);
          add(key, 'raw', 1);
          add(key, 'uniq', c.uniq ? 1 : 0);
        }
      }
      for (const c of conversions.values()) {
        if (!inRange(c.created_at) || !keep(c)) continue;
        const key = keyOf(c.created_at, c, c.currency, c.goal);
        add(key, `${PREFIX[c.status]}_count`, 1);
        add(key, `${PREFIX[c.status]}_charge`, c.revenue);
        add(key, `${PREFIX[c.status]}_revenue`, c.payout);
        add(key, 'total_count', 1);
      }

      const actual = new Map<string, Record<string, number>>();
      for (let page = 1; ; page++) {
        params.set('page', String(page));
        const answer = await t.app.inject({ method: 'GET', url: `/3.0/stats/custom?${params}`, headers: t.admin });
        assert.equal(answer.statusCode, 200, answer.body);
        const body = answer.json();
        for (const row of body.stats) {
          const s = row.slice;
          const parts: unknown[] = [];
          for (const name of slices) {
            if (name === 'day') parts.push(s.year, s.month, s.day);
            else if (name === 'month') parts.push(s.year, s.month);
            else if (name === 'hour') parts.push(s.hour);
            else if (name === 'offer') parts.push(s.offer.id);
            else if (name === 'affiliate') parts.push(s.affiliate.id);
            else if (name === 'advertiser') parts.push(Number(s.advertiser.id));
            else if (name === 'goal')
              parts.push(goals.find((g) => g.goal.toLowerCase() === s.goal.toLowerCase())?.goal);
            else parts.push(s[name]);
          }
          parts.push(s.currency);
          const sums: Record<string, number> = {};
          const put = (name: string, value: number) => {
            if (value !== 0) sums[name] = value;
          };
          put('raw', Number(row.traffic.raw));
          put('uniq', Number(row.traffic.uniq));
          put('total_count', row.actions.total.count);
          for (const type of ['confirmed', 'pending', 'declined', 'hold']) {
            put(`${type}_count`, row.actions[type].count);
            put(`${type}_charge`, Math.round(row.actions[type].charge * 10_000));
            put(`${type}_revenue`, Math.round(row.actions[type].revenue * 10_000));
          }
          if (Object.keys(sums).length > 0) actual.set(JSON.stringify(parts), sums);
        }
        if (page * 500 >= body.pagination.total_count) break;
      }
      const clean = new Map(
        [...expected].map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([, n]) => n !== 0))]),
      );
      for (const [k, v] of [...clean]) if (Object.keys(v).length === 0) clean.delete(k);
      assert.deepEqual(
        Object.fromEntries([...actual].sort()),
        Object.fromEntries([...clean].sort()),
        `round ${round}: ${params}`,
      );
    }
  } finally {
    await t.close();
  }
});
