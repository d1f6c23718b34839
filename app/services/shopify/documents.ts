/**
 * Every GraphQL document Inbound sends to Shopify, as named constants in one place, so that
 * tests/integration/gateway-documents.test.ts can validate each against Shopify's real schema
 * (tests/shopify). Only the gateway imports this module.
 */

export const SHOP_QUERY = `#graphql
  query InboundShop {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
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

export const VARIANTS_BY_ID_QUERY = `#graphql
  ${VARIANT_FIELDS}
  query InboundVariantsById($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ...InboundVariant
    }
  }
`;

// Incoming stock held by a purchase order. Shopify requires the idempotency key (2026-04+);
// it is the staged effect's id, so a retry can never apply the change twice.
export const ADJUST_INCOMING_MUTATION = `#graphql
  mutation InboundAdjustIncoming($input: InventoryAdjustQuantitiesInput!, $idempotencyKey: String!) {
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
