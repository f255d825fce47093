/**
 * The affiliate's API key: a new one on request (the old one stops working at once), shown this
 * once with a copy button; only its hash is kept, so it cannot be shown again.
 */
import { Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { post } from '../../api/client';
import { FormError } from '../../components/FormError';
import { useReadOnly } from './PortalShell';
import type { NewApiKey } from './types';

export function ApiKey() {
  const readOnly = useReadOnly();
  const renew = useMutation({ mutationFn: () => post<NewApiKey>('/3.0/partner/api-key', {}) });
  return (
    <Stack gap="sm" maw={720}>
      <Title order={2}>API key</Title>
      <Text>
        Your key calls the affiliate API (<Code>/3.0/partner/…</Code>) in the <Code>API-Key</Code> header. It is shown
        once, when made; a new key replaces the old one at once.
      </Text>
      <FormError error={renew.error} />
      {renew.data ? (
        <Paper withBorder p="sm" role="status">
          <Text fw={700} mb="xs">
            Your new key (shown once)
          </Text>
          <Group>
            <Code data-testid="new-key">{renew.data.api_key}</Code>
            <CopyButton value={renew.data.api_key}>
              {({ copied, copy }) => (
                <Button size="xs" onClick={copy}>
                  {copied ? 'Copied' : 'Copy key'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Paper>
      ) : (
        <Group>
          <Button color="red.9" onClick={() => renew.mutate()} loading={renew.isPending} disabled={readOnly}>
            Make a new key
          </Button>
        </Group>
      )}
    </Stack>
  );
}
