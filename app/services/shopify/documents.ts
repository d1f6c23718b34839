/**
 * Every GraphQL document Inbound sends to Shopify, as named constants in one place, so that
 * tests/integration/gateway-documents.test.ts can validate each against Shopify's real schema
 * (tests/shopify). Only the gateway imports this module.
 *
 * Their result and variable types are generated from these `#graphql` strings against that
 * schema (`npm run graphql-codegen` → app/types/admin.generated.d.ts), keyed by each document's
 * exact text: a document built from a fragment is `as const` so that its type is that text too.
 */

export const SHOP_QUERY = `#graphql
  query InboundShop {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
  }
`;

export const LOCATIONS_QUERY = `#graphql
  query InboundLocations($first: Int!) {
    locations(first: $first) {
      nodes {
        id
        name
        isActive
      }
    }
  }
`;

const VARIANT_FIELDS = `#graphql
  fragment InboundVariant on ProductVariant {
    id
    title
    displayName
    sku
    barcode
    product {
      id
      title
      vendor
    }
    inventoryItem {
      id
      unitCost {
        amount
        currencyCode
      }
    }
  }
`;

export const VARIANT_SEARCH_QUERY = `#graphql
  ${VARIANT_FIELDS}
  query InboundVariantSearch($first: Int!, $query: String) {
    productVariants(first: $first, query: $query) {
      nodes {
        ...InboundVariant
      }
    }
  }
`;

// The resource picker's page of products (the demo's App Bridge stand-in; Shopify's own picker
// reads the shop itself): each with its variants, as the picker's selection payload needs them.
// Within the single-query cost limit (1 000) at 15 products a page with up to 50 variants each.
export const MAX_PRODUCTS_PER_PICKER_PAGE = 15;
export const PRODUCT_PICKER_QUERY = `#graphql
  query InboundProductPicker($first: Int!, $after: String, $query: String) {
    products(first: $first, after: $after, query: $query) {
      nodes {
        id
        title
        handle
        vendor
        status
        tags
        variants(first: 50) {
          nodes {
            id
            title
            displayName
            sku
            barcode
            price
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
` as const;

export const VARIANTS_BY_ID_QUERY = `#graphql
  ${VARIANT_FIELDS}
  query InboundVariantsById($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ...InboundVariant
    }
  }
` as const;

// Inventory changes for a purchase order (incoming, or received goods into available). Shopify
// requires the idempotency key (2026-04+); it is the staged effect's id, so a retry can never
// apply the change twice.
export const ADJUST_QUANTITIES_MUTATION = `#graphql
  mutation InboundAdjustQuantities($input: InventoryAdjustQuantitiesInput!, $idempotencyKey: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $idempotencyKey) {
      inventoryAdjustmentGroup {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Shopify's own limit for one metafieldsSet call. */
export const MAX_METAFIELDS_PER_SET = 25;

export const METAFIELDS_SET_MUTATION = `#graphql
  mutation InboundMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

/** Item ids per incoming read: 250 (Shopify's input limit) × 3 points stays under the 1000-point ceiling. */
export const MAX_ITEMS_PER_INCOMING_QUERY = 250;

// One location per request: the level is read directly, so no item needs its levels paginated.
export const INCOMING_AT_LOCATION_QUERY = `#graphql
  query InboundIncomingQuantities($ids: [ID!]!, $locationId: ID!) {
    nodes(ids: $ids) {
      __typename
      ... on InventoryItem {
        id
        inventoryLevel(locationId: $locationId) {
          quantities(names: ["incoming"]) {
            name
            quantity
          }
        }
      }
    }
  }
`;

/**
 * Root mutation fields per batched request. Each costs 10 points, so 50 request 500: half of
 * Shopify's 1000-point ceiling for one request, and a quarter of a standard shop's bucket.
 */
export const MAX_ALIASED_MUTATIONS = 50;

/** A request that runs one mutation field per item under the aliases `m0`, `m1`, …. */
export interface BatchedMutation {
  document: string;
  variables: Record<string, unknown>;
  /** The response key of each item's payload, in the order of the items. */
  aliases: string[];
}

// What each item of a batch answers: tagsAdd, tagsRemove and inventoryItemUpdate all report a
// UserError (the schema check refuses the spread on any payload that does not).
const USER_ERROR_FIELDS = `#graphql
  fragment InboundUserError on UserError {
    field
    message
  }
`;

/**
 * Shopify executes aliased root fields of one mutation one after another, each on its own:
 * batching them trades many round trips for one, with every item's userErrors under its alias.
 */
function aliasedMutation(
  operation: string,
  field: string,
  argumentTypes: Record<string, string>,
  calls: ReadonlyArray<Record<string, unknown>>,
): BatchedMutation {
  if (calls.length < 1 || calls.length > MAX_ALIASED_MUTATIONS) {
    throw new RangeError(`${operation} takes 1 to ${MAX_ALIASED_MUTATIONS} items, not ${calls.length}`);
  }
  const names = Object.keys(argumentTypes);
  const declarations = calls.flatMap((_, i) => names.map((name) => `$${name}${i}: ${argumentTypes[name]}`));
  const aliases = calls.map((_, i) => `m${i}`);
  const fields = aliases.map(
    (alias, i) => `    ${alias}: ${field}(${names.map((name) => `${name}: $${name}${i}`).join(", ")}) { userErrors { ...InboundUserError } }`,
  );
  const variables = Object.fromEntries(calls.flatMap((call, i) => names.map((name) => [`${name}${i}`, call[name]])));
  return {
    document: `#graphql\n  mutation ${operation}(${declarations.join(", ")}) {\n${fields.join("\n")}\n  }\n${USER_ERROR_FIELDS}`,
    variables,
    aliases,
  };
}

/** Adds (tagsAdd) or removes (tagsRemove) tags on up to MAX_ALIASED_MUTATIONS products in one request. */
export function tagsMutation(field: "tagsAdd" | "tagsRemove", items: ReadonlyArray<{ id: string; tags: readonly string[] }>): BatchedMutation {
  return aliasedMutation(
    field === "tagsAdd" ? "InboundTagsAdd" : "InboundTagsRemove",
    field,
    { id: "ID!", tags: "[String!]!" },
    items.map((item) => ({ id: item.id, tags: item.tags })),
  );
}

/** Writes the unit cost of up to MAX_ALIASED_MUTATIONS inventory items in one request. */
export function unitCostsMutation(items: ReadonlyArray<{ inventoryItemId: string; cost: string }>): BatchedMutation {
  return aliasedMutation(
    "InboundUpdateUnitCosts",
    "inventoryItemUpdate",
    { id: "ID!", input: "InventoryItemInput!" },
    items.map((item) => ({ id: item.inventoryItemId, input: { cost: item.cost } })),
  );
}
