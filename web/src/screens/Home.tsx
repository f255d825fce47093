// The dashboard's place in the shell; its figures and chart come with the statistics screens.
import { Text, Title } from '@mantine/core';
import { useMe } from '../api/session';

export function Home() {
  const me = useMe();
  return (
    <>
      <Title order={2}>Dashboard</Title>
      <Text mt="sm">Signed in as {me?.email}. Pick a screen in the navigation.</Text>
    </>
  );
}
