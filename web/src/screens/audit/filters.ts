/** The filters of the audit log, by the API's parameter names. */
import { DATE_FIELDS, type FilterField } from '../../components/filter-fields';

export const AUDIT_FILTERS: FilterField[] = [
  ...DATE_FIELDS,
  { name: 'actor', label: 'Who', placeholder: 'email, admin_key, user:3' },
  { name: 'entity', label: 'Record', placeholder: 'offers, users…' },
  { name: 'entity_id', label: 'Record ID' },
];

export const AUDIT_KEYS = AUDIT_FILTERS.map((field) => field.name);
