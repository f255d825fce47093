/**
 * The conversions list: the conversions slice's filters in the URL, remembered columns, row
 * selection with a bulk status change (for those who may change things), and each conversion's
 * id linking to its story.
 */
import { Group, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { RowSelectionState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { get } from '../../api/client';
import { canWrite, useMe } from '../../api/session';
import type { ConversionListRecord } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { EditColumns } from '../../components/EditColumns';
import { FilterForm } from '../../components/FilterForm';
import { FormError } from '../../components/FormError';
import { GetLink } from '../../components/GetLink';
import { useColumnVisibility } from '../../components/useColumnVisibility';
import { sliceQuery } from '../../search';
import { BulkOutcome, BulkStatus, type Outcome } from './BulkStatus';
import { CONVERSION_COLUMNS, conversionColumns } from './columns';
import { CONVERSION_FILTERS, CONVERSION_KEYS } from './filters';

const route = getRouteApi('/staff/conversions');

export function Conversions() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const me = useMe();
  const client = useQueryClient();
  const writer = canWrite(me?.role);
  const page = search.page ?? 1;
  const limit = search.limit ?? 100;
  const filters = useMemo(() => sliceQuery(search), [search]);
  const list = useQuery({
    queryKey: ['stats', 'conversions', filters, page, limit],
    queryFn: ({ signal }) => get<ConversionListRecord>('/3.0/stats/conversions', { ...filters, page, limit }, signal),
    placeholderData: keepPreviousData,
  });
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [visibility, setVisibility] = useColumnVisibility('conversions');
  const selected = Object.keys(selection).filter((id) => selection[id]);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Conversions</Title>
        <Group>
          <EditColumns columns={CONVERSION_COLUMNS} visibility={visibility} onChange={setVisibility} />
          {writer && <GetLink slice="conversions" filters={filters} />}
        </Group>
      </Group>
      <FilterForm
        fields={CONVERSION_FILTERS}
        values={filters}
        error={list.error}
        onApply={(next) => {
          setSelection({});
          navigate({ search: { ...next, limit: search.limit } });
        }}
      />
      <FormError error={list.error} fields={CONVERSION_KEYS} />
      {writer && selected.length > 0 && (
        <BulkStatus
          ids={selected}
          onDone={(done) => {
            setOutcome(done);
            setSelection({});
            client.invalidateQueries({ queryKey: ['stats'] });
          }}
        />
      )}
      <BulkOutcome outcome={outcome} />
      <DataTable
        label="Conversions"
        columns={conversionColumns}
        rows={list.data?.conversions ?? []}
        total={list.data?.pagination.total_count ?? 0}
        page={page}
        perPage={limit}
        onPage={(nextPage, perPage) => {
          setSelection({});
          navigate({ search: { ...search, page: nextPage, limit: perPage } });
        }}
        loading={list.isFetching}
        columnVisibility={visibility}
        getRowId={(row) => row.id}
        selection={writer ? selection : undefined}
        onSelection={writer ? setSelection : undefined}
      />
    </Stack>
  );
}
