// A link shown once (an invitation, a password reset, a share link), with a copy button.
import { Button, Group, Text, TextInput } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { TONE } from '../theme';

export function OneTimeLink({ label, url }: { label: string; url: string }) {
  const clipboard = useClipboard({ timeout: 4000 });
  return (
    <div>
      <Group align="end" wrap="nowrap">
        <TextInput label={label} value={url} readOnly style={{ flex: 1 }} placeholder="Making the link…" />
        <Button onClick={() => clipboard.copy(url)} disabled={!url} color={clipboard.copied ? TONE.good : undefined}>
          {clipboard.copied ? 'Copied' : 'Copy'}
        </Button>
      </Group>
      {clipboard.error && <Text c="red.9">Copying failed: select the link and copy it by hand.</Text>}
    </div>
  );
}
