/**
 * The staff home screen: today, yesterday, the last 7 or 30 days (chosen in the URL) with the
 * change against the period before; a chart by hour (one day) or by day; the top offers and
 * affiliates of the period by revenue; and the caps closest to their limit. Figures come from
 * the custom report (one call by day for 60 days covers every period and its predecessor).
 */
import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { lazy, Suspense, useMemo } from 'react';
import { get } from '../../api/client';
import { useOffers } from '../../api/lookups';
import type { CapsStatsRecord, ReportAnswerRecord, ReportRowRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { figures, number, sliceText, timeSeries } from '../statistics/report';
import { change, dayBefore, PERIODS, type PeriodId, ranges, sumDays, type Totals, zone } from './periods';

const Chart = lazy(() => import('../../components/Chart'));
const route = getRouteApi('/staff/');

const report = (query: Record<string, string | number | string[]>, signal: AbortSignal) =>
  get<ReportAnswerRecord>('/3.0/stats/custom', query, signal);

const money = (values: Record<string, number>) =>
  Object.entries(values)
    .filter(([, value]) => value !== 0)
    .map(([currency, value]) => `${number(value, true)} ${currency}`)
    .join(' · ') || '0';

const first = (values: Record<string, number>) => Object.values(values).reduce((sum, value) => sum + value, 0);

function Kpi({ label, value, now, before }: { label: string; value: string; now: number; before: number }) {
  const delta = change(now, before);
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      <Text size="xs" c={delta === null ? 'dimmed' : delta >= 0 ? 'green.9' : 'red.9'}>
        {delta === null ? 'nothing before' : `${delta >= 0 ? '+' : ''}${delta.toFixed(1)}% vs previous`}
      </Text>
    </Paper>
  );
}

function Kpis({ now, before }: { now: Totals; before: Totals }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 4, lg: 6 }} data-testid="kpis">
      <Kpi label="Clicks" value={number(now.clicks)} now={now.clicks} before={before.clicks} />
      <Kpi label="Unique clicks" value={number(now.uniq)} now={now.uniq} before={before.uniq} />
      <Kpi label="Conversions" value={number(now.conversions)} now={now.conversions} before={before.conversions} />
      <Kpi label="Approved" value={number(now.confirmed)} now={now.confirmed} before={before.confirmed} />
      <Kpi label="Pending" value={number(now.pending)} now={now.pending} before={before.pending} />
      <Kpi label="Hold" value={number(now.hold)} now={now.hold} before={before.hold} />
      <Kpi label="Declined" value={number(now.declined)} now={now.declined} before={before.declined} />
      <Kpi label="Revenue" value={money(now.revenue)} now={first(now.revenue)} before={first(before.revenue)} />
      <Kpi label="Payout" value={money(now.payout)} now={first(now.payout)} before={first(before.payout)} />
      <Kpi label="Profit" value={money(now.profit)} now={first(now.profit)} before={first(before.profit)} />
      <Kpi label="CR" value={`${now.cr.toFixed(2)}%`} now={now.cr} before={before.cr} />
      <Kpi label="EPC" value={money(now.epc)} now={first(now.epc)} before={first(before.epc)} />
    </SimpleGrid>
  );
}

function Top({ title, rows, slice }: { title: string; rows: readonly ReportRowRecord[]; slice: string }) {
  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      <Table aria-label={title}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{slice === 'offer' ? 'Offer' : 'Affiliate'}</Table.Th>
            <Table.Th scope="col">Clicks</Table.Th>
            <Table.Th scope="col">Conversions</Table.Th>
            <Table.Th scope="col">Revenue</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const f = figures(row);
            return (
              <Table.Tr key={`${sliceText(row, slice)}|${row.slice.currency}`}>
                <Table.Td>{sliceText(row, slice)}</Table.Td>
                <Table.Td>{number(f.clicks)}</Table.Td>
                <Table.Td>{number(f.conversions)}</Table.Td>
                <Table.Td>
                  {number(f.revenue, true)} {row.slice.currency}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && <Text c="dimmed">Nothing in this period.</Text>}
    </Paper>
  );
}

