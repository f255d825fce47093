/**
 * The tracking link builder: an offer's click link for any affiliate, with optional sub1..sub8
 * values, ready to copy and hand to the affiliate.
 */
import { Button, Code, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { useState } from 'react';

const SUBS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5', 'sub6', 'sub7', 'sub8'];

/** The click link of an offer for an affiliate (subs left out when empty). */
export function trackingLink(origin: string, offerId: number, affiliateId: string, subs: Record<string, string>) {
  const url = new URL('/click', origin);
  url.searchParams.set('offer_id', String(offerId));
  url.searchParams.set('pid', affiliateId);
  for (const sub of SUBS) if (subs[sub]?.trim()) url.searchParams.set(sub, subs[sub].trim());
  return url.href;
}

export function LinkBuilder({
  offerId,
  affiliates,
}: {
  offerId: number;
  affiliates: { value: string; label: string }[];
}) {
  const [affiliate, setAffiliate] = useState<string | null>(null);
  const [subs, setSubs] = useState<Record<string, string>>({});
  const clipboard = useClipboard({ timeout: 4000 });
  const link = affiliate ? trackingLink(window.location.origin, offerId, affiliate, subs) : '';
  return (
    <Stack>
      <Select
        label="Affiliate"
        placeholder="Choose the affiliate"
        data={affiliates}
        searchable
        value={affiliate}
        onChange={setAffiliate}
        maw={420}
      />
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        {SUBS.map((sub) => (
          <TextInput
            key={sub}
            label={sub}
            value={subs[sub] ?? ''}
            onChange={(event) => setSubs({ ...subs, [sub]: event.currentTarget.value })}
          />
        ))}
      </SimpleGrid>
      {link ? (
        <Group align="center" wrap="nowrap">
          <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="tracking-link">
            {link}
          </Code>
          <Button onClick={() => clipboard.copy(link)} color={clipboard.copied ? 'teal.9' : undefined}>
            {clipboard.copied ? 'Copied' : 'Copy link'}
          </Button>
        </Group>
      ) : (
        <Text c="dimmed">Choose an affiliate to see its link.</Text>
      )}
    </Stack>
  );
}
