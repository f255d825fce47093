/**
 * "Send a test postback": one request to the URL as typed, macros filled with sample values,
 * through the server's delivery path (its address guard included), and the receiver's answer
 * shown: HTTP code and the start of its body, or why nothing was sent.
 */
import { Button, Code, Paper, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { post } from '../../api/client';
import { FormError } from '../../components/FormError';
import { TONE } from '../../theme';
import type { PostbackTest } from './types';

export function TestPostback({ url, method, disabled }: { url: string; method: 'GET' | 'POST'; disabled?: boolean }) {
  const test = useMutation({ mutationFn: () => post<PostbackTest>('/3.0/partner/postback-test', { url, method }) });
  const answer = test.data;
  const delivered = answer?.outcome === 'answered' && answer.http_code < 300;
  return (
    <Stack gap="xs">
      <Button
        variant="default"
        onClick={() => test.mutate()}
        loading={test.isPending}
        disabled={disabled || !url.trim()}
      >
        Send a test postback
      </Button>
      <FormError error={test.error} />
      {answer && (
        <Paper withBorder p="sm" data-testid="test-answer" role="status">
          <Text size="sm" fw={700} c={delivered ? TONE.good : TONE.bad}>
            Test postback {delivered ? 'delivered' : 'not delivered'}
          </Text>
          <Text size="sm">
            {answer.method} <Code>{answer.url}</Code>
          </Text>
          {answer.outcome === 'answered' ? (
            <Text size="sm">
              Receiver answered HTTP {answer.http_code} in {answer.duration_ms} ms
              {answer.body ? (
                <>
                  : <Code>{answer.body}</Code>
                </>
              ) : null}
            </Text>
          ) : (
            <Text size="sm">Not delivered: {answer.error}</Text>
          )}
        </Paper>
      )}
    </Stack>
  );
}
