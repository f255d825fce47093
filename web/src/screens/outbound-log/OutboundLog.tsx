/**
 * The affiliate postbacks log and the cross-postbacks log (one screen, two slices): every
 * outbound request with its HTTP code, error, state and attempts; filters in the URL, remembered
 * columns, "Get link", and a row's attempts with "Resend".
 */
import { Group, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { get } from '../../api/client';
import { canWrite, useMe } from '../../api/session';
import type { OutboundPostbackListRecord } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { EditColumns } from '../../components/EditColumns';
import { FilterForm } from '../../components/FilterForm';
import { FormError } from '../../components/FormError';
import { GetLink } from '../../components/GetLink';
import { useColumnVisibility } from '../../components/useColumnVisibility';
import { type FilterSearch, sliceQuery } from '../../search';
import { OUTBOUND_COLUMNS, outboundColumns } from './columns';
import { DeliveryModal } from './Delivery';
import { AFFILIATE_POSTBACK_FILTERS, OUTBOUND_FILTERS, OUTBOUND_KEYS } from './filters';

const SLICES = {
  affiliatepostbacks: {
    title: 'Affiliate postbacks',
    path: '/logs/affiliate-postbacks',
    fields: AFFILIATE_POSTBACK_FILTERS,
  },
  crosspostbacks: { title: 'Cross-postbacks', path: '/logs/cross-postbacks', fields: OUTBOUND_FILTERS },
} as const;

export function OutboundLog({ slice, search }: { slice: keyof typeof SLICES; search: FilterSearch }) {
  const { title, path, fields } = SLICES[slice];
  const navigate = useNavigate();
  const me = useMe();
  const page = search.page ?? 1;
  const limit = search.limit ?? 100;
  const filters = useMemo(() => sliceQuery(search), [search]);
  const log = useQuery({
    queryKey: ['stats', slice, filters, page, limit],
    queryFn: ({ signal }) =>
      get<OutboundPostbackListRecord>(`/3.0/stats/${slice}`, { ...filters, page, limit }, signal),
    placeholderData: keepPreviousData,
  });
  const [opened, setOpened] = useState<string | null>(null);
  const columns = useMemo(() => outboundColumns((row) => setOpened(row.id)), []);
  const [visibility, setVisibility] = useColumnVisibility(slice);
  const go = (next: FilterSearch) => navigate({ to: path, search: next });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{title}</Title>
        <Group>
          <EditColumns columns={OUTBOUND_COLUMNS} visibility={visibility} onChange={setVisibility} />
          {canWrite(me?.role) && <GetLink slice={slice} filters={filters} />}
        </Group>
      </Group>
      <FilterForm
        fields={fields}
        values={filters}
        error={log.error}
        onApply={(next) => go({ ...next, limit: search.limit })}
      />
      <FormError error={log.error} fields={OUTBOUND_KEYS} />
      <DataTable
        label={title}
        columns={columns}
        rows={log.data?.postbacks ?? []}
        total={log.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(nextPage, perPage) => go({ ...search, page: nextPage, limit: perPage })}
        loading={log.isFetching}
        columnVisibility={visibility}
        getRowId={(row) => row.id}
      />
      <DeliveryModal id={opened} onClose={() => setOpened(null)} />
    </Stack>
  );
}

const affiliateRoute = getRouteApi('/staff/logs/affiliate-postbacks');
const crossRoute = getRouteApi('/staff/logs/cross-postbacks');

export function AffiliatePostbacks() {
  return <OutboundLog slice="affiliatepostbacks" search={affiliateRoute.useSearch()} />;
}

export function CrossPostbacks() {
  return <OutboundLog slice="crosspostbacks" search={crossRoute.useSearch()} />;
}
