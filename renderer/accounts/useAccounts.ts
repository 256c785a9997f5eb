/**
 * The accounts dialog's data: the settings list from main, fetched when the
 * dialog opens and after every change. Connection states come from the
 * blotter store (they change on their own), not from here.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AccountsState } from '../../preload/contract.ts';
import { useServices } from '../book/context.ts';

export interface AccountsData {
  state: AccountsState | null;
  /** Why the last load failed, until one succeeds. */
  error: string | null;
  refresh(): Promise<void>;
}

export function useAccounts(): AccountsData {
  const { api } = useServices();
  const [state, setState] = useState<AccountsState | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await api.accounts.list();
    if (result.ok) {
      setState(result.value);
      setError(null);
    } else {
      setError(result.error.message);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { state, error, refresh };
}
