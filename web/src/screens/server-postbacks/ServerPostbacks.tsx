/**
 * The server postbacks log (seed 003): every advertiser postback and pixel received, with its
 * filters and partial search in the URL, "Edit columns" remembered across reloads, a row's
 * parameters and response, and "Get link" to share the filtered log.
 */
import { Group, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { get } from '../../api/client';
import { canWrite, useMe } from '../../api/session';
import type { ServerPostbackListRecord, ServerPostbackRecord } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { EditColumns } from '../../components/EditColumns';
import { FilterForm } from '../../components/FilterForm';
import { FormError } from '../../components/FormError';
import { GetLink } from '../../components/GetLink';
import { useColumnVisibility } from '../../components/useColumnVisibility';
import { sliceQuery } from '../../search';
import { COLUMN_CHOICES, serverPostbackColumns } from './columns';
import { SERVER_POSTBACK_FILTERS, SERVER_POSTBACK_KEYS } from './filters';
import { PostbackDetail } from './PostbackDetail';

const route = getRouteApi('/staff/logs/server-postbacks');

export function ServerPostbacks() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe();
  const page = search.page ?? 1;
  const limit = search.limit ?? 100;
  const filters = useMemo(() => sliceQuery(search), [search]);
  const log = useQuery({
    queryKey: ['stats', 'serverpostbacks', filters, page, limit],
    queryFn: ({ signal }) =>
      get<ServerPostbackListRecord>('/3.0/stats/serverpostbacks', { ...filters, page, limit }, signal),
    placeholderData: keepPreviousData,
  });
  const [opened, setOpened] = useState<ServerPostbackRecord | null>(null);
  const columns = useMemo(() => serverPostbackColumns(setOpened), []);
  const [visibility, setVisibility] = useColumnVisibility('server-postbacks');
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Server postbacks</Title>
        <Group>
          <EditColumns columns={COLUMN_CHOICES} visibility={visibility} onChange={setVisibility} />
          {canWrite(me?.role) && <GetLink slice="serverpostbacks" filters={filters} />}
        </Group>
      </Group>
      <FilterForm
        fields={SERVER_POSTBACK_FILTERS}
        values={filters}
        error={log.error}
        onApply={(next) => navigate({ search: { ...next, limit: search.limit } })}
      />
      <FormError error={log.error} fields={SERVER_POSTBACK_KEYS} />
      <DataTable
        label="Server postbacks"
        columns={columns}
        rows={log.data?.postbacks ?? []}
        total={log.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(nextPage, perPage) => navigate({ search: { ...search, page: nextPage, limit: perPage } })}
        loading={log.isFetching}
        columnVisibility={visibility}
        getRowId={(row) => row.id}
      />
      <PostbackDetail row={opened} onClose={() => setOpened(null)} />
    </Stack>
  );
}
