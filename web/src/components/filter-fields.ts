/**
 * What a list screen's filters are (FilterForm.tsx draws them): plain data, so that a route can
 * name its filter keys without loading the form.
 */

export interface FilterField {
  /** The API's parameter name (also the URL's). */
  name: string;
  label: string;
  kind?: 'text' | 'date' | 'select';
  /** For `select`: the choices; an "Any" choice (empty value) comes first. */
  options?: { value: string; label: string }[];
  placeholder?: string;
}

export const DATE_FIELDS: FilterField[] = [
  { name: 'date_from', label: 'From', kind: 'date' },
  { name: 'date_to', label: 'To', kind: 'date' },
];

export const STATUS_OPTIONS = [
  { value: 'approved', label: 'Approved' },
  { value: 'pending', label: 'Pending' },
  { value: 'declined', label: 'Declined' },
  { value: 'hold', label: 'Hold' },
];
