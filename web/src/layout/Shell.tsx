/**
 * The frame around every staff screen: a header with the account and "Sign out", and the
 * navigation of layout/nav.ts filtered by the account's role. A "Skip to content" link comes
 * first for keyboard users.
 */
import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { signOut, useMe } from '../api/session';
import { navFor } from './nav';

export function Shell() {
  const me = useMe();
  const [opened, { toggle }] = useDisclosure();
  const client = useQueryClient();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  if (!me) return null;
  const entries = navFor(me.role);
  const groups = [...new Set(entries.map((entry) => entry.group))];
  return (
    <AppShell
      padding="md"
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
            <Title order={1} size="h4">
              Trackpost
            </Title>
          </Group>
          <Group>
            <Text size="sm" c="dimmed" data-testid="who">
              {me.name} · {me.role}
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
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        <ScrollArea>
          {groups.map((group) => (
            <div key={group}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="sm" pb={4}>
                {group}
              </Text>
              {entries
                .filter((entry) => entry.group === group)
                .map((entry) => (
                  <NavLink
                    key={entry.to}
                    component={Link}
                    to={entry.to}
                    label={entry.label}
                    variant="filled"
                    active={entry.to === '/' ? pathname === '/' : pathname.startsWith(entry.to)}
                    aria-current={
                      (entry.to === '/' ? pathname === '/' : pathname.startsWith(entry.to)) ? 'page' : undefined
                    }
                  />
                ))}
            </div>
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
