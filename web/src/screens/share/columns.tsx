/**
 * Columns of a shared slice, read-only: which set is used follows the rows (a server postback
 * carries `params`, an outbound postback a `url`, a conversion neither key).
 */
import type { ColumnDef } from '@tanstack/react-table';
import type { ConversionListRecord, OutboundPostbackListRecord, ServerPostbackRecord } from '../../api/types';
import { dateTime, statusName } from '../../format';

type Outbound = OutboundPostbackListRecord['postbacks'][number];
type Conversion = ConversionListRecord['conversions'][number];

export const serverColumns: ColumnDef<ServerPostbackRecord, unknown>[] = [
  { id: 'date', header: 'Date (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
  { id: 'offer', header: 'Offer', cell: ({ row }) => row.original.offer_id ?? '' },
  { id: 'clickid', header: 'Click ID', cell: ({ row }) => row.original.clickid ?? '' },
  { id: 'status', header: 'Status', cell: ({ row }) => statusName(row.original.status) },
  { id: 'goal', header: 'Goal', cell: ({ row }) => row.original.goal ?? '' },
  { id: 'action_id', header: 'Action ID', cell: ({ row }) => row.original.action_id ?? '' },
  { id: 'ip', header: 'IP', cell: ({ row }) => row.original.ip },
  {
    id: 'params',
    header: 'Postback parameters',
    cell: ({ row }) => (
      <code data-testid="shared-params">
        {Object.entries(row.original.params)
          .map(([name, value]) => `${name}=${value}`)
          .join(' ')}
      </code>
    ),
  },
  {
    id: 'response',
    header: 'Response',
    cell: ({ row }) =>
      `status:${row.original.result.status}${row.original.result.error ? ` ${row.original.result.error}` : ''}`,
  },
];

export const outboundColumns: ColumnDef<Outbound, unknown>[] = [
  { id: 'date', header: 'Date (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
  { id: 'conversion', header: 'Conversion ID', cell: ({ row }) => row.original.conversion_id },
  { id: 'offer', header: 'Offer', cell: ({ row }) => row.original.offer_id },
  { id: 'affiliate', header: 'Affiliate', cell: ({ row }) => row.original.affiliate_id },
  { id: 'goal', header: 'Goal', cell: ({ row }) => row.original.goal },
  { id: 'status', header: 'Status', cell: ({ row }) => row.original.status_name },
  { id: 'url', header: 'Postback URL', cell: ({ row }) => <code>{row.original.url}</code> },
  { id: 'http_code', header: 'HTTP code', cell: ({ row }) => row.original.http_code || '' },
  { id: 'error', header: 'Error', cell: ({ row }) => row.original.error ?? '' },
  { id: 'attempts', header: 'Attempts', cell: ({ row }) => row.original.attempts },
];

export const conversionColumns: ColumnDef<Conversion, unknown>[] = [
  { id: 'date', header: 'Date (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
  { id: 'id', header: 'Conversion ID', cell: ({ row }) => row.original.id },
  { id: 'offer', header: 'Offer', cell: ({ row }) => row.original.offer.title ?? row.original.offer_id },
  { id: 'affiliate', header: 'Affiliate', cell: ({ row }) => row.original.affiliate_id },
  { id: 'goal', header: 'Goal', cell: ({ row }) => row.original.goal },
  { id: 'status', header: 'Status', cell: ({ row }) => row.original.status },
  { id: 'action_id', header: 'Action ID', cell: ({ row }) => row.original.action_id },
];
