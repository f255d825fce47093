/**
 * The offers list: status, advertiser, goals with their payouts, and each cap's progress in its
 * current window (one `/3.0/stats/caps` call for the offers of the page that have caps). Paging
 * lives in the URL; a row opens the offer editor.
 */
import { Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo } from 'react';
import { get } from '../../api/client';
import { useAdvertisers } from '../../api/lookups';
import { canWrite, useMe } from '../../api/session';
import type { CapProgressRecord, CapsStatsRecord, OfferRecord } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { CapProgress } from './CapProgress';

const route = getRouteApi('/staff/offers');

const STATUS_COLOR = { active: 'green.9', paused: 'orange.9', stopped: 'gray.8' } as const;

function offerColumns(advertiser: (id: number) => string, caps: Map<number, CapProgressRecord[]>) {
  const columns: ColumnDef<OfferRecord, unknown>[] = [
    { id: 'id', header: 'ID', cell: ({ row }) => row.original.id },
    {
      id: 'title',
      header: 'Title',
      cell: ({ row }) => (
        <Anchor
          renderRoot={(props) => (
            <Link {...props} to="/offers/$offerId" params={{ offerId: String(row.original.id) }} />
          )}
        >
          {row.original.title}
        </Anchor>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: ({ row }) => (
        <Badge variant="dot" color={STATUS_COLOR[row.original.status]} tt="none" c="dark.9">
          {row.original.status}
        </Badge>
      ),
    },
    { id: 'advertiser', header: 'Advertiser', cell: ({ row }) => advertiser(row.original.advertiser_id) },
    {
      id: 'payouts',
      header: 'Goals: payout / revenue',
      cell: ({ row }) =>
        row.original.payouts
          .map(
            (p) =>
              `${p.goal}: ${p.payout}${p.payout_type === 'percent' ? '%' : ''} / ${p.revenue}${p.payout_type === 'percent' ? '%' : ` ${row.original.currency}`}`,
          )
          .join(', '),
    },
    { id: 'privacy', header: 'Privacy', cell: ({ row }) => row.original.privacy },
    {
      id: 'caps',
      header: 'Caps',
      cell: ({ row }) => <CapProgress rules={row.original.caps.length ? (caps.get(row.original.id) ?? []) : []} />,
    },
  ];
  return columns;
}

export function Offers() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe();
  const page = search.page ?? 1;
  const limit = search.limit ?? 50;
  const offers = useQuery({
    queryKey: ['admin', 'offers', 'page', page, limit],
    queryFn: ({ signal }) =>
      get<{ offers: OfferRecord[]; pagination: { total_count: number } }>('/3.0/admin/offers', { page, limit }, signal),
    placeholderData: keepPreviousData,
  });
  const capped = (offers.data?.offers ?? []).filter((offer) => offer.caps.length > 0).map((offer) => offer.id);
  const caps = useQuery({
    queryKey: ['stats', 'caps', capped],
    queryFn: ({ signal }) => get<CapsStatsRecord>('/3.0/stats/caps', { offer_id: capped }, signal),
    enabled: capped.length > 0,
    refetchInterval: 60_000,
  });
  const advertisers = useAdvertisers();
  const columns = useMemo(() => {
    const names = new Map((advertisers.data ?? []).map((a) => [a.id, a.name]));
    const progress = new Map((caps.data?.stats ?? []).map((entry) => [entry.offer_id, entry.stats]));
    return offerColumns((id) => (names.has(id) ? `${id} · ${names.get(id)}` : String(id)), progress);
  }, [advertisers.data, caps.data]);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Offers</Title>
        {canWrite(me?.role) && (
          <Button renderRoot={(props) => <Link {...props} to="/offers/$offerId" params={{ offerId: 'new' }} />}>
            New offer
          </Button>
        )}
      </Group>
      <FormError error={offers.error} />
      {caps.error && <Text c="red.9">Cap progress is unavailable: {caps.error.message}</Text>}
      <DataTable
        label="Offers"
        columns={columns}
        rows={offers.data?.offers ?? []}
        total={offers.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(nextPage, perPage) => navigate({ search: { page: nextPage, limit: perPage } })}
        loading={offers.isFetching}
        getRowId={(row) => String(row.id)}
        onOpen={(row) => navigate({ to: '/offers/$offerId', params: { offerId: String(row.id) } })}
      />
    </Stack>
  );
}
