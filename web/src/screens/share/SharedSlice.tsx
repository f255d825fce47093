/**
 * A share link opened in a browser (`/share/<token>`): the slice it was made for, read-only,
 * with no account. The rows come from the same address as JSON (`GET /share/<token>`), which
 * masks secure tokens; only paging is offered, as the link's filters are fixed.
 */
import { Alert, Container, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { get } from '../../api/client';
import type { ConversionListRecord, OutboundPostbackListRecord, ServerPostbackListRecord } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { conversionColumns, outboundColumns, serverColumns } from './columns';

const route = getRouteApi('/share/$token');

type Answer = ServerPostbackListRecord | OutboundPostbackListRecord | ConversionListRecord;

/** The rows of the answer, and the columns that fit them. */
function rowsAndColumns(answer: Answer | undefined): { rows: unknown[]; columns: ColumnDef<unknown, unknown>[] } {
  if (!answer) return { rows: [], columns: [] };
  if ('conversions' in answer) {
    return { rows: answer.conversions, columns: conversionColumns as ColumnDef<unknown, unknown>[] };
  }
  const rows = answer.postbacks as unknown[];
  const server = rows.length > 0 && typeof rows[0] === 'object' && rows[0] !== null && 'params' in rows[0];
  return { rows, columns: (server ? serverColumns : outboundColumns) as ColumnDef<unknown, unknown>[] };
}

export function SharedSlice() {
  const { token } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const paging = { page: search.page ?? 1, limit: search.limit ?? 100 };
  const slice = useQuery({
    queryKey: ['share', token, paging],
    queryFn: ({ signal }) => get<Answer>(`/share/${encodeURIComponent(token)}`, paging, signal),
    placeholderData: keepPreviousData,
  });
  const { rows, columns } = rowsAndColumns(slice.data);
  return (
    <Container fluid py="md" component="main">
      <Stack gap="sm">
        <Title order={1} size="h2">
          Shared log
        </Title>
        <Text size="sm" c="dimmed">
          A read-only view shared from Trackpost. Secure tokens are shown as ***.
        </Text>
        {slice.error && (
          <Alert color="red" role="alert">
            {slice.error.message}
          </Alert>
        )}
        <DataTable
          label="Shared rows"
          columns={columns}
          rows={rows}
          total={slice.data?.pagination.total_count ?? 0}
          page={paging.page}
          perPage={paging.limit}
          onPage={(page, limit) => navigate({ search: { page, limit } })}
          loading={slice.isFetching}
          getRowId={(row) => String((row as { id: string }).id)}
        />
      </Stack>
    </Container>
  );
}
