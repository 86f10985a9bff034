// Types the panels share with the canvas: what GET /api/v1/step-kinds and GET /api/v1/workspaces/{slug}/models answer.
import type { StepKindView } from '../../../../api/types';

/**
 * A JSON Schema, as far as the panels read one. Schemas come from the server (step kinds, connection actions) and
 * may hold anything else JSON Schema allows; what is not listed here is left alone.
 */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  [keyword: string]: unknown;
}

/** A step kind with its schemas as objects (the generated API type says `Record<string, never>`). */
export type StepKind = StepKindView & { with_schema: JsonSchema; output_schema: JsonSchema };

/** A model the workspace's builders may pick: one entry of GET /api/v1/workspaces/{slug}/models. */
export interface UsableModel {
  name: string;
  description: string;
  provider: string;
  /** The most sensitive data it may receive: `internal`, `confidential/pii`, `restricted/*`. */
  clearance: string;
  /** Whether it can be called now; a remote model IT has not finished setting up cannot. */
  ready: boolean;
}
