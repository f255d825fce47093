/** The filters of the server postbacks log (seed 003), by the slice's parameter names. */
import { DATE_FIELDS, type FilterField } from '../../components/filter-fields';

export const SERVER_POSTBACK_FILTERS: FilterField[] = [
  { name: 'search', label: 'Search in parameters', placeholder: 'part of any value' },
  ...DATE_FIELDS,
  { name: 'click_id', label: 'Click ID' },
  { name: 'action_id', label: 'Action ID' },
  { name: 'goal', label: 'Goal' },
  { name: 'status', label: 'Status (as sent)' },
  {
    name: 'response_status',
    label: 'Response',
    kind: 'select',
    options: [
      { value: '1', label: 'status:1 (accepted)' },
      { value: '2', label: 'status:2 (refused)' },
    ],
  },
  { name: 'offer', label: 'Offer IDs', placeholder: '1, 2' },
  { name: 'supplier', label: 'Advertiser IDs', placeholder: '1, 2' },
  { name: 'partner', label: 'Affiliate IDs', placeholder: '1, 2' },
];

export const SERVER_POSTBACK_KEYS = SERVER_POSTBACK_FILTERS.map((field) => field.name);
