// What the portal shows for a record that is not the affiliate's (or does not exist): the API answers 404 for both.
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';

export function PortalNotFound({ what }: { what: string }) {
  return (
    <Stack>
      <Title order={2}>Not found</Title>
      <Text>
        There is no {what} at this address among yours.{' '}
        <Anchor component={Link} to="/portal">
          Back to your offers
        </Anchor>
        .
      </Text>
    </Stack>
  );
}
