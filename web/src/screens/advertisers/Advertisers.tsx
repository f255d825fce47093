/**
 * Advertisers: the list (paging in the URL) and a dialog to create or edit one: its name, status
 * (disabled: its offers answer clicks and postbacks as inactive), the secure token its postbacks
 * pass and the addresses they may come from. Refusals show beside the field they name.
 */
import { Badge, Button, Group, Modal, Select, Stack, TagsInput, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { fieldError, get, patch, post } from '../../api/client';
import { canWrite, useMe } from '../../api/session';
import type { AdvertiserRecord } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { dateTime } from '../../format';
import { TONE } from '../../theme';

const route = getRouteApi('/staff/advertisers');

const COLUMNS: ColumnDef<AdvertiserRecord, unknown>[] = [
  { id: 'id', header: 'ID', cell: ({ row }) => row.original.id },
  { id: 'name', header: 'Name', cell: ({ row }) => row.original.name },
  {
    id: 'status',
    header: 'Status',
    cell: ({ row }) => (
      <Badge variant="filled" color={row.original.status === 'active' ? TONE.good : TONE.neutral} tt="none">
        {row.original.status}
      </Badge>
    ),
  },
  { id: 'secure', header: 'Secure token', cell: ({ row }) => (row.original.secure_token ? 'set' : 'none') },
  { id: 'ips', header: 'Allowed IPs', cell: ({ row }) => row.original.allowed_ips.join(', ') || 'any' },
  { id: 'created', header: 'Created (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
];

type Draft = Pick<AdvertiserRecord, 'name' | 'status' | 'secure_token' | 'allowed_ips'>;
const EMPTY: Draft = { name: '', status: 'active', secure_token: '', allowed_ips: [] };
const FIELDS = ['name', 'status', 'secure_token', 'allowed_ips'];

function AdvertiserForm({ editing, onClose }: { editing: AdvertiserRecord | 'new'; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(editing === 'new' ? EMPTY : editing);
  const readOnly = !canWrite(useMe()?.role);
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: () => {
      const body = { ...draft, secure_token: draft.secure_token?.trim() || null };
      return editing === 'new'
        ? post<AdvertiserRecord>('/3.0/admin/advertisers', body)
        : patch<AdvertiserRecord>(`/3.0/admin/advertisers/${editing.id}`, body);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['admin', 'advertisers'] });
      onClose();
    },
  });
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <FormError error={save.error} fields={FIELDS} />
        <TextInput
          label="Name"
          required
          value={draft.name}
          readOnly={readOnly}
          onChange={(event) => set({ name: event.currentTarget.value })}
          error={fieldError(save.error, 'name')}
        />
        <Select
          label="Status"
          description="Disabled: its offers refuse clicks and postbacks"
          data={['active', 'disabled']}
          value={draft.status}
          readOnly={readOnly}
          allowDeselect={false}
          onChange={(value) => set({ status: value === 'disabled' ? 'disabled' : 'active' })}
        />
        <TextInput
          label="Secure token"
          description="Its postbacks must pass it as secure; empty: none"
          value={draft.secure_token ?? ''}
          readOnly={readOnly}
          autoComplete="off"
          onChange={(event) => set({ secure_token: event.currentTarget.value })}
          error={fieldError(save.error, 'secure_token')}
        />
        <TagsInput
          label="Allowed IPs"
          description="Addresses, CIDR blocks or ranges its postbacks may come from; empty: any"
          value={draft.allowed_ips}
          readOnly={readOnly}
          onChange={(value) => set({ allowed_ips: value })}
          error={fieldError(save.error, 'allowed_ips')}
        />
        {!readOnly && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {editing === 'new' ? 'Create the advertiser' : 'Save the advertiser'}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

export function Advertisers() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe();
  const page = search.page ?? 1;
  const limit = search.limit ?? 50;
  const list = useQuery({
    queryKey: ['admin', 'advertisers', 'page', page, limit],
    queryFn: ({ signal }) =>
      get<{ advertisers: AdvertiserRecord[]; pagination: { total_count: number } }>(
        '/3.0/admin/advertisers',
        { page, limit },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const [editing, setEditing] = useState<AdvertiserRecord | 'new' | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Advertisers</Title>
        {canWrite(me?.role) && <Button onClick={() => setEditing('new')}>New advertiser</Button>}
      </Group>
      <FormError error={list.error} />
      <DataTable
        label="Advertisers"
        columns={COLUMNS}
        rows={list.data?.advertisers ?? []}
        total={list.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(nextPage, perPage) => navigate({ search: { page: nextPage, limit: perPage } })}
        loading={list.isFetching}
        getRowId={(row) => String(row.id)}
        onOpen={setEditing}
      />
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New advertiser' : `Advertiser ${editing?.id ?? ''}`}
      >
        {editing !== null && <AdvertiserForm editing={editing} onClose={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}
