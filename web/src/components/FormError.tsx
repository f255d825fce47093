// The message of a refused form that names none of its fields, announced to screen readers.
import { Alert } from '@mantine/core';
import { formError } from '../api/client';

export function FormError({ error, fields = [] }: { error: unknown; fields?: readonly string[] }) {
  const message = formError(error, fields);
  if (!message) return null;
  return (
    <Alert color="red" role="alert" mb="md" data-testid="form-error">
      {message}
    </Alert>
  );
}
