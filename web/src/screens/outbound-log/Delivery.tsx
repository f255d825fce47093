/**
 * One outbound request opened (GET /3.0/admin/outbound/:id): its URL, state, every attempt with
 * its HTTP code, error and duration, and "Resend" (POST …/resend, which makes it due now) for
 * those who may change things.
 */
import { Badge, Button, Code, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../api/client';
import { canWrite, useMe } from '../../api/session';
import type { OutboundDetailRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { dateTime } from '../../format';
import { STATE_COLORS } from './columns';

export function Attempts({ id }: { id: string }) {
  const me = useMe();
  const client = useQueryClient();
  const detail = useQuery({
    queryKey: ['outbound', id],
    queryFn: ({ signal }) => get<OutboundDetailRecord>(`/3.0/admin/outbound/${encodeURIComponent(id)}`, {}, signal),
  });
  const resend = useMutation({
    mutationFn: () => post(`/3.0/admin/outbound/${encodeURIComponent(id)}/resend`),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['outbound', id] });
      client.invalidateQueries({ queryKey: ['stats'] });
    },
  });
  const row = detail.data;
  if (!row) return <FormError error={detail.error} />;
  return (
    <Stack gap="xs">
      <Code block>
        {row.method} {row.url}
      </Code>
      <Group gap="xs">
        <Badge color={STATE_COLORS[row.state]} variant="filled" tt="none">
          {row.state}
        </Badge>
        <Text size="sm">
          {row.attempts} {row.attempts === 1 ? 'attempt' : 'attempts'}
          {row.next_attempt_at && `; next ${dateTime(row.next_attempt_at)} UTC`}
        </Text>
        {canWrite(me?.role) && (
          <Button size="xs" variant="default" onClick={() => resend.mutate()} loading={resend.isPending}>
            Resend
          </Button>
        )}
        {resend.isSuccess && (
          <Text size="sm" role="status">
            Queued again
          </Text>
        )}
      </Group>
      <FormError error={resend.error} />
      {row.attempt_log.length > 0 && (
        <Table withTableBorder aria-label={`Attempts of ${row.id}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Attempt</Table.Th>
              <Table.Th scope="col">Date (UTC)</Table.Th>
              <Table.Th scope="col">HTTP code</Table.Th>
              <Table.Th scope="col">Error</Table.Th>
              <Table.Th scope="col">Duration</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {row.attempt_log.map((attempt) => (
              <Table.Tr key={attempt.attempt}>
                <Table.Td>{attempt.attempt}</Table.Td>
                <Table.Td>{dateTime(attempt.date)}</Table.Td>
                <Table.Td>{attempt.http_code || 'no answer'}</Table.Td>
                <Table.Td>{attempt.error ?? ''}</Table.Td>
                <Table.Td>{Math.round(attempt.duration_ms)} ms</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function DeliveryModal({ id, onClose }: { id: string | null; onClose: () => void }) {
  return (
    <Modal opened={id !== null} onClose={onClose} title="Outbound postback" size="xl">
      {id && <Attempts id={id} />}
    </Modal>
  );
}
