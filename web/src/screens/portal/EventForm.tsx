/**
 * Adding or changing a tracking event by seed 002's rules: the source is the affiliate itself
 * (fixed), the scope is every offer (later ones too) less the excluded ones, or only the chosen
 * offers; the conversion types (goals); the statuses, chosen at creation and not editable
 * afterwards; the URL, requested with GET, its macros checked as typed.
 */
import { Button, Checkbox, Group, MultiSelect, Radio, Stack, TagsInput, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldError, patch, post } from '../../api/client';
import { FormError } from '../../components/FormError';
import { MacroUrlInput } from './MacroUrlInput';
import { useOfferChoices } from './offer-choices';
import { STATUS_CHOICES, type PartnerTrackingEvent } from './types';

const FIELDS = ['scope', 'offer_ids', 'goals', 'statuses', 'url'];

export function EventForm({
  current,
  readOnly,
  onDone,
}: {
  current: PartnerTrackingEvent | null;
  readOnly: boolean;
  onDone: () => void;
}) {
  const client = useQueryClient();
  const offers = useOfferChoices();
  const [scope, setScope] = useState<'global' | 'offer'>(current?.scope ?? 'global');
  const [offerIds, setOfferIds] = useState<string[]>((current?.offer_ids ?? []).map(String));
  const [goals, setGoals] = useState<string[]>(current?.goals ?? []);
  const [statuses, setStatuses] = useState<string[]>(current?.statuses ?? []);
  const [url, setUrl] = useState(current?.url ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = { scope, offer_ids: offerIds.map(Number), goals, url };
      return current
        ? patch(`/3.0/partner/tracking-events/${current.id}`, body)
        : post('/3.0/partner/tracking-events', { ...body, statuses });
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['partner', 'tracking-events'] });
      onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={current ? 'Change the tracking event' : 'New tracking event'}>
      <Stack gap="sm">
        <FormError error={save.error} fields={FIELDS} />
        <Text size="sm">Source: your own conversions.</Text>
        <Radio.Group
          label="Scope"
          value={scope}
          onChange={(value) => setScope(value === 'offer' ? 'offer' : 'global')}
          error={fieldError(save.error, 'scope')}
        >
          <Group mt={4}>
            <Radio value="global" label="All offers, including future ones" />
            <Radio value="offer" label="Only chosen offers" />
          </Group>
        </Radio.Group>
        <MultiSelect
          label={scope === 'global' ? 'Excluded offers' : 'Offers'}
          data={offers}
          value={offerIds}
          onChange={setOfferIds}
          searchable
          error={fieldError(save.error, 'offer_ids')}
        />
        <TagsInput
          label="Conversion types (goals)"
          description="Empty: every goal"
          value={goals}
          onChange={setGoals}
          error={fieldError(save.error, 'goals')}
        />
        <Checkbox.Group
          label="Statuses"
          description={current ? 'Chosen at creation; not editable' : 'At least one; cannot be changed later'}
          value={statuses}
          onChange={setStatuses}
          error={fieldError(save.error, 'statuses')}
        >
          <Group mt={4}>
            {STATUS_CHOICES.map((status) => (
              <Checkbox key={status.value} value={status.value} label={status.label} disabled={current !== null} />
            ))}
          </Group>
        </Checkbox.Group>
        <MacroUrlInput label="URL (GET)" value={url} onChange={setUrl} serverError={fieldError(save.error, 'url')} />
        <Group justify="end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={readOnly}>
            {current ? 'Save changes' : 'Create tracking event'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
