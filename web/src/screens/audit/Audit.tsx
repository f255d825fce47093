/**
 * The audit log (admins only): every change made by a person or a key, newest first, with its
 * filters in the URL; a row opens what the record was before and after (secrets show as ***).
 */
import { Anchor, Code, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { get } from '../../api/client';
import type { AuditRecord, Pagination } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { FilterForm } from '../../components/FilterForm';
import { FormError } from '../../components/FormError';
import { dateTime } from '../../format';
import { sliceQuery } from '../../search';
import { AUDIT_FILTERS, AUDIT_KEYS } from './filters';

const route = getRouteApi('/staff/audit');

const who = (row: AuditRecord) =>
  row.actor.type === 'user'
    ? (row.actor.email ?? `user ${row.actor.id}`)
    : row.actor.type === 'admin_key'
      ? 'admin key'
      : `affiliate key ${row.actor.id}`;

export function Audit() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const limit = search.limit ?? 100;
  const filters = useMemo(() => sliceQuery(search, 30), [search]);
  const audit = useQuery({
    queryKey: ['audit', filters, page, limit],
    queryFn: ({ signal }) =>
      get<{ audit: AuditRecord[]; pagination: Pagination }>('/3.0/admin/audit', { ...filters, page, limit }, signal),
    placeholderData: keepPreviousData,
  });
  const [opened, setOpened] = useState<AuditRecord | null>(null);
  const columns = useMemo<ColumnDef<AuditRecord, unknown>[]>(
    () => [
      { id: 'date', header: 'Date (UTC)', cell: ({ row }) => dateTime(row.original.date) },
      { id: 'actor', header: 'Who', cell: ({ row }) => who(row.original) },
      { id: 'action', header: 'Action', cell: ({ row }) => row.original.action },
      { id: 'entity', header: 'Record', cell: ({ row }) => row.original.entity },
      { id: 'entity_id', header: 'ID', cell: ({ row }) => row.original.entity_id ?? '' },
      {
        id: 'changes',
        header: 'Changes',
        cell: ({ row }) => (
          <Anchor component="button" type="button" size="sm" onClick={() => setOpened(row.original)}>
            Before and after
          </Anchor>
        ),
      },
    ],
    [],
  );
  return (
    <Stack gap="sm">
      <Title order={2}>Audit log</Title>
      <FilterForm
        fields={AUDIT_FILTERS}
        values={filters}
        error={audit.error}
        onApply={(next) => navigate({ search: { ...next, limit: search.limit } })}
      />
      <FormError error={audit.error} fields={AUDIT_KEYS} />
      <DataTable
        label="Audit log"
        columns={columns}
        rows={audit.data?.audit ?? []}
        total={audit.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(nextPage, perPage) => navigate({ search: { ...search, page: nextPage, limit: perPage } })}
        loading={audit.isFetching}
        getRowId={(row) => row.id}
      />
      <Modal opened={opened !== null} onClose={() => setOpened(null)} title="Change" size="xl">
        {opened && (
          <Stack>
            <Text size="sm">
              {who(opened)}: {opened.action} {opened.entity} {opened.entity_id ?? ''} at {dateTime(opened.date)} UTC
            </Text>
            <SimpleGrid cols={2}>
              <div>
                <Title order={3} size="h5">
                  Before
                </Title>
                <Code block>{JSON.stringify(opened.before, null, 2)}</Code>
              </div>
              <div>
                <Title order={3} size="h5">
                  After
                </Title>
                <Code block>{JSON.stringify(opened.after, null, 2)}</Code>
              </div>
            </SimpleGrid>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
