/**
 * One of the affiliate's conversions. Another affiliate's id, like an unknown one, answers 404
 * from the API and shows the not-found page.
 */
import { Alert, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ApiError, get } from '../../api/client';
import { dateTime } from '../../format';
import { PortalNotFound } from './PortalNotFound';
import type { PartnerConversion } from './types';

const route = getRouteApi('/portal/conversions/$conversionId');

export function ConversionDetail() {
  const { conversionId } = route.useParams();
  const conversion = useQuery({
    queryKey: ['partner', 'conversion', conversionId],
    queryFn: ({ signal }) =>
      get<PartnerConversion>(`/3.0/partner/conversions/${encodeURIComponent(conversionId)}`, {}, signal),
    retry: false,
  });
  if (conversion.error instanceof ApiError && conversion.error.status === 404) {
    return <PortalNotFound what="conversion" />;
  }
  if (conversion.error) return <Alert color="red">{conversion.error.message}</Alert>;
  const c = conversion.data;
  if (!c) return <Text>Loading…</Text>;
  const rows: [string, string][] = [
    ['Created (UTC)', dateTime(c.created_at)],
    ['Click (UTC)', dateTime(c.click_at)],
    ['Offer', String(c.offer_id)],
    ['Goal', `${c.goal}${c.goal_title ? ` (${c.goal_title})` : ''}`],
    ['Status', c.status + (c.decline_reason === 'cap_reached' ? ' (cap reached)' : '')],
    ['Your payout', `${c.payout} ${c.currency}`],
    ['Click ID', c.clickid],
    ['Action ID', c.action_id],
    ['Country', c.country ?? ''],
    ['Comment', c.comment ?? ''],
    ...(['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8'] as const).map((sub): [string, string] => [
      sub,
      c[sub] ?? '',
    ]),
  ];
  return (
    <Stack>
      <Title order={2}>
        Conversion <code>{c.id}</code>
      </Title>
      <Table>
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
