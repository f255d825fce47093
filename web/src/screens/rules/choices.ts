// What the postback and tracking-event forms pick from, shared by the staff page and the portal.

export interface Choice {
  value: string;
  label: string;
}

export const STATUS_CHOICES: Choice[] = [
  { value: 'approved', label: 'Approved' },
  { value: 'pending', label: 'Pending' },
  { value: 'declined', label: 'Declined' },
  { value: 'hold', label: 'Hold' },
];

export const URL_HINT = 'Macros such as {clickid}, {status}, {payout}, {sub1}';
