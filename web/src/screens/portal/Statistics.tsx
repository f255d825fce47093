/**
 * The affiliate's statistics (`/3.0/partner/stats/custom`): grouped by day, offer, goal,
 * country or a sub, over chosen dates, with a chart, a table and CSV export. Clicks,
 * conversions by status, CR, EPC and the affiliate's own payout; the API sends no advertiser
 * money, and the columns are named after what they are for the affiliate.
 */
import { Button, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, lazy, Suspense, useMemo, useState } from 'react';
import { get } from '../../api/client';
import { FormError } from '../../components/FormError';
import { lastDays } from '../../search';
import { downloadCsv, toCsv } from './csv';
import { STAT_GROUPS, type StatGroup } from './routes';
import type { StatsAnswer, StatsRow } from './types';

// Loaded with the first chart: uPlot stays out of the portal's first load.
const Chart = lazy(() => import('../../components/Chart'));
const route = getRouteApi('/portal/statistics');

const GROUP_LABELS: Record<StatGroup, string> = {
  day: 'Day',
  offer: 'Offer',
  goal: 'Goal',
  country: 'Country',
  sub1: 'Sub1',
  sub2: 'Sub2',
  sub3: 'Sub3',
  sub4: 'Sub4',
  sub5: 'Sub5',
  sub6: 'Sub6',
  sub7: 'Sub7',
  sub8: 'Sub8',
};

const two = (n: unknown) => String(n).padStart(2, '0');

/** The row's value of the grouping, as text. */
function groupLabel(row: StatsRow, group: StatGroup): string {
  const s = row.slice;
  if (group === 'day') return `${s.year}-${two(s.month)}-${two(s.day)}`;
  if (group === 'offer') {
    const offer = s.offer as { id: number; title: string };
    return `${offer.title || 'Offer'} #${offer.id}`;
  }
  return String(s[group] ?? '') || '(none)';
}

const HEADER = [
  'Clicks',
  'Unique',
  'Conversions',
  'Approved',
  'Pending',
  'Declined',
  'Hold',
  'CR %',
  'EPC',
  'Your payout',
  'Approved payout',
];

function cells(row: StatsRow): (string | number)[] {
  const a = row.actions;
  return [
    row.traffic.raw,
    row.traffic.uniq,
    a.total?.count ?? 0,
    a.confirmed?.count ?? 0,
    a.pending?.count ?? 0,
    a.declined?.count ?? 0,
    a.hold?.count ?? 0,
    row.cr.total ?? 0,
    row.epc,
    a.total?.revenue ?? 0,
    a.confirmed?.revenue ?? 0,
  ];
}

export function Statistics() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const group: StatGroup = search.group ?? 'day';
  const defaults = useMemo(() => lastDays(30), []);
  const from = search.date_from ?? defaults.date_from;
  const to = search.date_to ?? defaults.date_to;
  const [form, setForm] = useState({ group, from, to, offer: search.offer ?? '' });
  const query = {
    'slice[]': group,
    'filter[date_from]': from,
    'filter[date_to]': to,
    ...(search.offer ? { 'filter[offer][]': search.offer.split(/[\s,]+/).filter(Boolean) } : {}),
    orderType: 'asc',
    limit: 500,
  };
  const stats = useQuery({
    queryKey: ['partner', 'stats', query],
    queryFn: ({ signal }) => get<StatsAnswer>('/3.0/partner/stats/custom', query, signal),
  });
  const rows = stats.data?.stats ?? [];
  const labels = useMemo(() => rows.map((row) => groupLabel(row, group)), [rows, group]);
  const series = useMemo(
    () => [
      { label: 'Clicks', values: rows.map((row) => Number(row.traffic.raw)), color: '#1864ab' },
      { label: 'Conversions', values: rows.map((row) => row.actions.total?.count ?? 0), color: '#c92a2a' },
    ],
    [rows],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate({
      search: { group: form.group, date_from: form.from, date_to: form.to, offer: form.offer.trim() || undefined },
    });
  };
  const exportCsv = () =>
    downloadCsv(
      `statistics-${group}-${from}-${to}.csv`,
      toCsv(
        [GROUP_LABELS[group], 'Currency', ...HEADER],
        rows.map((row, i) => [labels[i], String(row.slice.currency ?? ''), ...cells(row)]),
      ),
    );
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Statistics</Title>
        <Button variant="default" onClick={exportCsv} disabled={rows.length === 0}>
          Export CSV
        </Button>
      </Group>
      <form onSubmit={submit} aria-label="Report">
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="xs">
          <Select
            label="Group by"
            data={STAT_GROUPS.map((value) => ({ value, label: GROUP_LABELS[value] }))}
            value={form.group}
            onChange={(value) => setForm({ ...form, group: (value as StatGroup) ?? 'day' })}
            allowDeselect={false}
          />
          <TextInput
            label="From"
            type="date"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.currentTarget.value })}
          />
          <TextInput
            label="To"
            type="date"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.currentTarget.value })}
          />
          <TextInput
            label="Offer IDs"
            placeholder="1, 2"
            value={form.offer}
            onChange={(e) => setForm({ ...form, offer: e.currentTarget.value })}
          />
          <Group align="end">
            <Button type="submit">Show</Button>
          </Group>
        </SimpleGrid>
      </form>
      <FormError error={stats.error} />
      {rows.length > 0 && (
        <Suspense fallback={<div style={{ height: 240 }} />}>
          <Chart
            title={`Clicks and conversions by ${GROUP_LABELS[group].toLowerCase()}, ${from} to ${to}`}
            labels={labels}
            series={series}
          />
        </Suspense>
      )}
      {rows.length === 0 && !stats.isFetching ? (
        <Text>No clicks or conversions in these dates.</Text>
      ) : (
        <Table striped highlightOnHover aria-label="Statistics">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{GROUP_LABELS[group]}</Table.Th>
              <Table.Th>Currency</Table.Th>
              {HEADER.map((name) => (
                <Table.Th key={name}>{name}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, i) => (
              <Table.Tr key={`${labels[i]}|${String(row.slice.currency)}`}>
                <Table.Td>{labels[i]}</Table.Td>
                <Table.Td>{String(row.slice.currency ?? '')}</Table.Td>
                {cells(row).map((value, j) => (
                  <Table.Td key={HEADER[j]}>{value}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
