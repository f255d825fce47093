/**
 * The affiliate's tracking events (`/3.0/partner/tracking-events`), each with its scope, goals,
 * statuses and last delivery (state, HTTP code, error, attempts); create, change, delete.
 */
import { Anchor, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get } from '../../api/client';
import { FormError } from '../../components/FormError';
import { dateTime } from '../../format';
import { EventForm } from './EventForm';
import { useReadOnly } from './PortalShell';
import { TONE } from '../../theme';
import { STATE_COLORS } from '../outbound-log/columns';
import type { PartnerTrackingEvent, PartnerTrackingEventList } from './types';

function LastDelivery({ event }: { event: PartnerTrackingEvent }) {
  const last = event.last_delivery;
  if (!last) return <Text size="sm">Never fired</Text>;
  return (
    <Stack gap={2}>
      <Group gap="xs">
        <Badge color={STATE_COLORS[last.state] ?? TONE.neutral} variant="filled" tt="none">
          {last.state}
        </Badge>
        <Text size="sm">
          HTTP {last.http_code} · {last.attempts} attempt{last.attempts === 1 ? '' : 's'}
        </Text>
      </Group>
      <Text size="sm">
        {dateTime(last.date)} · conversion <code>{last.conversion_id}</code>
      </Text>
      {last.error && <Text size="sm">Error: {last.error}</Text>}
    </Stack>
  );
}

export function TrackingEvents() {
  const client = useQueryClient();
  const readOnly = useReadOnly();
  const [editing, setEditing] = useState<PartnerTrackingEvent | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['partner', 'tracking-events'],
    queryFn: ({ signal }) => get<PartnerTrackingEventList>('/3.0/partner/tracking-events', { limit: 500 }, signal),
  });
  const remove = useMutation({
    mutationFn: (id: number) => del(`/3.0/partner/tracking-events/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['partner', 'tracking-events'] }),
  });
  const rows = list.data?.tracking_events ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Tracking events</Title>
        <Group>
          <Button variant="default" onClick={() => list.refetch()} loading={list.isFetching}>
            Refresh
          </Button>
          <Button onClick={() => setEditing('new')} disabled={readOnly}>
            New tracking event
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        A tracking event calls its URL when one of your conversions is created or changes into one of its statuses.
      </Text>
      <FormError error={list.error ?? remove.error} />
      {rows.length === 0 ? (
        <Text>No tracking events yet.</Text>
      ) : (
        <Table striped aria-label="Tracking events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Scope</Table.Th>
              <Table.Th>Goals</Table.Th>
              <Table.Th>Statuses</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Last delivery</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id} data-testid={`event-${row.id}`}>
                <Table.Td>
                  {row.scope === 'global'
                    ? `All offers${row.offer_ids.length ? ` except ${row.offer_ids.map((id) => `#${id}`).join(', ')}` : ''}`
                    : `Offers ${row.offer_ids.map((id) => `#${id}`).join(', ')}`}
                </Table.Td>
                <Table.Td>{row.goals.length ? row.goals.join(', ') : 'All'}</Table.Td>
                <Table.Td>{row.statuses.join(', ')}</Table.Td>
                <Table.Td>
                  <code>{row.url}</code>
                </Table.Td>
                <Table.Td>
                  <LastDelivery event={row} />
                </Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Anchor component="button" type="button" onClick={() => setEditing(row)}>
                      {readOnly ? 'View' : 'Edit'}
                    </Anchor>
                    {!readOnly && (
                      <Anchor component="button" type="button" c={TONE.bad} onClick={() => remove.mutate(row.id)}>
                        Delete
                      </Anchor>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New tracking event' : 'Tracking event'}
        size="lg"
      >
        {editing !== null && (
          <EventForm
            key={editing === 'new' ? 'new' : editing.id}
            current={editing === 'new' ? null : editing}
            readOnly={readOnly}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}
