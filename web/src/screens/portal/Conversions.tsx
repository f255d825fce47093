/**
 * The affiliate's conversions (`/3.0/partner/conversions`): filters and page in the URL, each
 * row opening its detail. Its payout only; the API sends no revenue or order sum.
 */
import { Anchor, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { get } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { FilterForm } from '../../components/FilterForm';
import { DATE_FIELDS, type FilterField, STATUS_OPTIONS } from '../../components/filter-fields';
import { FormError } from '../../components/FormError';
import { dateTime } from '../../format';
import { lastDays } from '../../search';
import type { PartnerConversion, PartnerConversionList } from './types';

const route = getRouteApi('/portal/conversions');

export const PORTAL_LIST_FILTERS: FilterField[] = [
  ...DATE_FIELDS,
  { name: 'status', label: 'Status', kind: 'select', options: STATUS_OPTIONS },
  { name: 'offer', label: 'Offer IDs', placeholder: '1, 2' },
  { name: 'goal', label: 'Goal' },
];

const COLUMNS: ColumnDef<PartnerConversion, unknown>[] = [
  { id: 'date', header: 'Date (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
  {
    id: 'id',
    header: 'Conversion',
    cell: ({ row }) => (
      <Anchor
        renderRoot={(props) => (
          <Link {...props} to="/portal/conversions/$conversionId" params={{ conversionId: row.original.id }} />
        )}
      >
        <code>{row.original.id}</code>
      </Anchor>
    ),
  },
  { id: 'offer', header: 'Offer', cell: ({ row }) => row.original.offer_id },
  { id: 'goal', header: 'Goal', cell: ({ row }) => row.original.goal },
  { id: 'status', header: 'Status', cell: ({ row }) => row.original.status },
  { id: 'payout', header: 'Your payout', cell: ({ row }) => `${row.original.payout} ${row.original.currency}` },
  { id: 'country', header: 'Country', cell: ({ row }) => row.original.country ?? '' },
  { id: 'sub1', header: 'Sub1', cell: ({ row }) => row.original.sub1 ?? '' },
  { id: 'clickid', header: 'Click ID', cell: ({ row }) => <code>{row.original.clickid}</code> },
];

/** The list query: the URL's filters, the dates defaulting to the last 7 days. */
export function listQuery(search: Record<string, string | number | undefined>) {
  const dates = lastDays(7);
  const query: Record<string, string> = { date_from: dates.date_from, date_to: dates.date_to };
  for (const field of PORTAL_LIST_FILTERS) {
    const value = search[field.name];
    if (value !== undefined && value !== '') query[field.name] = String(value);
  }
  return query;
}

export function Conversions() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const limit = search.limit ?? 100;
  const query = useMemo(() => listQuery(search), [search]);
  const list = useQuery({
    queryKey: ['partner', 'conversions', query, page, limit],
    queryFn: ({ signal }) => get<PartnerConversionList>('/3.0/partner/conversions', { ...query, page, limit }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      <Title order={2}>Conversions</Title>
      <FilterForm
        fields={PORTAL_LIST_FILTERS}
        values={query}
        error={list.error}
        onApply={(values) => navigate({ search: { ...values, limit: search.limit } })}
      />
      <FormError error={list.error} fields={PORTAL_LIST_FILTERS.map((field) => field.name)} />
      <DataTable
        label="Conversions"
        columns={COLUMNS}
        rows={list.data?.conversions ?? []}
        total={list.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(next, perPage) => navigate({ search: { ...search, page: next, limit: perPage } })}
        loading={list.isFetching}
        getRowId={(row) => row.id}
      />
    </Stack>
  );
}
