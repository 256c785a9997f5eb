/** The order a row renders, handed to its cells (TanStack rows hold only the key). */
import { createContext, useContext } from 'react';
import type { Order } from '../../preload/contract.ts';

export const RowOrderContext = createContext<Order | null>(null);

export function useRowOrder(): Order {
  const order = useContext(RowOrderContext);
  if (!order) throw new Error('cell rendered outside an order row');
  return order;
}
