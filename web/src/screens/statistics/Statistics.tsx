/**
 * Statistics: the custom report (`/3.0/stats/custom`). Choose slices, dates, time zone and
 * filters (all in the URL); the table sorts on the server by any figure, pages, and ends with a
 * totals row per currency (the same report sliced by currency alone); a chart follows the time
 * slice; "Export CSV" writes every row of the report, not just the page.
 */
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { lazy, Suspense, useMemo } from 'react';
import { get } from '../../api/client';
import type { ReportAnswerRecord, ReportRowRecord } from '../../api/types';
import { DataTable, type Sort } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { FIGURES, figures, number, reportQuery, sliceText, slicesOf, timeSeries, toCsv } from './report';
import { ReportForm } from './ReportForm';

const Chart = lazy(() => import('../../components/Chart'));
const route = getRouteApi('/staff/statistics');

const fetchReport = (query: Record<string, unknown>, signal?: AbortSignal) =>
  get<ReportAnswerRecord>('/3.0/stats/custom', query as Parameters<typeof get>[1], signal);

export function Statistics() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const slices = slicesOf(search);
  const page = search.page ?? 1;
  const limit = search.limit ?? 100;
  const query = useMemo(() => reportQuery(search), [search]);
  const sorted = { ...query, order: search.order, orderType: search.orderType };
  const report = useQuery({
    queryKey: ['stats', 'custom', sorted, page, limit],
    queryFn: ({ signal }) => fetchReport({ ...sorted, page, limit }, signal),
    placeholderData: keepPreviousData,
  });
  const totals = useQuery({
    queryKey: ['stats', 'custom', 'totals', query],
    queryFn: ({ signal }) => fetchReport({ ...reportQuery(search, ['currency']), limit: 500 }, signal),
  });
  const rows = report.data?.stats ?? [];
  const sliceKey = slices.join(',');
  const keys = slices.includes('currency') ? slices : [...slices, 'currency'];
  const columns = useMemo<ColumnDef<ReportRowRecord, unknown>[]>(() => {
    const keys = sliceKey.split(',');
    if (!keys.includes('currency')) keys.push('currency');
    return [
      ...keys.map((key) => ({
        id: key,
        header: key,
        cell: ({ row }: { row: { original: ReportRowRecord } }) => sliceText(row.original, key),
      })),
      ...FIGURES.map((figure) => ({
        id: figure.id,
        header: figure.header,
        cell: ({ row }: { row: { original: ReportRowRecord } }) =>
          number(figures(row.original)[figure.id], figure.money),
      })),
    ];
  }, [sliceKey]);
  const sortable = [...slices, ...FIGURES.filter((f) => f.order).map((f) => f.id)];
  const sort: Sort | undefined = search.order
    ? { field: FIGURES.find((f) => f.order === search.order)?.id ?? search.order, order: search.orderType ?? 'asc' }
    : undefined;
  const onSort = (next: Sort | undefined) =>
    navigate({
      search: {
        ...search,
        page: undefined,
        order: next ? (FIGURES.find((f) => f.id === next.field)?.order ?? next.field) : undefined,
        orderType: next?.order,
      },
    });
  const chart = useMemo(() => timeSeries(rows, sliceKey.split(',')), [rows, sliceKey]);
  const exportCsv = useMutation({
    mutationFn: async () => {
      const all: ReportRowRecord[] = [];
      for (let next = 1; next <= 200; next++) {
        const answer = await fetchReport({ ...sorted, page: next, limit: 500 });
        all.push(...answer.stats);
        if (all.length >= answer.pagination.total_count || answer.stats.length === 0) break;
      }
      const blob = new Blob([toCsv(all, slices)], { type: 'text/csv' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `statistics-${query['filter[date_from]']}-${query['filter[date_to]']}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
      return all.length;
    },
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Statistics</Title>
        <Group>
          {exportCsv.data !== undefined && <Text size="sm">{exportCsv.data} rows exported</Text>}
          <Button variant="default" loading={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
            Export CSV
          </Button>
        </Group>
      </Group>
      <ReportForm
        search={search}
        error={report.error}
        onApply={(next) => navigate({ search: { ...next, limit: search.limit } })}
      />
      <FormError error={report.error ?? exportCsv.error} />
      {chart && (
        <Suspense fallback={<div style={{ height: 240 }} />}>
          <Chart title={`Clicks and conversions by ${chart.key}`} labels={chart.labels} series={chart.series} />
        </Suspense>
      )}
      <DataTable
        label="Statistics"
        columns={columns}
        rows={rows}
        total={report.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(nextPage, perPage) => navigate({ search: { ...search, page: nextPage, limit: perPage } })}
        loading={report.isFetching}
        getRowId={(row) => keys.map((key) => sliceText(row, key)).join('|')}
        sortable={sortable}
        sort={sort}
        onSort={onSort}
        height="calc(100vh - 560px)"
      />
      <Totals rows={totals.data?.stats ?? []} />
    </Stack>
  );
}

function Totals({ rows }: { rows: readonly ReportRowRecord[] }) {
  if (rows.length === 0) return null;
  return (
    <Table aria-label="Totals" withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Totals</Table.Th>
          {FIGURES.map((figure) => (
            <Table.Th key={figure.id} scope="col">
              {figure.header}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => {
          const f = figures(row);
          return (
            <Table.Tr key={row.slice.currency} fw={700}>
              <Table.Td>{row.slice.currency}</Table.Td>
              {FIGURES.map((figure) => (
                <Table.Td key={figure.id}>{number(f[figure.id], figure.money)}</Table.Td>
              ))}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
