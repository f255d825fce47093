/**
 * The custom report's choices: slices (in order), dates, time zone and filters (comma-separated
 * ids or values). Applied on "Show" or Enter into the URL; a refusal naming a parameter is shown
 * by its field.
 */
import { Button, Checkbox, Group, MultiSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { datesOf, FILTERS, type ReportSearch, SLICES, slicesOf } from './report';

const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
if (!ZONES.includes('UTC')) ZONES.unshift('UTC');

const FILTER_LABELS: Record<keyof typeof FILTERS, string> = {
  offer: 'Offer ids',
  affiliate: 'Affiliate ids',
  advertiser: 'Advertiser ids',
  country: 'Countries',
  goal: 'Goals',
  currency: 'Currencies',
};

/** The refusal's text when it names `parameter` (the report's errors name filter[x] or slice). */
const errorFor = (error: unknown, parameter: string) =>
  error instanceof ApiError && error.message.includes(parameter) ? error.message : undefined;

export function ReportForm({
  search,
  error,
  onApply,
  trafficback = false,
}: {
  /** The trafficback report takes no slices and filters only by offer, affiliate, advertiser, country. */
  trafficback?: boolean;
  search: ReportSearch;
  error: unknown;
  onApply: (search: ReportSearch) => void;
}) {
  const initial = () => ({ ...search, ...datesOf(search), slice: slicesOf(search).join(',') });
  const [form, setForm] = useState<ReportSearch>(initial);
  const key = JSON.stringify(search);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the URL's content
  useEffect(() => setForm(initial()), [key]);
  const set = (change: Partial<ReportSearch>) => setForm((current) => ({ ...current, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { page: _page, ...rest } = form;
    onApply(rest);
  };
  return (
    <form onSubmit={submit} aria-label="Report">
      <SimpleGrid cols={{ base: 2, md: 4, lg: 6 }} spacing="xs" verticalSpacing="xs">
        {!trafficback && (
          <MultiSelect
            label="Slices"
            data={[...SLICES]}
            value={(form.slice ?? '').split(',').filter(Boolean)}
            onChange={(value) => set({ slice: value.join(',') })}
            error={errorFor(error, 'slice')}
            style={{ gridColumn: 'span 2' }}
          />
        )}
        <TextInput
          label="From"
          type="date"
          value={form.date_from ?? ''}
          onChange={(event) => set({ date_from: event.currentTarget.value })}
          error={errorFor(error, 'date_from') ?? errorFor(error, 'Date range')}
        />
        <TextInput
          label="To"
          type="date"
          value={form.date_to ?? ''}
          onChange={(event) => set({ date_to: event.currentTarget.value })}
          error={errorFor(error, 'date_to')}
        />
        <Select
          label="Time zone"
          data={ZONES}
          searchable
          value={form.timezone ?? 'UTC'}
          onChange={(value) => set({ timezone: value && value !== 'UTC' ? value : undefined })}
          error={errorFor(error, 'timezone')}
        />
        {(Object.keys(FILTERS) as (keyof typeof FILTERS)[])
          .filter((name) => !trafficback || !['goal', 'currency'].includes(name))
          .map((name) => (
            <TextInput
              key={name}
              label={FILTER_LABELS[name]}
              placeholder="all"
              value={form[name] ?? ''}
              onChange={(event) => set({ [name]: event.currentTarget.value })}
              error={errorFor(error, FILTERS[name])}
            />
          ))}
      </SimpleGrid>
      <Group mt="xs">
        {!trafficback && (
          <Checkbox
            label="Only rows with conversions"
            checked={form.nonzero === '1'}
            onChange={(event) => set({ nonzero: event.currentTarget.checked ? '1' : undefined })}
          />
        )}
        <Button type="submit">Show</Button>
      </Group>
    </form>
  );
}
