import type { Client } from 'openapi-fetch';
import type { ApiClient } from './client';
import type { AuthMethods, OidcSettings, OidcSettingsRequest } from './types';

// The single sign-on endpoints, described by hand until `docs/openapi.json` has them (then this file goes
// and callers use the generated paths through the ordinary client).

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };

export interface OidcPaths {
  '/api/v1/auth/methods': {
    parameters: NoParameters;
    get: { parameters: NoParameters; requestBody?: never; responses: { 200: Json<AuthMethods> } };
  };
  '/api/v1/settings/oidc': {
    parameters: NoParameters;
    get: {
      parameters: NoParameters;
      requestBody?: never;
      responses: { 200: Json<OidcSettings>; 401: Json<ErrorBody>; 403: Json<ErrorBody> };
    };
    put: {
      parameters: NoParameters;
      requestBody: { content: { 'application/json': OidcSettingsRequest } };
      responses: {
        200: Json<OidcSettings>;
        400: Json<ErrorBody>;
        401: Json<ErrorBody>;
        403: Json<ErrorBody>;
        404: Json<ErrorBody>;
        422: Json<ErrorBody>;
      };
    };
  };
}

/** The same client (same CSRF and session handling), typed for the single sign-on endpoints. */
export function oidcClient(client: ApiClient): Client<OidcPaths> {
  return client as unknown as Client<OidcPaths>;
}

/** Where the browser goes to sign in through the identity provider, coming back to `returnTo` (a Paddock path). */
export function oidcStartUrl(returnTo: string): string {
  return `/api/v1/auth/oidc/start?return_to=${encodeURIComponent(returnTo)}`;
}

/** The redirect URI to register at the identity provider. */
export function oidcRedirectUri(): string {
  return `${window.location.origin}/api/v1/auth/oidc/callback`;
}
