/**
 * The trafficback report (`/3.0/stats/getbytrafficback`): refused clicks by reason over the
 * chosen dates, time zone and filters (in the URL), most frequent first, with what each reason
 * means.
 */
import { Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { get } from '../../api/client';
import type { ReportAnswerRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { reportQuery } from './report';
import { ReportForm } from './ReportForm';

const route = getRouteApi('/staff/trafficback');

const REASONS: Record<string, string> = {
  'invalid-offer': 'offer_id missing or not a positive number',
  'unknown-offer': 'no such offer',
  'inactive-offer': 'the offer is not active',
  'invalid-affiliate': 'pid missing or not a positive number',
  'unknown-affiliate': 'no such affiliate',
  'inactive-affiliate': 'the affiliate is banned',
  'disabled-affiliate': 'the affiliate is not allowed on the offer',
  overcap: 'a cap of the offer is reached',
};

export function Trafficback() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const {
    slice: _slice,
    'filter[goal]': _goal,
    'filter[currency]': _currency,
    'filter[nonzero]': _n,
    ...query
  } = reportQuery(search);
  const report = useQuery({
    queryKey: ['stats', 'trafficback', query],
    queryFn: ({ signal }) =>
      get<ReportAnswerRecord>('/3.0/stats/getbytrafficback', { ...query, orderType: 'desc', limit: 500 }, signal),
  });
  const rows = report.data?.stats ?? [];
  const total = rows.reduce((sum, row) => sum + (row.trafficback ?? 0), 0);
  return (
    <Stack gap="sm">
      <Title order={2}>Trafficback</Title>
      <Text c="dimmed" size="sm">
        Clicks refused at /click, whether they went to the offer's trafficback URL or were answered with the refusal.
      </Text>
      <ReportForm trafficback search={search} error={report.error} onApply={(next) => navigate({ search: next })} />
      <FormError error={report.error} />
      <Table aria-label="Trafficback" striped withTableBorder maw={800}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Reason</Table.Th>
            <Table.Th scope="col">Meaning</Table.Th>
            <Table.Th scope="col">Clicks</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.slice.trafficback_reason}>
              <Table.Td>
                <code>{row.slice.trafficback_reason}</code>
              </Table.Td>
              <Table.Td>{REASONS[row.slice.trafficback_reason ?? ''] ?? ''}</Table.Td>
              <Table.Td>{(row.trafficback ?? 0).toLocaleString('en-US')}</Table.Td>
            </Table.Tr>
          ))}
          {rows.length === 0 && !report.isFetching && (
            <Table.Tr>
              <Table.Td colSpan={3}>
                <Text c="dimmed">No refused clicks in these dates.</Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Td colSpan={2}>Total</Table.Td>
            <Table.Td>{total.toLocaleString('en-US')}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Stack>
  );
}
