// What every field of a step's form may need besides its own value, shared down the schema form without threading
// it through each level.
import { createContext, useContext } from 'react';
import type { Problem, UsableConnection } from '../../../../api/types';
import type { ReferenceOption } from '../model/types';
import type { UsableModel } from './types';

export interface PanelContextValue {
  /** The kind of the step edited (`llm`, `branch`…); special pickers are chosen by it. */
  kind: string;
  /** What `{{ }}` may refer to in this step. */
  references: ReferenceOption[];
  models: UsableModel[];
  connections: UsableConnection[];
  /** The steps a branch may choose: the others, except those it runs after (choosing one would make a cycle). */
  choosableSteps: { id: string; title: string }[];
  /** This step's problems, with paths inside the step (see localProblem). */
  problems: Problem[];
}

export const PanelContext = createContext<PanelContextValue>({
  kind: '',
  references: [],
  models: [],
  connections: [],
  choosableSteps: [],
  problems: [],
});

export function usePanel(): PanelContextValue {
  return useContext(PanelContext);
}
