/**
 * The Products API's TypeScript client: openapi-fetch typed with the paths of the canonical
 * OpenAPI document (src/schema.ts, generated from docs/openapi.json by `make client-typescript`),
 * and a token helper that keeps a bearer token for it.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };
export type Schemas = components["schemas"];
export type ProductsApi = Client<paths>;

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** A grant the API refused: the HTTP status and the error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Schemas["ErrorEnvelope"] | undefined,
  ) {
    super(body ? `${status} ${body.error.code}: ${body.error.message}` : `HTTP ${status}`);
  }
}

/**
 * Access tokens for one API client: the client-credentials grant (POST /api/v1/auth/token),
 * renewed a minute before expiry with the single-use refresh token (POST /api/v1/auth/refresh),
 * or with a new grant when the refresh is refused. One renewal at a time: presenting a used
 * refresh token again would revoke its whole family.
 */
export class TokenManager {
  private grant: Schemas["TokenGrant"] | undefined;
  private expiresAt = 0;
  private renewal: Promise<Schemas["TokenGrant"]> | undefined;

  constructor(
    private readonly auth: ProductsApi,
    private readonly credentials: Credentials,
    private readonly marginMs = 60_000,
  ) {}

  async accessToken(): Promise<string> {
    if (this.grant && Date.now() < this.expiresAt - this.marginMs) {
      return this.grant.access_token;
    }
    this.renewal ??= this.renew().finally(() => {
      this.renewal = undefined;
    });
    return (await this.renewal).access_token;
  }

  async clientCredentials(): Promise<Schemas["TokenGrant"]> {
    const { clientId, clientSecret } = this.credentials;
    const body = { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret } as const;
    const { data, error, response } = await this.auth.POST("/api/v1/auth/token", { body });
    return this.keep(data?.data, error, response.status);
  }

  async refresh(): Promise<Schemas["TokenGrant"]> {
    if (!this.grant) {
      throw new Error("no refresh token: get a grant first");
    }
    const body = { grant_type: "refresh_token", refresh_token: this.grant.refresh_token } as const;
    const { data, error, response } = await this.auth.POST("/api/v1/auth/refresh", { body });
    return this.keep(data?.data, error, response.status);
  }

  private async renew(): Promise<Schemas["TokenGrant"]> {
    if (this.grant) {
      try {
        return await this.refresh();
      } catch {
        // A refresh token that expired or was revoked: start again from the credentials.
      }
    }
    return this.clientCredentials();
  }

  private keep(
    grant: Schemas["TokenGrant"] | undefined,
    error: Schemas["ErrorEnvelope"] | undefined,
    status: number,
  ): Schemas["TokenGrant"] {
    if (!grant) {
      throw new ApiError(status, error);
    }
    this.grant = grant;
    this.expiresAt = Date.now() + grant.expires_in * 1000;
    return grant;
  }
}

/** Middleware that sends `Authorization: Bearer <token>` with every request. */
export function bearer(tokens: TokenManager): Middleware {
  return {
    async onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${await tokens.accessToken()}`);
      return request;
    },
  };
}

/** A typed client for the API at baseUrl (no trailing /api/v1), authenticated as one API client. */
export function createProductsClient(
  baseUrl: string,
  credentials: Credentials,
): { api: ProductsApi; tokens: TokenManager } {
  const tokens = new TokenManager(createClient<paths>({ baseUrl }), credentials);
  const api = createClient<paths>({ baseUrl });
  api.use(bearer(tokens));
  return { api, tokens };
}
