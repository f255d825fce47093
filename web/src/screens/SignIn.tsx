/**
 * Signing in: email and password (and the second-factor code when the server asks for it). A
 * refusal shows the server's own text: "Wrong email or password", or after too many failures
 * "Too many attempts, try again in N minutes".
 */
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, fieldError, post } from '../api/client';
import { signedIn } from '../api/session';
import type { SignedInRecord } from '../api/types';
import { FormError } from '../components/FormError';
import { PublicPage } from '../components/PublicPage';

const route = getRouteApi('/sign-in');

export function SignIn() {
  const { next } = route.useSearch();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const login = useMutation({
    mutationFn: () => post<SignedInRecord>('/3.0/auth/login', { email, password, ...(needsCode ? { totp } : {}) }),
    onSuccess: async (answer) => {
      signedIn(client, answer);
      if (answer.user.role === 'affiliate') window.location.assign('/');
      else await navigate({ to: next?.startsWith('/') ? next : '/' });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.message === 'Second factor required') setNeedsCode(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  return (
    <PublicPage title="Sign in">
      <form onSubmit={submit} noValidate>
        <FormError error={login.error} fields={['email', 'password', 'totp']} />
        <Stack>
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={fieldError(login.error, 'email')}
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={fieldError(login.error, 'password')}
          />
          {needsCode && (
            <TextInput
              label="Code from your authenticator app"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={totp}
              onChange={(event) => setTotp(event.currentTarget.value)}
              error={fieldError(login.error, 'totp')}
            />
          )}
          <Button type="submit" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </PublicPage>
  );
}
