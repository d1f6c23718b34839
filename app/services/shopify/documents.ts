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
