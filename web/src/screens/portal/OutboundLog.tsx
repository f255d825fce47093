/**
 * The affiliate's outbound log (`/3.0/partner/postbacks`): every postback and tracking event
 * request sent for its conversions, with the HTTP code, error, state and attempts. Filters and
 * page in the URL. Its payout only; the API sends no revenue.
 */
import { Badge, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { TONE } from '../../theme';
import { STATE_COLORS } from '../outbound-log/columns';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { get } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { FilterForm } from '../../components/FilterForm';
import { FormError } from '../../components/FormError';
import { dateTime } from '../../format';
import { listQuery, PORTAL_LIST_FILTERS } from './Conversions';
import type { PartnerLog } from './types';

const route = getRouteApi('/portal/log');
type Row = PartnerLog['postbacks'][number];

const COLUMNS: ColumnDef<Row, unknown>[] = [
  { id: 'date', header: 'Date (UTC)', cell: ({ row }) => dateTime(row.original.date) },
  {
    id: 'type',
    header: 'Type',
    cell: ({ row }) => (row.original.type === 'tracking_event' ? 'Tracking event' : 'Postback'),
  },
  { id: 'offer', header: 'Offer', cell: ({ row }) => row.original.offer_id },
  { id: 'conversion', header: 'Conversion', cell: ({ row }) => <code>{row.original.conversion_id}</code> },
  { id: 'status', header: 'Status', cell: ({ row }) => row.original.status },
  { id: 'url', header: 'URL', cell: ({ row }) => <code>{`${row.original.method} ${row.original.url}`}</code> },
  { id: 'http_code', header: 'HTTP code', cell: ({ row }) => row.original.http_code || 'none' },
  {
    id: 'state',
    header: 'State',
    cell: ({ row }) => (
      <Badge color={STATE_COLORS[row.original.state] ?? TONE.neutral} variant="filled" tt="none">
        {row.original.state}
      </Badge>
    ),
  },
  { id: 'attempts', header: 'Attempts', cell: ({ row }) => row.original.attempts },
  { id: 'error', header: 'Error', cell: ({ row }) => row.original.error ?? '' },
];

export function PortalLog() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const limit = search.limit ?? 100;
  const query = useMemo(() => listQuery(search), [search]);
  const log = useQuery({
    queryKey: ['partner', 'log', query, page, limit],
    queryFn: ({ signal }) => get<PartnerLog>('/3.0/partner/postbacks', { ...query, page, limit }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      <Title order={2}>Outbound log</Title>
      <FilterForm
        fields={PORTAL_LIST_FILTERS}
        values={query}
        error={log.error}
        onApply={(values) => navigate({ search: { ...values, limit: search.limit } })}
      />
      <FormError error={log.error} fields={PORTAL_LIST_FILTERS.map((field) => field.name)} />
      <DataTable
        label="Outbound log"
        columns={COLUMNS}
        rows={log.data?.postbacks ?? []}
        total={log.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(next, perPage) => navigate({ search: { ...search, page: next, limit: perPage } })}
        loading={log.isFetching}
        getRowId={(row) => row.id}
      />
    </Stack>
  );
}
