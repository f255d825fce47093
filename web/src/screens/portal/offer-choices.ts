// The offers the affiliate may run, as choices for a select (up to 1000, newest first).
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client';
import type { PartnerOfferList } from './types';

export function useOfferChoices(): { value: string; label: string }[] {
  const offers = useQuery({
    queryKey: ['partner', 'offers', 'choices'],
    queryFn: ({ signal }) => get<PartnerOfferList>('/3.0/partner/offers', { limit: 1000 }, signal),
    staleTime: 60_000,
  });
  return (offers.data?.offers ?? []).map((offer) => ({
    value: String(offer.id),
    label: `${offer.title} #${offer.id}`,
  }));
}
