/**
 * Every route of the console, declared in code (TanStack Router's code-based routing): the
 * public pages (sign-in, first-admin setup, accepting an invitation, a share link) and, under
 * `staff`, the screens of the shell, which need a signed-in staff account. Each screen is loaded
 * on demand (`lazyRouteComponent`), so the first load carries only the shell.
 *
 * Adding a screen: write `screens/<name>.tsx` exporting a component, add a route below (with
 * `validateSearch` when its filters live in the URL) and an entry in layout/nav.ts.
 */
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { inPortal, isStaff, meQuery, setupQuery } from './api/session';
import { AUDIT_KEYS } from './screens/audit/filters';
import { CONVERSION_KEYS } from './screens/conversions/filters';
import { OUTBOUND_KEYS } from './screens/outbound-log/filters';
import { SERVER_POSTBACK_KEYS } from './screens/server-postbacks/filters';
import { validateReportSearch } from './screens/statistics/report';
import { filterSearch, oneOf, pagingSearch, text, tidy } from './search';
import { NotFound } from './components/NotFound';
import { portalRoutes } from './screens/portal/routes';
import { Shell } from './layout/Shell';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>) => ({ next: text(search.next) }),
  beforeLoad: async ({ context }) => {
    const setup = await context.queryClient.ensureQueryData(setupQuery);
    if (setup.needed) throw redirect({ to: '/setup' });
  },
  component: lazyRouteComponent(() => import('./screens/SignIn'), 'SignIn'),
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  component: lazyRouteComponent(() => import('./screens/Setup'), 'Setup'),
});

const acceptRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/accept',
  validateSearch: (search: Record<string, unknown>) => ({ token: text(search.token) }),
  component: lazyRouteComponent(() => import('./screens/Accept'), 'Accept'),
});

/** The shell: every route below needs a signed-in staff account. */
export const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'staff',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me) {
      const setup = await context.queryClient.ensureQueryData(setupQuery);
      if (setup.needed) throw redirect({ to: '/setup' });
      const next = location.href === '/' ? undefined : location.href;
      throw redirect({ to: '/sign-in', search: { next } });
    }
    if (inPortal(me)) throw redirect({ to: '/portal' });
    if (!isStaff(me.role)) throw redirect({ to: '/sign-in', search: { next: undefined } });
    return { me };
  },
  component: Shell,
});

const homeRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  validateSearch: (search: Record<string, unknown>) =>
    tidy({ period: oneOf(search.period, ['today', 'yesterday', '7d', '30d'] as const) }),
  component: lazyRouteComponent(() => import('./screens/dashboard/Dashboard'), 'Dashboard'),
});

const serverPostbacksRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/logs/server-postbacks',
  validateSearch: filterSearch(SERVER_POSTBACK_KEYS),
  component: lazyRouteComponent(() => import('./screens/server-postbacks/ServerPostbacks'), 'ServerPostbacks'),
});

const conversionsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/conversions',
  validateSearch: filterSearch(CONVERSION_KEYS),
  component: lazyRouteComponent(() => import('./screens/conversions/Conversions'), 'Conversions'),
});

const conversionRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/conversions/$id',
  component: lazyRouteComponent(() => import('./screens/conversion/ConversionDetail'), 'ConversionDetail'),
});

const affiliatePostbacksRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/logs/affiliate-postbacks',
  validateSearch: filterSearch(OUTBOUND_KEYS),
  component: lazyRouteComponent(() => import('./screens/outbound-log/OutboundLog'), 'AffiliatePostbacks'),
});

const crossPostbacksRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/logs/cross-postbacks',
  validateSearch: filterSearch(OUTBOUND_KEYS),
  component: lazyRouteComponent(() => import('./screens/outbound-log/OutboundLog'), 'CrossPostbacks'),
});

/** Admin screens: the shell's check, then the role. */
const adminOnly = ({ context }: { context: { me: { role: string } } }) => {
  if (context.me.role !== 'admin') throw redirect({ to: '/' });
};

const accountsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/accounts',
  beforeLoad: adminOnly,
  validateSearch: pagingSearch,
  component: lazyRouteComponent(() => import('./screens/accounts/Accounts'), 'Accounts'),
});

const auditRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/audit',
  beforeLoad: adminOnly,
  validateSearch: filterSearch(AUDIT_KEYS),
  component: lazyRouteComponent(() => import('./screens/audit/Audit'), 'Audit'),
});

const offersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/offers',
  validateSearch: pagingSearch,
  component: lazyRouteComponent(() => import('./screens/offers/Offers'), 'Offers'),
});

const offerRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/offers/$offerId',
  component: lazyRouteComponent(() => import('./screens/offers/OfferEditor'), 'OfferEditor'),
});

const advertisersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/advertisers',
  validateSearch: pagingSearch,
  component: lazyRouteComponent(() => import('./screens/advertisers/Advertisers'), 'Advertisers'),
});

const affiliatesRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/affiliates',
  validateSearch: pagingSearch,
  component: lazyRouteComponent(() => import('./screens/affiliates/Affiliates'), 'Affiliates'),
});

const affiliateRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/affiliates/$affiliateId',
  component: lazyRouteComponent(() => import('./screens/affiliates/Affiliate'), 'Affiliate'),
});

const statisticsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/statistics',
  validateSearch: validateReportSearch,
  component: lazyRouteComponent(() => import('./screens/statistics/Statistics'), 'Statistics'),
});

const trafficbackRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/trafficback',
  validateSearch: validateReportSearch,
  component: lazyRouteComponent(() => import('./screens/statistics/Trafficback'), 'Trafficback'),
});

/** A share link opened in a browser: the read-only view of its slice, no account needed. */
const shareRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/share/$token',
  validateSearch: pagingSearch,
  component: lazyRouteComponent(() => import('./screens/share/SharedSlice'), 'SharedSlice'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  setupRoute,
  acceptRoute,
  shareRoute,
  portalRoutes(rootRoute),
  staffRoute.addChildren([
    homeRoute,
    serverPostbacksRoute,
    conversionsRoute,
    conversionRoute,
    affiliatePostbacksRoute,
    crossPostbacksRoute,
    accountsRoute,
    auditRoute,
    offersRoute,
    offerRoute,
    advertisersRoute,
    affiliatesRoute,
    affiliateRoute,
    statisticsRoute,
    trafficbackRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
