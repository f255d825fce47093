/**
 * The shell's navigation: one entry per screen, with the roles that see it. The server refuses
 * what a role may not call anyway; hiding the entry keeps a viewer from meeting a dead end.
 */
import type { Role } from '../api/types';

export interface NavEntry {
  label: string;
  to: string;
  roles: readonly Role[];
  group: string;
}

const STAFF: readonly Role[] = ['admin', 'manager', 'viewer'];
const ADMIN: readonly Role[] = ['admin'];

export const NAV: readonly NavEntry[] = [
  { group: 'Overview', label: 'Dashboard', to: '/', roles: STAFF },
  { group: 'Catalog', label: 'Offers', to: '/offers', roles: STAFF },
  { group: 'Catalog', label: 'Advertisers', to: '/advertisers', roles: STAFF },
  { group: 'Catalog', label: 'Affiliates', to: '/affiliates', roles: STAFF },
  { group: 'Statistics', label: 'Statistics', to: '/statistics', roles: STAFF },
  { group: 'Statistics', label: 'Trafficback', to: '/trafficback', roles: STAFF },
  { group: 'Statistics', label: 'Conversions', to: '/conversions', roles: STAFF },
  { group: 'Logs', label: 'Server postbacks', to: '/logs/server-postbacks', roles: STAFF },
  { group: 'Logs', label: 'Affiliate postbacks', to: '/logs/affiliate-postbacks', roles: STAFF },
  { group: 'Logs', label: 'Cross-postbacks', to: '/logs/cross-postbacks', roles: STAFF },
  { group: 'Admin', label: 'Accounts', to: '/accounts', roles: ADMIN },
  { group: 'Admin', label: 'Audit log', to: '/audit', roles: ADMIN },
];

export const navFor = (role: Role) => NAV.filter((entry) => entry.roles.includes(role));