function NearCaps() {
  const offers = useOffers();
  const capped = (offers.data ?? []).filter((offer) => offer.caps.length > 0).slice(0, 100);
  const ids = capped.map((offer) => offer.id);
  const caps = useQuery({
    queryKey: ['stats', 'caps', ids],
    queryFn: ({ signal }) => get<CapsStatsRecord>('/3.0/stats/caps', { offer_id: ids }, signal),
    enabled: ids.length > 0,
  });
  const titles = new Map(capped.map((offer) => [offer.id, offer.title]));
  const near = (caps.data?.stats ?? [])
    .flatMap((entry) =>
      entry.stats.map((rule) => ({
        offer: entry.offer_id,
        rule,
        share: rule.value ? rule.current_value / rule.value : 0,
      })),
    )
    .filter((item) => item.share >= 0.8)
    .sort((a, b) => b.share - a.share)
    .slice(0, 10);
  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h5" mb="xs">
        Caps near their limit
      </Title>
      {near.length === 0 ? (
        <Text c="dimmed">No cap is at 80% or more.</Text>
      ) : (
        <Table aria-label="Caps near their limit">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Offer</Table.Th>
              <Table.Th scope="col">Cap</Table.Th>
              <Table.Th scope="col">Used</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {near.map(({ offer, rule, share }) => (
              <Table.Tr key={`${offer}-${rule.id}`}>
                <Table.Td>
                  {offer} · {titles.get(offer)}
                </Table.Td>
                <Table.Td>
                  {rule.value} {rule.type} / {rule.timeframe}
                </Table.Td>
                <Table.Td>
                  {rule.current_value} ({Math.round(share * 100)}%)
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

export function Dashboard() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const periodId: PeriodId = search.period ?? 'today';
  const period = PERIODS.find((p) => p.id === periodId) ?? PERIODS[0];
  const timezone = zone();
  const days = useQuery({
    queryKey: ['dashboard', 'days', timezone, dayBefore(0)],
    queryFn: ({ signal }) =>
      report(
        { slice: ['day'], 'filter[date_from]': dayBefore(59), 'filter[date_to]': dayBefore(0), timezone, limit: 500 },
        signal,
      ),
    refetchInterval: 60_000,
  });
  const { current, previous } = ranges(period);
  const oneDay = period.days === 1;
  const chartQuery = useQuery({
    queryKey: ['dashboard', 'chart', timezone, current],
    queryFn: ({ signal }) =>
      report(
        {
          slice: [oneDay ? 'hour' : 'day'],
          'filter[date_from]': current.from,
          'filter[date_to]': current.to,
          timezone,
          limit: 500,
        },
        signal,
      ),
  });
  const top = (slice: 'offer' | 'affiliate') => ({
    queryKey: ['dashboard', 'top', slice, timezone, current],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      report(
        {
          slice: [slice],
          'filter[date_from]': current.from,
          'filter[date_to]': current.to,
          timezone,
          order: 'income',
          orderType: 'desc',
          limit: 5,
        },
        signal,
      ),
  });
  const topOffers = useQuery(top('offer'));
  const topAffiliates = useQuery(top('affiliate'));
  const rows = days.data?.stats ?? [];
  const now = useMemo(() => sumDays(rows, current.from, current.to), [rows, current.from, current.to]);
  const before = useMemo(() => sumDays(rows, previous.from, previous.to), [rows, previous.from, previous.to]);
  const chart = useMemo(
    () => timeSeries(chartQuery.data?.stats ?? [], [oneDay ? 'hour' : 'day']),
    [chartQuery.data, oneDay],
  );
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Dashboard</Title>
        <SegmentedControl
          aria-label="Period"
          value={periodId}
          data={PERIODS.map((p) => ({ value: p.id, label: p.label }))}
          onChange={(value) => navigate({ search: { period: value === 'today' ? undefined : (value as PeriodId) } })}
        />
      </Group>
      <Text size="sm" c="dimmed">
        {current.from === current.to ? current.from : `${current.from} to ${current.to}`} ({timezone}), against{' '}
        {previous.from === previous.to ? previous.from : `${previous.from} to ${previous.to}`}
      </Text>
      <FormError error={days.error ?? chartQuery.error} />
      {days.data && <Kpis now={now} before={before} />}
      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb="xs">
          {oneDay ? 'By hour' : 'By day'}
        </Title>
        <Suspense fallback={<div style={{ height: 240 }} />}>
          {chart && (
            <Chart
              title={`Clicks and conversions ${oneDay ? 'by hour' : 'by day'}`}
              labels={chart.labels}
              series={chart.series}
            />
          )}
          {chartQuery.data && !chart && <Text c="dimmed">No clicks or conversions in this period.</Text>}
        </Suspense>
      </Paper>
      <SimpleGrid cols={{ base: 1, lg: 3 }}>
        <Top title="Top offers" rows={topOffers.data?.stats ?? []} slice="offer" />
        <Top title="Top affiliates" rows={topAffiliates.data?.stats ?? []} slice="affiliate" />
        <NearCaps />
      </SimpleGrid>
    </Stack>
  );
}
