// One server postback opened: every parameter it carried, and the answer the sender got.
import { Badge, Code, Modal, Stack, Table, Text, Title } from '@mantine/core';
import type { ServerPostbackRecord } from '../../api/types';
import { dateTime } from '../../format';
import { TONE } from '../../theme';

export function PostbackDetail({ row, onClose }: { row: ServerPostbackRecord | null; onClose: () => void }) {
  return (
    <Modal opened={row !== null} onClose={onClose} title="Server postback" size="lg">
      {row && (
        <Stack>
          <Text size="sm">
            Received {dateTime(row.created_at)} UTC from {row.ip} ({row.integration.toUpperCase()})
          </Text>
          <Title order={3} size="h5">
            Postback parameters
          </Title>
          <Table withTableBorder aria-label="Postback parameters">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Parameter</Table.Th>
                <Table.Th scope="col">Value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.entries(row.params).map(([name, value]) => (
                <Table.Tr key={name}>
                  <Table.Td>
                    <code>{name}</code>
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={3} size="h5">
            Response{' '}
            <Badge color={row.result.status === 1 ? TONE.good : TONE.bad} variant="filled" tt="none">
              status:{row.result.status}
            </Badge>
          </Title>
          {row.result.error && (
            <Text c="red.9" data-testid="response-error">
              {row.result.error}
            </Text>
          )}
          <Code block>{row.response}</Code>
        </Stack>
      )}
    </Modal>
  );
}
