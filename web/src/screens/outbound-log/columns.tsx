/**
 * The columns of the affiliate postbacks and cross-postbacks logs (seed 003's list: postback
 * URL, conversion, affiliate, offer, goal, status, payouts, revenue, currency, notice, HTTP
 * code, error, date, integration type), with the delivery state and attempts.
 */
import { Anchor, Badge } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import type { OutboundPostbackListRecord } from '../../api/types';
import type { ColumnChoice } from '../../components/EditColumns';
import { dateTime } from '../../format';
import { TONE } from '../../theme';

export type OutboundRow = OutboundPostbackListRecord['postbacks'][number];

export const OUTBOUND_COLUMNS: ColumnChoice[] = [
  { id: 'date', label: 'Date' },
  { id: 'url', label: 'Postback URL' },
  { id: 'conversion', label: 'Conversion ID' },
  { id: 'affiliate', label: 'Affiliate' },
  { id: 'offer', label: 'Offer' },
  { id: 'goal', label: 'Goal' },
  { id: 'status', label: 'Status' },
  { id: 'payouts', label: 'Payouts' },
  { id: 'revenue', label: 'Revenue' },
  { id: 'currency', label: 'Currency' },
  { id: 'notice', label: 'Notice' },
  { id: 'http_code', label: 'HTTP code' },
  { id: 'error', label: 'Error' },
  { id: 'state', label: 'State' },
  { id: 'attempts', label: 'Attempts' },
  { id: 'integration', label: 'Integration type' },
];

const label = (id: string) => OUTBOUND_COLUMNS.find((choice) => choice.id === id)?.label ?? id;

export const STATE_COLORS: Record<string, string> = {
  delivered: TONE.good,
  failed: TONE.bad,
  skipped: TONE.neutral,
  retrying: TONE.warn,
  pending: TONE.info,
};

export function outboundColumns(open: (row: OutboundRow) => void): ColumnDef<OutboundRow, unknown>[] {
  return [
    { id: 'date', header: 'Date (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
    {
      id: 'url',
      header: label('url'),
      cell: ({ row }) => (
        <Anchor component="button" type="button" size="sm" onClick={() => open(row.original)} ff="monospace">
          {row.original.method} {row.original.url.length > 60 ? `${row.original.url.slice(0, 60)}…` : row.original.url}
        </Anchor>
      ),
    },
    {
      id: 'conversion',
      header: label('conversion'),
      cell: ({ row }) => (
        <Anchor
          size="sm"
          renderRoot={(props) => <Link {...props} to="/conversions/$id" params={{ id: row.original.conversion_id }} />}
        >
          {row.original.conversion_id}
        </Anchor>
      ),
    },
    { id: 'affiliate', header: label('affiliate'), cell: ({ row }) => row.original.affiliate_id },
    { id: 'offer', header: label('offer'), cell: ({ row }) => row.original.offer_id },
    { id: 'goal', header: label('goal'), cell: ({ row }) => row.original.goal },
    { id: 'status', header: label('status'), cell: ({ row }) => row.original.status_name },
    { id: 'payouts', header: label('payouts'), cell: ({ row }) => row.original.payouts },
    { id: 'revenue', header: label('revenue'), cell: ({ row }) => row.original.revenue },
    { id: 'currency', header: label('currency'), cell: ({ row }) => row.original.currency },
    { id: 'notice', header: label('notice'), cell: ({ row }) => row.original.notice ?? '' },
    { id: 'http_code', header: label('http_code'), cell: ({ row }) => row.original.http_code || '' },
    { id: 'error', header: label('error'), cell: ({ row }) => row.original.error ?? '' },
    {
      id: 'state',
      header: label('state'),
      cell: ({ row }) => (
        <Badge color={STATE_COLORS[row.original.state]} variant="filled" tt="none">
          {row.original.state}
        </Badge>
      ),
    },
    { id: 'attempts', header: label('attempts'), cell: ({ row }) => row.original.attempts },
    { id: 'integration', header: label('integration'), cell: ({ row }) => row.original.integration },
  ];
}
