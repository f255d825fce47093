/**
 * The frame of the affiliate portal: a header with the account and "Sign out", the portal's
 * navigation, and, when a staff member is viewing the portal as an affiliate, a banner saying
 * so (read-only) with "Back to staff". A "Skip to content" link comes first for keyboard users.
 */
import { AppShell, Burger, Button, Group, NavLink, Paper, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { post } from '../../api/client';
import { signOut, useMe } from '../../api/session';

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
  const [opened, { toggle }] = useDisclosure();
  const client = useQueryClient();
  const navigate = useNavigate();
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
    <AppShell
      padding="md"
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
            <Title order={1} size="h4">
              Trackpost · Affiliate portal
            </Title>
          </Group>
          <Group>
            <Text size="sm" c="dimmed" data-testid="who">
              {viewing ? `${me.name} viewing as ${viewing.affiliate_name}` : `${me.name} · affiliate`}
            </Text>
            <Button
              variant="subtle"
              size="xs"
              onClick={async () => {
                await signOut(client);
                await navigate({ to: '/sign-in', search: { next: undefined } });
              }}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Portal">
        <ScrollArea>
          {NAV.map((entry) => (
            <NavLink
              key={entry.to}
              component={Link}
              to={entry.to}
              label={entry.label}
              active={active(entry.to)}
              aria-current={active(entry.to) ? 'page' : undefined}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main">
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
      </AppShell.Main>
    </AppShell>
  );
}

/** True when the page must not offer changes (staff viewing as an affiliate). */
export function useReadOnly(): boolean {
  return useMe()?.as_affiliate !== undefined;
}
