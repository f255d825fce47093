/**
 * The affiliate portal's routes, under `/portal`: for an `affiliate` account, or a staff session
 * viewing the portal as an affiliate. router.tsx hangs the tree off its root. Each screen is
 * loaded on demand; the filters and the page of a list live in the URL.
 */
import { type AnyRoute, createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import type { QueryClient } from '@tanstack/react-query';
import { inPortal, meQuery, setupQuery } from '../../api/session';
import { day, oneOf, text, tidy, whole } from '../../search';
import { PortalShell } from './PortalShell';

const GROUPS = [
  'day',
  'offer',
  'goal',
  'country',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
  'sub6',
  'sub7',
  'sub8',
] as const;

/** The filters and page of a portal list, as the URL holds them. */
const listSearch = (search: Record<string, unknown>) =>
  tidy({
    page: whole(search.page),
    limit: whole(search.limit),
    date_from: day(search.date_from),
    date_to: day(search.date_to),
    offer: text(search.offer),
    status: text(search.status),
    goal: text(search.goal),
  });

export function portalRoutes<Root extends AnyRoute>(rootRoute: Root) {
  const portalRoute = createRoute({
    getParentRoute: () => rootRoute,
    path: '/portal',
    beforeLoad: async ({ context, location }) => {
      const { queryClient } = context as { queryClient: QueryClient };
      const me = await queryClient.ensureQueryData(meQuery);
      if (!me) {
        const setup = await queryClient.ensureQueryData(setupQuery);
        if (setup.needed) throw redirect({ to: '/setup' });
        throw redirect({ to: '/sign-in', search: { next: location.href } });
      }
      if (!inPortal(me)) throw redirect({ to: '/' });
      return { me };
    },
    component: PortalShell,
  });

  const offersRoute = createRoute({
    getParentRoute: () => portalRoute,
    path: '/',
    validateSearch: (search: Record<string, unknown>) => tidy({ q: text(search.q), page: whole(search.page) }),
    component: lazyRouteComponent(() => import('./Offers'), 'Offers'),
  });

  const offerRoute = createRoute({
    getParentRoute: () => portalRoute,
    path: '/offers/$offerId',
    component: lazyRouteComponent(() => import('./OfferDetail'), 'OfferDetail'),
  });

  const statisticsRoute = createRoute({
    getParentRoute: () => portalRoute,
    path: '/statistics',
    validateSearch: (search: Record<string, unknown>) =>
      tidy({
        group: oneOf(search.group, GROUPS),
        date_from: day(search.date_from),
        date_to: day(search.date_to),
        offer: text(search.offer),
      }),
    component: lazyRouteComponent(() => import('./Statistics'), 'Statistics'),
  });

  const conversionsRoute = createRoute({
    getParentRoute: () => portalRoute,
    path: '/conversions',
    validateSearch: listSearch,
    component: lazyRouteComponent(() => import('./Conversions'), 'Conversions'),
  });

  const conversionRoute = createRoute({
    getParentRoute: () => portalRoute,
    path: '/conversions/$conversionId',
    component: lazyRouteComponent(() => import('./ConversionDetail'), 'ConversionDetail'),
  });

  const postbacksRoute = createRoute({
    getParentRoute: () => portalRoute,
    path: '/postbacks',
    component: lazyRouteComponent(() => import('./Postbacks'), 'Postbacks'),
  });

  const eventsRoute = createRoute({
    getParentRoute: () => portalRoute,
    path: '/tracking-events',
    component: lazyRouteComponent(() => import('./TrackingEvents'), 'TrackingEvents'),
  });

  const logRoute = createRoute({
    getParentRoute: () => portalRoute,
    path: '/log',
    validateSearch: listSearch,
    component: lazyRouteComponent(() => import('./OutboundLog'), 'PortalLog'),
  });

  const apiKeyRoute = createRoute({
    getParentRoute: () => portalRoute,
    path: '/api-key',
    component: lazyRouteComponent(() => import('./ApiKey'), 'ApiKey'),
  });

  return portalRoute.addChildren([
    offersRoute,
    offerRoute,
    statisticsRoute,
    conversionsRoute,
    conversionRoute,
    postbacksRoute,
    eventsRoute,
    logRoute,
    apiKeyRoute,
  ]);
}

export const STAT_GROUPS = GROUPS;
export type StatGroup = (typeof GROUPS)[number];
