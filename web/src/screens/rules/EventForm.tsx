/**
 * Adding or changing a tracking event, the same on the staff affiliate page (admin API) and in
 * the portal (affiliate API): the source is the affiliate (fixed); the scope is every offer
 * (later ones too) less the excluded ones, or only the chosen offers; the conversion types
 * (goals); the statuses, chosen at creation and not editable afterwards; the URL, requested
 * with GET, its macros checked as typed.
 */
import { Checkbox, Group, MultiSelect, Radio, Stack, TagsInput, Text } from '@mantine/core';
import type { QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldError, patch, post } from '../../api/client';
import type { TrackingEventRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { type Choice, STATUS_CHOICES } from './choices';
import { FormButtons, RuleUrlInput, useSaveRule } from './editing';

const FIELDS = ['scope', 'offer_ids', 'goals', 'statuses', 'url'];

export interface EventFormProps {
  /** The collection's API path: POST to it, PATCH `path/id`. */
  path: string;
  /** The list to refresh after a save. */
  queryKey: QueryKey;
  /** Fields a new event is created with beyond the form's (the admin API's `affiliate_id`). */
  fixed?: Record<string, unknown>;
  /** Whose conversions fire it, as the reader should see it. */
  source: string;
  offers: Choice[];
  current: TrackingEventRecord | null;
  readOnly: boolean;
  onDone: () => void;
}

export function EventForm({ path, queryKey, fixed, source, offers, current, readOnly, onDone }: EventFormProps) {
  const [scope, setScope] = useState<'global' | 'offer'>(current?.scope ?? 'global');
  const [offerIds, setOfferIds] = useState<string[]>((current?.offer_ids ?? []).map(String));
  const [goals, setGoals] = useState<string[]>(current?.goals ?? []);
  const [statuses, setStatuses] = useState<string[]>(current?.statuses ?? []);
  const [url, setUrl] = useState(current?.url ?? '');
  const { save, submit } = useSaveRule(
    queryKey,
    () => {
      const body = { scope, offer_ids: offerIds.map(Number), goals, url };
      return current ? patch(`${path}/${current.id}`, body) : post(path, { ...fixed, ...body, statuses });
    },
    onDone,
  );
  return (
    <form onSubmit={submit} aria-label={current ? 'Change the tracking event' : 'New tracking event'}>
      <Stack gap="sm">
        <FormError error={save.error} fields={FIELDS} />
        <Text size="sm">Source: {source}.</Text>
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
        <RuleUrlInput label="URL (GET)" value={url} onChange={setUrl} error={save.error} />
        <Group justify="end">
          <FormButtons
            onCancel={onDone}
            pending={save.isPending}
            readOnly={readOnly}
            label={current ? 'Save changes' : 'Create tracking event'}
          />
        </Group>
      </Stack>
    </form>
  );
}
