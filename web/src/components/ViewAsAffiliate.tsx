/**
 * "View as affiliate" for the affiliate's page on the staff side: signs this staff session into
 * the affiliate portal as that affiliate, read-only (the server records it in the audit log),
 * until "Back to staff". Shown to admins and managers only: the server refuses everyone else.
 */
import { Button } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../api/client';
import { canWrite, useMe } from '../api/session';
import { FormError } from './FormError';

export function ViewAsAffiliate({ affiliateId }: { affiliateId: number }) {
  const me = useMe();
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: () => post(`/3.0/admin/affiliates/${affiliateId}/impersonate`),
    onSuccess: () => {
      client.clear();
      window.location.assign('/portal');
    },
  });
  if (!canWrite(me?.role)) return null;
  return (
    <>
      <FormError error={start.error} />
      <Button variant="default" onClick={() => start.mutate()} loading={start.isPending}>
        View as affiliate (read-only)
      </Button>
    </>
  );
}
