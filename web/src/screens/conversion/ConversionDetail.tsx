/**
 * A conversion's whole story: the conversion, its click (time, sub-ids, address), every
 * postback received for its click (the server postbacks log), and every outbound delivery it
 * caused (affiliate postbacks, tracking events and cross-postbacks) with every attempt and a
 * resend button. Those who may change things can set its status and comment.
 */
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { get } from '../../api/client';
import { canWrite, useMe } from '../../api/session';
import type { ConversionRecord, OutboundPostbackListRecord, ServerPostbackListRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { dateTime, duration, statusName } from '../../format';
import { STATE_COLORS } from '../outbound-log/columns';
import { Attempts } from '../outbound-log/Delivery';
import { ChangeStatus } from './ChangeStatus';

const route = getRouteApi('/staff/conversions/$id');

/** The days from `iso` to today (UTC), the range of the logs that can hold this story. */
function since(iso: string) {
  return { date_from: iso.slice(0, 10), date_to: new Date().toISOString().slice(0, 10) };
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={700}>
        {label}
      </Text>
      <Text size="sm">{children === '' || children === null ? '—' : children}</Text>
    </div>
  );
}

export function ConversionDetail() {
  const { id } = route.useParams();
  const me = useMe();
  const conversion = useQuery({
    queryKey: ['conversion', id],
    queryFn: ({ signal }) => get<ConversionRecord>(`/3.0/admin/conversions/${encodeURIComponent(id)}`, {}, signal),
  });
  const c = conversion.data;
  const range = c ? since(c.click_at ?? c.created_at) : null;
  const received = useQuery({
    queryKey: ['story', id, 'received', c?.clickid],
    enabled: Boolean(c),
    queryFn: ({ signal }) =>
      get<ServerPostbackListRecord>(
        '/3.0/stats/serverpostbacks',
        { ...range, click_id: c?.clickid, limit: 1000 },
        signal,
      ),
  });
  // The outbound slices filter by offer, affiliate and goal; this conversion's rows are picked from those.
  const outbound = useQuery({
    queryKey: ['story', id, 'outbound', c?.updated_at],
    enabled: Boolean(c),
    queryFn: async ({ signal }) => {
      const query = { ...range, offer: c?.offer_id, partner: c?.affiliate_id, goal: c?.goal, limit: 1000 };
      const [own, cross] = await Promise.all([
        get<OutboundPostbackListRecord>('/3.0/stats/affiliatepostbacks', query, signal),
        get<OutboundPostbackListRecord>('/3.0/stats/crosspostbacks', query, signal),
      ]);
      return [...own.postbacks, ...cross.postbacks].filter((row) => row.conversion_id === id);
    },
  });
  if (!c) return <FormError error={conversion.error} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          Conversion <code>{c.id}</code>
        </Title>
        <Anchor component={Link} to="/conversions">
          Back to conversions
        </Anchor>
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Field label="Status">
            <Badge variant="filled" tt="none" data-testid="conversion-status">
              {statusName(c.status_code)}
            </Badge>
          </Field>
          <Field label="Created (UTC)">{dateTime(c.created_at)}</Field>
          <Field label="Offer">{c.offer_id}</Field>
          <Field label="Affiliate">{c.affiliate_id}</Field>
          <Field label="Goal">{`${c.goal} (${c.goal_title})`}</Field>
          <Field label="Action ID">{c.action_id}</Field>
          <Field label="Payout">{`${c.payout} ${c.currency}`}</Field>
          <Field label="Revenue">{`${c.revenue} ${c.currency}`}</Field>
          <Field label="Sum">{c.sum === null ? '' : `${c.sum} ${c.currency}`}</Field>
          <Field label="Hold until">{dateTime(c.hold_until)}</Field>
          <Field label="Comment">{c.comment ?? ''}</Field>
        </SimpleGrid>
      </Card>
      {canWrite(me?.role) && <ChangeStatus key={c.updated_at} conversion={c} />}

      <Title order={3}>Click</Title>
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Field label="Click ID">
            <code>{c.clickid}</code>
          </Field>
          <Field label="Click time (UTC)">{dateTime(c.click_at)}</Field>
          <Field label="To conversion">{duration(c.delta)}</Field>
          <Field label="IP">{c.ip ?? ''}</Field>
          <Field label="Country">{c.country ?? ''}</Field>
          {(['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8'] as const)
            .filter((sub) => c[sub])
            .map((sub) => (
              <Field key={sub} label={sub}>
                {c[sub]}
              </Field>
            ))}
        </SimpleGrid>
      </Card>

      <Title order={3}>Postbacks received</Title>
      <Table withTableBorder aria-label="Postbacks received">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Date (UTC)</Table.Th>
            <Table.Th scope="col">From</Table.Th>
            <Table.Th scope="col">Parameters</Table.Th>
            <Table.Th scope="col">Response</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(received.data?.postbacks ?? []).map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>{dateTime(row.created_at)}</Table.Td>
              <Table.Td>
                {row.ip} ({row.integration.toUpperCase()})
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-all' }}>
                <code>
                  {Object.entries(row.params)
                    .map(([name, value]) => `${name}=${value}`)
                    .join(' ')}
                </code>
              </Table.Td>
              <Table.Td>
                status:{row.result.status}
                {row.result.error ? ` ${row.result.error}` : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={3}>Outbound deliveries</Title>
      {outbound.data?.length === 0 && <Text c="dimmed">No affiliate postback, tracking event or cross-postback.</Text>}
      {(outbound.data ?? []).map((row) => (
        <Card withBorder key={row.id} data-testid="delivery">
          <Group mb="xs">
            <Text fw={700}>{row.type.replace('_', ' ')}</Text>
            <Text size="sm">
              on {row.status_name}, {dateTime(row.created_at)} UTC
            </Text>
            <Badge color={STATE_COLORS[row.state]} variant="filled" tt="none">
              {row.state}
            </Badge>
          </Group>
          <Attempts id={row.id} />
        </Card>
      ))}
    </Stack>
  );
}
