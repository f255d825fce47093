/**
 * The columns of the server postbacks log, as seed 003 lists them: offer, advertiser,
 * affiliate, click id, status, goal, action id, IP, date, delta, postback parameters, response.
 */
import { Anchor, Badge, UnstyledButton } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import type { ServerPostbackRecord } from '../../api/types';
import type { ColumnChoice } from '../../components/EditColumns';
import { dateTime, duration, statusName } from '../../format';
import { TONE } from '../../theme';

type Row = ServerPostbackRecord;

export const COLUMN_CHOICES: ColumnChoice[] = [
  { id: 'date', label: 'Date' },
  { id: 'offer', label: 'Offer' },
  { id: 'advertiser', label: 'Advertiser' },
  { id: 'affiliate', label: 'Affiliate' },
  { id: 'clickid', label: 'Click ID' },
  { id: 'status', label: 'Status' },
  { id: 'goal', label: 'Goal' },
  { id: 'action_id', label: 'Action ID' },
  { id: 'ip', label: 'IP' },
  { id: 'delta', label: 'Delta' },
  { id: 'integration', label: 'Integration' },
  { id: 'params', label: 'Postback parameters' },
  { id: 'response', label: 'Response' },
];

const label = (id: string) => COLUMN_CHOICES.find((choice) => choice.id === id)?.label ?? id;

export function serverPostbackColumns(open: (row: Row) => void): ColumnDef<Row, unknown>[] {
  return [
    { id: 'date', header: 'Date (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
    { id: 'offer', header: label('offer'), cell: ({ row }) => row.original.offer_id ?? '' },
    {
      id: 'advertiser',
      header: label('advertiser'),
      cell: ({ row }) => row.original.supplier?.title ?? row.original.advertiser_id ?? '',
    },
    { id: 'affiliate', header: label('affiliate'), cell: ({ row }) => row.original.affiliate_id ?? '' },
    {
      id: 'clickid',
      header: label('clickid'),
      cell: ({ row }) => <code>{row.original.clickid ?? row.original.params.clickid ?? ''}</code>,
    },
    { id: 'status', header: label('status'), cell: ({ row }) => statusName(row.original.status) },
    { id: 'goal', header: label('goal'), cell: ({ row }) => row.original.goal ?? '' },
    { id: 'action_id', header: label('action_id'), cell: ({ row }) => row.original.action_id ?? '' },
    { id: 'ip', header: label('ip'), cell: ({ row }) => row.original.ip },
    { id: 'delta', header: label('delta'), cell: ({ row }) => duration(row.original.delta) },
    { id: 'integration', header: label('integration'), cell: ({ row }) => row.original.integration.toUpperCase() },
    {
      id: 'params',
      header: label('params'),
      cell: ({ row }) => (
        <Anchor component="button" type="button" size="sm" onClick={() => open(row.original)}>
          {Object.keys(row.original.params).length} parameters
        </Anchor>
      ),
    },
    {
      id: 'response',
      header: label('response'),
      cell: ({ row }) => (
        <UnstyledButton onClick={() => open(row.original)} aria-label={`Response status:${row.original.result.status}`}>
          <Badge color={row.original.result.status === 1 ? TONE.good : TONE.bad} variant="filled" tt="none">
            status:{row.original.result.status}
          </Badge>
        </UnstyledButton>
      ),
    },
  ];
}
