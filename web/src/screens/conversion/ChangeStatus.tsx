// Changes one conversion's status and comment (PATCH /3.0/admin/conversions/:id); errors by their field.
import { Button, Group, Select, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldError, patch } from '../../api/client';
import type { ConversionRecord } from '../../api/types';
import { FormError } from '../../components/FormError';
import { STATUS_OPTIONS } from '../../components/filter-fields';

export function ChangeStatus({ conversion }: { conversion: ConversionRecord }) {
  const client = useQueryClient();
  const [status, setStatus] = useState<string>(conversion.status);
  const [comment, setComment] = useState(conversion.comment ?? '');
  const save = useMutation({
    mutationFn: () =>
      patch<ConversionRecord>(`/3.0/admin/conversions/${encodeURIComponent(conversion.id)}`, { status, comment }),
    onSuccess: (changed) => {
      client.setQueryData(['conversion', conversion.id], changed);
      client.invalidateQueries({ queryKey: ['stats'] });
      client.invalidateQueries({ queryKey: ['story', conversion.id] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Change the conversion">
      <FormError error={save.error} fields={['status', 'comment']} />
      <Group align="start">
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          value={status}
          onChange={(value) => value && setStatus(value)}
          error={fieldError(save.error, 'status')}
          allowDeselect={false}
          w={160}
        />
        <TextInput
          label="Comment"
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          error={fieldError(save.error, 'comment')}
          w={320}
        />
        <Button type="submit" mt={25} loading={save.isPending}>
          Save
        </Button>
      </Group>
    </form>
  );
}
