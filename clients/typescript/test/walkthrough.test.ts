// The README's walk-through ("Walk-through: from token to product") with the typed client, against
// a running API: PRODUCTS_API_URL, and a tenant-wide API client (PRODUCTS_API_CLIENT_ID,
// PRODUCTS_API_CLIENT_SECRET) with products:read, products:write, inventory:write and
// categories:write in a tenant of its own. tests/http/test_typescript_client.py runs it:
//   node --import tsx --test clients/typescript/test/walkthrough.test.ts
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";

import createClient from "openapi-fetch";

import { createProductsClient, type paths, type ProductsApi } from "../src/index.js";

function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

const baseUrl = env("PRODUCTS_API_URL");
const credentials = { clientId: env("PRODUCTS_API_CLIENT_ID"), clientSecret: env("PRODUCTS_API_CLIENT_SECRET") };
const SCOPES = ["categories:write", "inventory:write", "products:read", "products:write"];

test("the README walk-through with the typed client", async () => {
  // 1. Get an access token: the client-credentials grant
  const auth = createClient<paths>({ baseUrl });
  const token = await auth.POST("/api/v1/auth/token", {
    body: { grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret },
  });
  assert.equal(token.response.status, 200, JSON.stringify(token.error));
  assert.ok(token.data);
  assert.equal(token.data.status, "success");
  assert.equal(token.data.data.token_type, "Bearer");
  assert.equal(token.data.data.expires_in, 3600);
  assert.deepEqual(token.data.data.scope.split(" ").sort(), SCOPES);
  assert.match(token.data.data.refresh_token, /^rt_/);

  // The client keeps its own token: a grant on the first request, then (7.) a refresh
  const { api, tokens } = createProductsClient(baseUrl, credentials);
  const first = await tokens.accessToken();
  const refreshed = await tokens.refresh();
  assert.notEqual(refreshed.access_token, first);
  assert.equal(await tokens.accessToken(), refreshed.access_token);

  // 11. Categories: a parent and a child
  const home = await api.POST("/api/v1/categories", { body: { name: "Home & Living" } });
  assert.equal(home.response.status, 201, JSON.stringify(home.error));
  assert.ok(home.data);
  const parent = home.data.data.item;
  assert.equal(parent.slug, "home-living");
  assert.equal(parent.parent_id, null);
  assert.equal(parent.product_count, 0);
  assert.equal(parent.version, 1);
  const made = await api.POST("/api/v1/categories", { body: { name: "Candles", parent_id: parent.id } });
  assert.equal(made.response.status, 201, JSON.stringify(made.error));
  assert.ok(made.data);
  const candles = made.data.data.item;
  assert.equal(candles.slug, "candles");
  assert.equal(candles.parent_id, parent.id);

  // 2. and 9. Products: one with variants (each its SKU, price and stock) in the category
  const shoe = await api.POST("/api/v1/products", {
    body: {
      name: "Trail Running Shoe",
      description: "Lightweight shoe for rocky trails",
      price: 129.99,
      currency: "USD",
      tags: ["shoes", "running"],
      attributes: { color: "blue", size: "42" },
      inventory: 25,
    },
  });
  assert.equal(shoe.response.status, 201, JSON.stringify(shoe.error));
  assert.ok(shoe.data);
  assert.equal(shoe.response.headers.get("ETag"), '"v1"');
  assert.deepEqual(shoe.data.data.item.inventory, { available: 25, reserved: 0, total: 25 });
  assert.deepEqual(shoe.data.data.item.attributes, { color: "blue", size: "42" });

  const serenity = await api.POST("/api/v1/products", {
    params: { header: { "Idempotency-Key": randomUUID() } },
    body: {
      name: "Serenity Candle",
      price: 24.99,
      low_stock_threshold: 5,
      category_id: candles.id,
      variants: [
        { name: "Small", sku: "SER-CAN-S", price: 24.99, inventory: 25 },
        { name: "Large", sku: "SER-CAN-L", price: 34.99, inventory: 20 },
      ],
    },
  });
  assert.equal(serenity.response.status, 201, JSON.stringify(serenity.error));
  assert.ok(serenity.data);
  const candle = serenity.data.data.item;
  assert.match(candle.id, /^prod_/);
  assert.equal(candle.category_id, candles.id);
  assert.equal(candle.customer_id, null); // the tenant's own product
  assert.equal(candle.stock_level, "in_stock");
  assert.deepEqual(candle.inventory, { available: 45, reserved: 0, total: 45 });
  assert.deepEqual(
    candle.variants.map(({ name, sku, price, inventory }) => ({ name, sku, price, inventory })),
    [
      { name: "Small", sku: "SER-CAN-S", price: 24.99, inventory: { available: 25, reserved: 0, total: 25 } },
      { name: "Large", sku: "SER-CAN-L", price: 34.99, inventory: { available: 20, reserved: 0, total: 20 } },
    ],
  );
  const large = candle.variants[1];
  assert.ok(large);
  assert.match(large.id, /^var_/);

  const lavender = await api.POST("/api/v1/products", {
    body: { name: "Lavender Candle", price: 19.5, category_id: candles.id },
  });
  assert.equal(lavender.response.status, 201, JSON.stringify(lavender.error));
  assert.ok(lavender.data);

  const children = await api.GET("/api/v1/categories", { params: { query: { parent_id: parent.id } } });
  assert.equal(children.response.status, 200, JSON.stringify(children.error));
  assert.ok(children.data);
  assert.deepEqual(
    children.data.data.items.map(({ id, product_count }) => ({ id, product_count })),
    [{ id: candles.id, product_count: 2 }],
  );

  // 9. and 12. Reserve 3 Large candles with an Idempotency-Key; the same call again replays
  const reserve = {
    params: { path: { product_id: candle.id }, header: { "Idempotency-Key": `order-${randomUUID()}-reserve` } },
    body: { operation: "reserve", quantity: 3, variant_id: large.id },
  } as const;
  const reserved = await api.POST("/api/v1/products/{product_id}/inventory", reserve);
  assert.equal(reserved.response.status, 200, JSON.stringify(reserved.error));
  assert.ok(reserved.data);
  assert.equal(reserved.response.headers.get("ETag"), '"v2"');
  assert.deepEqual(reserved.data.data.item.inventory, { available: 42, reserved: 3, total: 45 });
  assert.deepEqual(reserved.data.data.item.variants[1]?.inventory, { available: 17, reserved: 3, total: 20 });
  const replayed = await api.POST("/api/v1/products/{product_id}/inventory", reserve);
  assert.equal(replayed.response.status, 200, JSON.stringify(replayed.error));
  assert.equal(replayed.response.headers.get("Idempotent-Replayed"), "true");
  assert.deepEqual(replayed.data, reserved.data);

  // 4. List, newest first, two at a time: follow next_cursor to the end
  const listed: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await api.GET("/api/v1/products", { params: { query: { limit: 2, cursor } } });
    assert.equal(page.response.status, 200, JSON.stringify(page.error));
    assert.ok(page.data);
    pages += 1;
    const { items, pagination } = page.data.data;
    assert.ok(items.length <= 2);
    listed.push(...items.map((item) => item.id));
    cursor = pagination.next_cursor ?? undefined;
    assert.equal(pagination.has_next, cursor !== undefined);
    assert.equal(pagination.has_prev, pages > 1);
  } while (cursor);
  assert.equal(pages, 2);
  assert.deepEqual(
    [...listed].sort(),
    [shoe.data.data.item.id, candle.id, lavender.data.data.item.id].sort(),
  );
  const found = listed.includes(candle.id);
  assert.ok(found, `${candle.id} is not in the listing`);

  // 6. Delete it: a stale If-Match is refused, the current ETag deletes, then it is gone
  const product = { params: { path: { product_id: candle.id } } };
  const stale = await api.DELETE("/api/v1/products/{product_id}", {
    params: { ...product.params, header: { "If-Match": '"v1"' } },
  });
  assert.equal(stale.response.status, 412);
  assert.equal(stale.error?.error.code, "precondition_failed");
  const etag = reserved.response.headers.get("ETag") ?? "";
  const deleted = await api.DELETE("/api/v1/products/{product_id}", {
    params: { ...product.params, header: { "If-Match": etag } },
  });
  assert.equal(deleted.response.status, 200, JSON.stringify(deleted.error));
  assert.deepEqual(deleted.data?.data.item, { id: candle.id, deleted: true });
  const gone = await api.GET("/api/v1/products/{product_id}", product);
  assert.equal(gone.response.status, 404);
  assert.equal(gone.error?.error.code, "not_found");
});

// Never called: tsc (`make http`'s type check) must refuse what docs/openapi.json does not allow.
export function refusedByTheDocument(api: ProductsApi): void {
  const path = { product_id: "prod_x" };
  // @ts-expect-error: "hold" is not a stock operation
  void api.POST("/api/v1/products/{product_id}/inventory", { params: { path }, body: { operation: "hold", quantity: 1 } });
  // @ts-expect-error: a stock operation needs a quantity
  void api.POST("/api/v1/products/{product_id}/inventory", { params: { path }, body: { operation: "reserve" } });
  // @ts-expect-error: a product needs a name
  void api.POST("/api/v1/products", { body: { price: 1 } });
  // @ts-expect-error: a variant's price is a number
  void api.POST("/api/v1/products", { body: { name: "x", price: 1, variants: [{ name: "S", price: "1" }] } });
  void api.GET("/api/v1/products").then(({ data, error }) => {
    // @ts-expect-error: a page's pagination has no `cursor` (it is `next_cursor`)
    void data?.data.pagination.cursor;
    // @ts-expect-error: "gone" is not an error code of the document
    void (error?.error.code === "gone");
  });
}
