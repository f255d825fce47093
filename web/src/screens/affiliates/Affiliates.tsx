/**
 * Affiliates: the list (paging in the URL), a dialog to create one (its API key is shown once,
 * right after), and a row opens the affiliate's page (keys, postbacks, tracking events, ban).
 */
import { Badge, Button, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { fieldError, get, post } from '../../api/client';
import { canWrite, useMe } from '../../api/session';
import type { AffiliateCreatedRecord, AffiliateRecord } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { OneTimeLink } from '../../components/OneTimeLink';
import { dateTime } from '../../format';
import { TONE } from '../../theme';

const route = getRouteApi('/staff/affiliates');

export const affiliateStatusBadge = (status: AffiliateRecord['status']) => (
  <Badge variant="filled" color={status === 'active' ? TONE.good : TONE.bad} tt="none">
    {status}
  </Badge>
);

const COLUMNS: ColumnDef<AffiliateRecord, unknown>[] = [
  { id: 'id', header: 'ID', cell: ({ row }) => row.original.id },
  { id: 'name', header: 'Name', cell: ({ row }) => row.original.name },
  { id: 'status', header: 'Status', cell: ({ row }) => affiliateStatusBadge(row.original.status) },
  { id: 'signing', header: 'Signs POST postbacks', cell: ({ row }) => (row.original.signing_secret ? 'yes' : 'no') },
  { id: 'created', header: 'Created (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
];

function NewAffiliate({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: () => post<AffiliateCreatedRecord>('/3.0/admin/affiliates', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'affiliates'] }),
  });
  if (create.data) {
    return (
      <Stack>
        <Text>
          Affiliate {create.data.id} · {create.data.name} is created. Its API key is shown this once: hand it over now.
        </Text>
        <OneTimeLink label="API key" url={create.data.api_key} />
        <Button onClick={onClose}>Done</Button>
      </Stack>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <Stack>
        <FormError error={create.error} fields={['name']} />
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldError(create.error, 'name')}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create the affiliate
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function Affiliates() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe();
  const page = search.page ?? 1;
  const limit = search.limit ?? 50;
  const list = useQuery({
    queryKey: ['admin', 'affiliates', 'page', page, limit],
    queryFn: ({ signal }) =>
      get<{ affiliates: AffiliateRecord[]; pagination: { total_count: number } }>(
        '/3.0/admin/affiliates',
        { page, limit },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Affiliates</Title>
        {canWrite(me?.role) && <Button onClick={() => setCreating(true)}>New affiliate</Button>}
      </Group>
      <FormError error={list.error} />
      <DataTable
        label="Affiliates"
        columns={COLUMNS}
        rows={list.data?.affiliates ?? []}
        total={list.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(nextPage, perPage) => navigate({ search: { page: nextPage, limit: perPage } })}
        loading={list.isFetching}
        getRowId={(row) => String(row.id)}
        onOpen={(row) => navigate({ to: '/affiliates/$affiliateId', params: { affiliateId: String(row.id) } })}
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New affiliate">
        {creating && <NewAffiliate onClose={() => setCreating(false)} />}
      </Modal>
    </Stack>
  );
}
