/** The filters of the affiliate postbacks and cross-postbacks logs, by the slices' parameter names. */
import { DATE_FIELDS, type FilterField, STATUS_OPTIONS } from '../../components/filter-fields';

export const OUTBOUND_FILTERS: FilterField[] = [
  ...DATE_FIELDS,
  { name: 'offer', label: 'Offer IDs', placeholder: '1, 2' },
  { name: 'partner', label: 'Affiliate IDs', placeholder: '1, 2' },
  { name: 'goal', label: 'Goal' },
  { name: 'status', label: 'Conversion status', kind: 'select', options: STATUS_OPTIONS },
  { name: 'http_code', label: 'HTTP code', placeholder: '0: no answer' },
];

export const AFFILIATE_POSTBACK_FILTERS: FilterField[] = [
  ...OUTBOUND_FILTERS,
  {
    name: 'type',
    label: 'Type',
    kind: 'select',
    options: [
      { value: 'postback', label: 'Postback' },
      { value: 'tracking_event', label: 'Tracking event' },
    ],
  },
];

export const OUTBOUND_KEYS = AFFILIATE_POSTBACK_FILTERS.map((field) => field.name);
