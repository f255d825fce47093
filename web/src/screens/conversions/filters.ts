/** The filters of the conversions list, by the conversions slice's parameter names. */
import { DATE_FIELDS, type FilterField, STATUS_OPTIONS } from '../../components/filter-fields';

export const CONVERSION_FILTERS: FilterField[] = [
  ...DATE_FIELDS,
  { name: 'status', label: 'Status', kind: 'select', options: STATUS_OPTIONS },
  { name: 'offer', label: 'Offer IDs', placeholder: '1, 2' },
  { name: 'partner', label: 'Affiliate IDs', placeholder: '1, 2' },
  { name: 'advertiser', label: 'Advertiser IDs', placeholder: '1, 2' },
  { name: 'country', label: 'Countries', placeholder: 'DE, FR' },
  { name: 'goal', label: 'Goal' },
  { name: 'action_id', label: 'Action ID' },
  { name: 'clickid', label: 'Click ID' },
  {
    name: 'decline_reason',
    label: 'Decline reason',
    kind: 'select',
    options: [
      { value: 'cap_reached', label: 'Cap reached' },
      { value: 'none', label: 'None' },
    ],
  },
];

export const CONVERSION_KEYS = CONVERSION_FILTERS.map((field) => field.name);
