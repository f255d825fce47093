/**
 * The affiliate's postback URLs (`/3.0/partner/postback-urls`): global or per offer, with goal
 * and status filters; add, change, delete, and test any URL. What they sent is in the outbound log.
 */
import { Anchor, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get } from '../../api/client';
import { FormError } from '../../components/FormError';
import { PostbackForm } from './PostbackForm';
import { useReadOnly } from './PortalShell';
import { TONE } from '../../theme';
import type { PostbackUrl, PostbackUrlList } from './types';

export function Postbacks() {
  const client = useQueryClient();
  const readOnly = useReadOnly();
  const [editing, setEditing] = useState<PostbackUrl | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['partner', 'postback-urls'],
    queryFn: ({ signal }) => get<PostbackUrlList>('/3.0/partner/postback-urls', { limit: 1000 }, signal),
  });
  const remove = useMutation({
    mutationFn: (id: number) => del(`/3.0/partner/postback-urls/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['partner', 'postback-urls'] }),
  });
  const rows = list.data?.postbacks ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Postbacks</Title>
        <Button onClick={() => setEditing('new')} disabled={readOnly}>
          Add postback
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        A conversion fires your postbacks for its offer when you have any, else your global ones, filtered by goal and
        status.
      </Text>
      <FormError error={list.error ?? remove.error} />
      {rows.length === 0 ? (
        <Text>No postbacks yet.</Text>
      ) : (
        <Table striped aria-label="Postbacks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>For</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Goals</Table.Th>
              <Table.Th>Statuses</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{row.offer_id === null ? 'Global' : `Offer #${row.offer_id}`}</Table.Td>
                <Table.Td>
                  {row.method} <code>{row.url}</code>
                </Table.Td>
                <Table.Td>{row.goals.length ? row.goals.join(', ') : 'All'}</Table.Td>
                <Table.Td>{row.statuses.length ? row.statuses.join(', ') : 'All'}</Table.Td>
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
        title={editing === 'new' ? 'New postback' : 'Postback'}
        size="xl"
      >
        {editing !== null && (
          <PostbackForm
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
