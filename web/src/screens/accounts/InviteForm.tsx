/**
 * Invites a person (POST /3.0/admin/users): email, name, role (and the affiliate for an affiliate
 * account). The answer's one-time link (valid 72 hours) is shown to pass on; no mail is sent.
 */
import { Button, Group, NumberInput, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldError, post } from '../../api/client';
import type { User } from '../../api/types';
import { FormError } from '../../components/FormError';
import { OneTimeLink } from '../../components/OneTimeLink';

export const ROLE_OPTIONS = [
  { value: 'admin', label: 'Admin' },
  { value: 'manager', label: 'Manager' },
  { value: 'viewer', label: 'Viewer' },
  { value: 'affiliate', label: 'Affiliate' },
];

const FIELDS = ['email', 'name', 'role', 'affiliate_id'];

export function InviteForm() {
  const client = useQueryClient();
  const [form, setForm] = useState({ email: '', name: '', role: 'manager', affiliate_id: '' as string | number });
  const invite = useMutation({
    mutationFn: () =>
      post<User & { invite_url: string }>('/3.0/admin/users', {
        email: form.email,
        name: form.name,
        role: form.role,
        ...(form.role === 'affiliate'
          ? { affiliate_id: form.affiliate_id === '' ? null : Number(form.affiliate_id) }
          : {}),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="invite-title">
      <Title order={3} size="h4" id="invite-title" mb="sm">
        Invite a person
      </Title>
      <form onSubmit={submit}>
        <FormError error={invite.error} fields={FIELDS} />
        <Group align="start">
          <TextInput
            label="Email"
            type="email"
            required
            value={form.email}
            onChange={(event) => setForm({ ...form, email: event.currentTarget.value })}
            error={fieldError(invite.error, 'email')}
          />
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.currentTarget.value })}
            error={fieldError(invite.error, 'name')}
          />
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            value={form.role}
            onChange={(value) => value && setForm({ ...form, role: value })}
            error={fieldError(invite.error, 'role')}
            allowDeselect={false}
            w={140}
          />
          {form.role === 'affiliate' && (
            <NumberInput
              label="Affiliate ID"
              min={1}
              value={form.affiliate_id}
              onChange={(value) => setForm({ ...form, affiliate_id: value })}
              error={fieldError(invite.error, 'affiliate_id')}
              w={120}
            />
          )}
          <Button type="submit" mt={25} loading={invite.isPending}>
            Invite
          </Button>
        </Group>
      </form>
      {invite.data && (
        <Stack mt="sm" gap={4}>
          <OneTimeLink label={`One-time link for ${invite.data.email} (valid 72 hours)`} url={invite.data.invite_url} />
        </Stack>
      )}
    </Paper>
  );
}
