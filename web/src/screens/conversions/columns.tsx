/** The columns of the conversions list (Affise's conversions slice, money included for staff). */
import { Anchor } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import type { ConversionListRecord } from '../../api/types';
import type { ColumnChoice } from '../../components/EditColumns';
import { dateTime, statusName } from '../../format';

export type ConversionRow = ConversionListRecord['conversions'][number];

export const CONVERSION_COLUMNS: ColumnChoice[] = [
  { id: 'date', label: 'Date' },
  { id: 'id', label: 'Conversion ID' },
  { id: 'clickid', label: 'Click ID' },
  { id: 'action_id', label: 'Action ID' },
  { id: 'offer', label: 'Offer' },
  { id: 'affiliate', label: 'Affiliate' },
  { id: 'goal', label: 'Goal' },
  { id: 'status', label: 'Status' },
  { id: 'decline_reason', label: 'Decline reason' },
  { id: 'payout', label: 'Payout' },
  { id: 'revenue', label: 'Revenue' },
  { id: 'country', label: 'Country' },
  { id: 'comment', label: 'Comment' },
];

const label = (id: string) => CONVERSION_COLUMNS.find((choice) => choice.id === id)?.label ?? id;
const money = (amount: number, currency: string) => `${amount.toFixed(2)} ${currency}`;

export const conversionColumns: ColumnDef<ConversionRow, unknown>[] = [
  { id: 'date', header: 'Date (UTC)', cell: ({ row }) => dateTime(row.original.created_at) },
  {
    id: 'id',
    header: label('id'),
    cell: ({ row }) => (
      <Anchor
        size="sm"
        renderRoot={(props) => <Link {...props} to="/conversions/$id" params={{ id: row.original.id }} />}
      >
        {row.original.id}
      </Anchor>
    ),
  },
  { id: 'clickid', header: label('clickid'), cell: ({ row }) => <code>{row.original.clickid}</code> },
  { id: 'action_id', header: label('action_id'), cell: ({ row }) => row.original.action_id },
  {
    id: 'offer',
    header: label('offer'),
    cell: ({ row }) => `${row.original.offer_id} ${row.original.offer.title ?? ''}`,
  },
  {
    id: 'affiliate',
    header: label('affiliate'),
    cell: ({ row }) => `${row.original.affiliate_id} ${row.original.partner.name ?? ''}`,
  },
  { id: 'goal', header: label('goal'), cell: ({ row }) => row.original.goal },
  { id: 'status', header: label('status'), cell: ({ row }) => statusName(row.original.status_code) },
  {
    id: 'decline_reason',
    header: label('decline_reason'),
    cell: ({ row }) => (row.original.decline_reason === 'cap_reached' ? 'cap reached' : ''),
  },
  { id: 'payout', header: label('payout'), cell: ({ row }) => money(row.original.payout, row.original.currency) },
  { id: 'revenue', header: label('revenue'), cell: ({ row }) => money(row.original.revenue, row.original.currency) },
  { id: 'country', header: label('country'), cell: ({ row }) => row.original.country ?? '' },
  { id: 'comment', header: label('comment'), cell: ({ row }) => row.original.comment ?? '' },
];
