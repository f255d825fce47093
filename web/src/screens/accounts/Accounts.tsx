/**
 * Accounts (admins only): invite a person with a one-time link, change a role, disable or enable
 * an account (disabling ends its sessions), make a new password link, end all its sessions.
 */
import { Badge, Button, Group, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { get, patch, post } from '../../api/client';
import { useMe } from '../../api/session';
import type { Pagination, User } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { FormError } from '../../components/FormError';
import { OneTimeLink } from '../../components/OneTimeLink';
import { dateTime } from '../../format';
import { InviteForm, ROLE_OPTIONS } from './InviteForm';
import { TONE } from '../../theme';

interface UserList {
  users: User[];
  pagination: Pagination;
}

const route = getRouteApi('/staff/accounts');

export function Accounts() {
  const me = useMe();
  const client = useQueryClient();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const paging = { page: search.page ?? 1, limit: search.limit ?? 100 };
  const users = useQuery({
    queryKey: ['users', paging],
    queryFn: ({ signal }) => get<UserList>('/3.0/admin/users', paging, signal),
    placeholderData: keepPreviousData,
  });
  const change = useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      patch<User>(`/3.0/admin/users/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
  const reset = useMutation({
    mutationFn: (user: User) => post<{ reset_url: string }>(`/3.0/admin/users/${user.id}/reset`),
  });
  const [resetFor, setResetFor] = useState<User | null>(null);
  const columns = useMemo<ColumnDef<User, unknown>[]>(
    () => [
      { id: 'email', header: 'Email', cell: ({ row }) => row.original.email },
      { id: 'name', header: 'Name', cell: ({ row }) => row.original.name },
      {
        id: 'role',
        header: 'Role',
        cell: ({ row }) => (
          <Select
            aria-label={`Role of ${row.original.email}`}
            data={ROLE_OPTIONS}
            value={row.original.role}
            onChange={(role) => role && change.mutate({ id: row.original.id, body: { role } })}
            allowDeselect={false}
            size="xs"
            w={130}
            disabled={row.original.id === me?.id}
          />
        ),
      },
      {
        id: 'state',
        header: 'State',
        cell: ({ row }) => (
          <Badge
            variant="filled"
            tt="none"
            color={row.original.disabled ? TONE.neutral : row.original.invite_pending ? TONE.warn : TONE.good}
          >
            {row.original.disabled ? 'disabled' : row.original.invite_pending ? 'invited' : 'active'}
          </Badge>
        ),
      },
      { id: 'totp', header: 'Second factor', cell: ({ row }) => (row.original.totp_enabled ? 'on' : 'off') },
      { id: 'created', header: 'Created (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
      {
        id: 'actions',
        header: 'Actions',
        cell: ({ row }) => (
          <Group gap="xs" wrap="nowrap">
            <Button
              size="xs"
              variant="default"
              disabled={row.original.id === me?.id}
              onClick={() => change.mutate({ id: row.original.id, body: { disabled: !row.original.disabled } })}
            >
              {row.original.disabled ? `Enable ${row.original.email}` : `Disable ${row.original.email}`}
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() => {
                setResetFor(row.original);
                reset.mutate(row.original);
              }}
            >
              New password link
            </Button>
          </Group>
        ),
      },
    ],
    [change, reset, me?.id],
  );
  return (
    <Stack>
      <Title order={2}>Accounts</Title>
      <InviteForm />
      <FormError error={change.error} />
      <DataTable
        label="Accounts"
        columns={columns}
        rows={users.data?.users ?? []}
        total={users.data?.pagination.total_count ?? 0}
        page={paging.page}
        perPage={paging.limit}
        onPage={(page, limit) => navigate({ search: { page, limit } })}
        loading={users.isFetching}
        getRowId={(row) => String(row.id)}
        height="auto"
      />
      <Modal opened={resetFor !== null} onClose={() => setResetFor(null)} title="New password link">
        <Stack>
          <Text size="sm">
            A one-time link for {resetFor?.email}, valid 72 hours; earlier unused links stop working.
          </Text>
          <FormError error={reset.error} />
          <OneTimeLink label="Link" url={reset.data?.reset_url ?? ''} />
        </Stack>
      </Modal>
    </Stack>
  );
}
