/**
 * The filters above a list: labelled fields by the API's parameter names, applied on "Apply" or
 * Enter. The screen puts the values in its URL; an API refusal that names a filter is shown by
 * that field.
 */
import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { fieldError } from '../api/client';
import type { FilterField } from './filter-fields';

export function FilterForm({
  fields,
  values,
  error,
  onApply,
}: {
  fields: readonly FilterField[];
  /** The values in force (from the URL, dates filled with their defaults). */
  values: Record<string, string | undefined>;
  error: unknown;
  onApply: (values: Record<string, string>) => void;
}) {
  const initial = () => Object.fromEntries(fields.map((field) => [field.name, values[field.name] ?? '']));
  const [form, setForm] = useState<Record<string, string>>(initial);
  const key = JSON.stringify(values);
  // Another URL (back, forward, a link) shows its own filters.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the values' content, not their identity
  useEffect(() => setForm(initial()), [key]);
  const set = (name: string, value: string) => setForm((current) => ({ ...current, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(Object.fromEntries(Object.entries(form).filter(([, value]) => value.trim() !== '')));
  };
  return (
    <form onSubmit={submit} aria-label="Filters">
      <SimpleGrid cols={{ base: 2, md: 4, lg: 6 }} spacing="xs" verticalSpacing="xs">
        {fields.map((field) =>
          field.kind === 'select' ? (
            <Select
              key={field.name}
              label={field.label}
              data={[{ value: '', label: 'Any' }, ...(field.options ?? [])]}
              value={form[field.name] ?? ''}
              onChange={(value) => set(field.name, value ?? '')}
              error={fieldError(error, field.name)}
              allowDeselect={false}
            />
          ) : (
            <TextInput
              key={field.name}
              label={field.label}
              type={field.kind === 'date' ? 'date' : 'text'}
              value={form[field.name] ?? ''}
              onChange={(event) => set(field.name, event.currentTarget.value)}
              error={fieldError(error, field.name)}
              placeholder={field.placeholder}
            />
          ),
        )}
        <Group align="end">
          <Button type="submit">Apply</Button>
        </Group>
      </SimpleGrid>
    </form>
  );
}
