/**
 * The frame of the affiliate portal (layout/Frame.tsx, as the staff console's) with the portal's
 * navigation and, when a staff member is viewing the portal as an affiliate, a banner saying so
 * (read-only) with "Back to staff".
 */
import { Button, Group, Paper, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { post } from '../../api/client';
import { useMe } from '../../api/session';
import { Frame, NavEntry } from '../../layout/Frame';

const NAV = [
  { label: 'Offers', to: '/portal' },
  { label: 'Statistics', to: '/portal/statistics' },
  { label: 'Conversions', to: '/portal/conversions' },
  { label: 'Postbacks', to: '/portal/postbacks' },
  { label: 'Tracking events', to: '/portal/tracking-events' },
  { label: 'Outbound log', to: '/portal/log' },
  { label: 'API key', to: '/portal/api-key' },
] as const;

export function PortalShell() {
  const me = useMe();
  const client = useQueryClient();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (!me) return null;
  const viewing = me.as_affiliate;
  const active = (to: string) =>
    to === '/portal' ? pathname === '/portal' || pathname.startsWith('/portal/offers') : pathname.startsWith(to);
  const backToStaff = async () => {
    await post('/3.0/auth/impersonation/end');
    client.clear();
    window.location.assign('/');
  };
  return (
    <Frame
      title="Trackpost · Affiliate portal"
      who={viewing ? `${me.name} viewing as ${viewing.affiliate_name}` : `${me.name} · affiliate`}
      navLabel="Portal"
      nav={NAV.map((entry) => <NavEntry key={entry.to} to={entry.to} label={entry.label} active={active(entry.to)} />)}
    >
      {viewing && (
        <Paper
          withBorder
          p="sm"
          mb="md"
          bg="yellow.1"
          data-testid="viewing-as"
          role="region"
          aria-label="Read-only view"
        >
          <Group justify="space-between">
            <Text size="sm" c="dark.9">
              <strong>Read-only view.</strong> You are viewing the portal as affiliate {viewing.affiliate_name} (#
              {viewing.affiliate_id}). Changes are refused.
            </Text>
            <Button size="xs" variant="filled" onClick={backToStaff}>
              Back to staff
            </Button>
          </Group>
        </Paper>
      )}
      <Outlet />
    </Frame>
  );
}

/** True when the page must not offer changes (staff viewing as an affiliate). */
export function useReadOnly(): boolean {
  return useMe()?.as_affiliate !== undefined;
}
