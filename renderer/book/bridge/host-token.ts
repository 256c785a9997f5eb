/**
 * The browser host's access token arrives in the page address (`#token=…`). It is read once and then taken
 * out of the address bar and the history (a shared screen, a copied URL, a history entry would otherwise
 * carry it); this tab keeps it in sessionStorage, so a reload still connects and a new tab needs the link.
 */
import { tokenFromHash } from './browser.ts';

const STORAGE_KEY = 'blotter.hostToken';

export interface TokenPlace {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

export function takeHostToken(place: TokenPlace): string | null {
  const fromAddress = tokenFromHash(place.location.hash);
  if (fromAddress) {
    place.sessionStorage.setItem(STORAGE_KEY, fromAddress);
    place.history.replaceState(null, '', `${place.location.pathname}${place.location.search}`);
    return fromAddress;
  }
  return place.sessionStorage.getItem(STORAGE_KEY);
}
