/**
 * First start: creates the first admin. Asks for the admin key (ADMIN_API_KEY, which only the
 * operator knows), then signs the new admin in.
 */
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { fieldError, post } from '../api/client';
import { setupQuery, signedIn } from '../api/session';
import type { SignedInRecord } from '../api/types';
import { FormError } from '../components/FormError';
import { PublicPage } from '../components/PublicPage';

const FIELDS = ['admin_key', 'email', 'name', 'password'] as const;

export function Setup() {
  const setup = useQuery(setupQuery);
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({ admin_key: '', email: '', name: '', password: '' });
  const create = useMutation({
    mutationFn: async () => {
      await post('/3.0/auth/setup', form);
      return post<SignedInRecord>('/3.0/auth/login', { email: form.email, password: form.password });
    },
    onSuccess: async (answer) => {
      client.setQueryData(setupQuery.queryKey, { needed: false });
      signedIn(client, answer);
      await navigate({ to: '/' });
    },
  });
  if (setup.data && !setup.data.needed && !create.isPending && !create.isSuccess) {
    return <Navigate to="/sign-in" search={{ next: undefined }} />;
  }
  const field = (name: (typeof FIELDS)[number]) => ({
    value: form[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setForm((current) => ({ ...current, [name]: value }));
    },
    error: fieldError(create.error, name),
    required: true,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <PublicPage
      title="Create the first admin"
      intro="No account exists yet. Enter the admin key this server was started with (ADMIN_API_KEY) to create the first admin account."
    >
      <form onSubmit={submit} noValidate>
        <FormError error={create.error} fields={FIELDS} />
        <Stack>
          <PasswordInput label="Admin key" autoComplete="off" {...field('admin_key')} autoFocus />
          <TextInput label="Your name" autoComplete="name" {...field('name')} />
          <TextInput label="Email" type="email" autoComplete="username" {...field('email')} />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            autoComplete="new-password"
            {...field('password')}
          />
          <Button type="submit" loading={create.isPending}>
            Create the admin and sign in
          </Button>
        </Stack>
      </form>
    </PublicPage>
  );
}
