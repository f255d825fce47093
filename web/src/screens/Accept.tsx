/**
 * The page an invitation or password-reset link opens (`/accept?token=…`): the person chooses a
 * password and is signed in.
 */
import { Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { fieldError, post } from '../api/client';
import { signedIn } from '../api/session';
import type { SignedInRecord } from '../api/types';
import { FormError } from '../components/FormError';
import { PublicPage } from '../components/PublicPage';

const route = getRouteApi('/accept');

export function Accept() {
  const { token } = route.useSearch();
  const client = useQueryClient();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const accept = useMutation({
    mutationFn: () => post<SignedInRecord>('/3.0/auth/accept', { token, password }),
    onSuccess: (answer) => {
      signedIn(client, answer);
      // A full load: the account may be an affiliate's, whose pages are not the staff shell.
      window.location.assign('/');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password === repeat) accept.mutate();
  };
  return (
    <PublicPage title="Choose your password" intro="This link works once. Choose a password of at least 10 characters.">
      <form onSubmit={submit} noValidate>
        <FormError error={accept.error} fields={['password']} />
        <Stack>
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={fieldError(accept.error, 'password')}
            autoFocus
          />
          <PasswordInput
            label="Repeat the password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(event) => setRepeat(event.currentTarget.value)}
            error={mismatch ? 'The two passwords differ' : undefined}
          />
          <Button type="submit" loading={accept.isPending} disabled={!token}>
            Set the password and sign in
          </Button>
        </Stack>
      </form>
    </PublicPage>
  );
}
