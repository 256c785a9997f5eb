/** The workflow store and its actions, handed to the blotter's components. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Commands } from './commands.ts';
import type { WorkflowActions, WorkflowState, WorkflowStore } from './store.ts';

export interface WorkflowServices {
  store: WorkflowStore;
  actions: WorkflowActions;
  commands: Commands;
}

export const WorkflowContext = createContext<WorkflowServices | null>(null);

export function useWorkflowServices(): WorkflowServices {
  const services = useContext(WorkflowContext);
  if (!services) throw new Error('WorkflowContext is not provided');
  return services;
}

export function useWorkflow<T>(selector: (state: WorkflowState) => T): T {
  return useStore(useWorkflowServices().store, selector);
}
