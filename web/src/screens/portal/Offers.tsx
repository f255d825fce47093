/**
 * The offers the affiliate may run: title, goals with its payout, caps with what is left, and a
 * way to its tracking link builder. Never the advertiser's revenue: the API does not send it.
 */
import { Anchor, Group, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { get } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { capText } from './caps';
import type { PartnerOffer, PartnerOfferList } from './types';

const route = getRouteApi('/portal/');

const COLUMNS: ColumnDef<PartnerOffer, unknown>[] = [
  { id: 'id', header: 'ID', cell: ({ row }) => row.original.id },
  {
    id: 'title',
    header: 'Offer',
    cell: ({ row }) => (
      <Anchor
        renderRoot={(props) => (
          <Link {...props} to="/portal/offers/$offerId" params={{ offerId: String(row.original.id) }} />
        )}
      >
        {row.original.title}
      </Anchor>
    ),
  },
  {
    id: 'payouts',
    header: 'Your payout',
    cell: ({ row }) =>
      row.original.payouts
        .map(
          (p) => `${p.title || p.goal}: ${p.payout}${p.payout_type === 'percent' ? '%' : ` ${row.original.currency}`}`,
        )
        .join(', '),
  },
  {
    id: 'caps',
    header: 'Caps',
    cell: ({ row }) => (row.original.caps.length === 0 ? 'None' : row.original.caps.map(capText).join('; ')),
  },
  {
    id: 'link',
    header: 'Tracking link',
    cell: ({ row }) => (
      <Anchor
        renderRoot={(props) => (
          <Link {...props} to="/portal/offers/$offerId" params={{ offerId: String(row.original.id) }} />
        )}
      >
        Build link<VisuallyHidden> for {row.original.title}</VisuallyHidden>
      </Anchor>
    ),
  },
];

export function Offers() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const [q, setQ] = useState(search.q ?? '');
  const offers = useQuery({
    queryKey: ['partner', 'offers', search.q, page],
    queryFn: ({ signal }) => get<PartnerOfferList>('/3.0/partner/offers', { q: search.q, page, limit: 50 }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Offers</Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            navigate({ search: { q: q.trim() || undefined } });
          }}
        >
          <TextInput label="Search offers" value={q} onChange={(event) => setQ(event.currentTarget.value)} />
        </form>
      </Group>
      <Text size="sm" c="dimmed">
        Offers you may run: public ones and private ones open to you.
      </Text>
      <FormError error={offers.error} />
      <DataTable
        label="Offers"
        columns={COLUMNS}
        rows={offers.data?.offers ?? []}
        total={offers.data?.pagination.total_count ?? 0}
        page={page}
        perPage={50}
        onPage={(next) => navigate({ search: { ...search, page: next } })}
        loading={offers.isFetching}
        getRowId={(row) => String(row.id)}
        empty="No offers open to you yet."
      />
    </Stack>
  );
}
