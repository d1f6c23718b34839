/**
 * The demo shop: the same catalogue and stock on every run (a fixed-seed generator, never
 * Math.random), so the demo, screenshots and tests can name products and SKUs.
 */
import type { StandinStore } from "./store";
import { seededRandom } from "./seeded-random";

export const DEMO_SHOP_DOMAIN = "inbound-demo.myshopify.com";
export const DEMO_ACCESS_TOKEN = "shpat_inbound_demo_token"; // demo only
export const DEMO_SHOP_NAME = "Inbound Demo Store";
export const DEMO_LOCATIONS = ["Main Warehouse", "Downtown Store"] as const;

export interface DemoSupplier {
  /** Vendor name on the products; the app's demo seeds a supplier with the same name. */
  name: string;
  skuPrefix: string;
  email: string;
  currencyCode: "USD";
  leadTimeDays: number;
}

export const DEMO_SUPPLIERS: readonly DemoSupplier[] = [
  { name: "Northwind Textiles", skuPrefix: "NWT", email: "orders@northwind-textiles.example", currencyCode: "USD", leadTimeDays: 14 },
  { name: "Harbor Ceramics", skuPrefix: "HBC", email: "sales@harbor-ceramics.example", currencyCode: "USD", leadTimeDays: 21 },
  { name: "Summit Outdoor Supply", skuPrefix: "SOS", email: "wholesale@summit-outdoor.example", currencyCode: "USD", leadTimeDays: 10 },
];
export const DEMO_VENDORS: readonly string[] = DEMO_SUPPLIERS.map((s) => s.name);

interface Line {
  title: string;
  code: string;
  price: number;
  tags: string[];
  options: Array<{ values: Array<[label: string, code: string]> }>;
}

const SIZES: Array<[string, string]> = [
  ["S", "S"],
  ["M", "M"],
  ["L", "L"],
  ["XL", "XL"],
];
const TWO_SIZES: Array<[string, string]> = [
  ["S/M", "SM"],
  ["L/XL", "LX"],
];
const COLOUR_CODES: Record<string, string> = {
  Black: "BLK",
  White: "WHT",
  Navy: "NVY",
  Grey: "GRY",
  Charcoal: "CHR",
  Olive: "OLV",
  Sand: "SND",
  Tan: "TAN",
  Rust: "RST",
  Cream: "CRM",
  Forest: "FRS",
  Khaki: "KHK",
  Indigo: "IND",
  Camel: "CML",
  Natural: "NAT",
  Oat: "OAT",
  Brown: "BRN",
  Green: "GRN",
  Red: "RED",
  Heather: "HTH",
  Speckled: "SPK",
  Sage: "SGE",
  Blush: "BLS",
  Ivory: "IVY",
  Cobalt: "CBT",
  Celadon: "CEL",
  Terracotta: "TRC",
  Slate: "SLT",
  Orange: "ORG",
  Teal: "TEA",
  Steel: "STL",
  Sky: "SKY",
  Yellow: "YEL",
  Blue: "BLU",
  Silver: "SLV",
  Stone: "STN",
  Ecru: "ECR",
};
const colours = (...names: string[]): Array<[string, string]> =>
  names.map((name) => {
    const code = COLOUR_CODES[name];
    if (!code) throw new Error(`demo seed: no SKU code for colour ${name}`);
    return [name, code];
  });

/** Per supplier: product lines with their option values; variants are the cartesian product. */
const CATALOGUE: Record<string, Line[]> = {
  NWT: [
    {
      title: "Organic Cotton Tee",
      code: "TEE",
      price: 24,
      tags: ["apparel", "tops", "organic"],
      options: [{ values: colours("Black", "White", "Navy") }, { values: SIZES }],
    },
    {
      title: "Heavyweight Hoodie",
      code: "HOOD",
      price: 58,
      tags: ["apparel", "tops"],
      options: [{ values: colours("Navy", "Grey", "Black") }, { values: SIZES }],
    },
    {
      title: "Merino Crew Socks",
      code: "SOCK",
      price: 16,
      tags: ["apparel", "accessories", "merino"],
      options: [{ values: colours("Charcoal", "Olive") }, { values: TWO_SIZES }],
    },
    {
      title: "Linen Button Shirt",
      code: "LINEN",
      price: 64,
      tags: ["apparel", "tops", "summer"],
      options: [{ values: colours("Sand", "White") }, { values: SIZES }],
    },
    {
      title: "Canvas Work Jacket",
      code: "JKT",
      price: 118,
      tags: ["apparel", "outerwear"],
      options: [{ values: colours("Tan") }, { values: SIZES }],
    },
    {
      title: "Wool Beanie",
      code: "BEANIE",
      price: 22,
      tags: ["apparel", "accessories", "winter"],
      options: [{ values: colours("Black", "Rust", "Cream") }],
    },
    {
      title: "Striped Breton Top",
      code: "BRET",
      price: 46,
      tags: ["apparel", "tops"],
      options: [{ values: colours("Navy", "Ecru") }, { values: SIZES }],
    },
    {
      title: "Fleece Quarter Zip",
      code: "FLEECE",
      price: 72,
      tags: ["apparel", "tops", "winter"],
      options: [{ values: colours("Forest", "Stone") }, { values: SIZES }],
    },
    {
      title: "Chino Shorts",
      code: "SHORT",
      price: 44,
      tags: ["apparel", "bottoms", "summer"],
      options: [{ values: colours("Khaki", "Navy") }, { values: SIZES }],
    },
    {
      title: "Relaxed Denim Jeans",
      code: "DENIM",
      price: 89,
      tags: ["apparel", "bottoms"],
      options: [{ values: colours("Indigo", "Black") }, { values: SIZES }],
    },
    {
      title: "Cashmere Scarf",
      code: "SCARF",
      price: 95,
      tags: ["apparel", "accessories", "winter"],
      options: [{ values: colours("Camel", "Grey") }],
    },
    { title: "Cotton Tote Bag", code: "TOTE", price: 18, tags: ["accessories"], options: [{ values: colours("Natural", "Black") }] },
    {
      title: "Rib Knit Tank",
      code: "TANK",
      price: 28,
      tags: ["apparel", "tops", "summer"],
      options: [{ values: colours("White", "Black") }, { values: SIZES }],
    },
    {
      title: "Waffle Henley",
      code: "HENLEY",
      price: 42,
      tags: ["apparel", "tops"],
      options: [{ values: colours("Oat", "Sage") }, { values: SIZES }],
    },
    { title: "Corduroy Cap", code: "CAP", price: 26, tags: ["accessories"], options: [{ values: colours("Brown", "Green") }] },
    {
      title: "Flannel Overshirt",
      code: "FLAN",
      price: 68,
      tags: ["apparel", "tops", "winter"],
      options: [{ values: colours("Red", "Green") }, { values: SIZES }],
    },
    {
      title: "Lounge Joggers",
      code: "JOG",
      price: 54,
      tags: ["apparel", "bottoms"],
      options: [{ values: colours("Heather", "Charcoal") }, { values: SIZES }],
    },
  ],
  HBC: [
    {
      title: "Stoneware Mug",
      code: "MUG",
      price: 18,
      tags: ["kitchen", "drinkware"],
      options: [{ values: colours("Speckled", "Sage", "Charcoal", "Blush") }],
    },
    {
      title: "Dinner Plate",
      code: "PLATE",
      price: 26,
      tags: ["kitchen", "tableware"],
      options: [{ values: colours("Speckled", "Sage", "Charcoal") }],
    },
    { title: "Pasta Bowl", code: "BOWL", price: 24, tags: ["kitchen", "tableware"], options: [{ values: colours("Speckled", "Sage", "Charcoal") }] },
    { title: "Bud Vase", code: "VASE", price: 32, tags: ["home", "decor"], options: [{ values: colours("Ivory", "Cobalt") }] },
    { title: "Serving Platter", code: "PLATR", price: 48, tags: ["kitchen", "tableware"], options: [{ values: colours("Speckled", "Sage") }] },
    { title: "Espresso Cup Set", code: "ESPR", price: 36, tags: ["kitchen", "drinkware"], options: [{ values: colours("White", "Black") }] },
    {
      title: "Ceramic Planter",
      code: "PLANT",
      price: 38,
      tags: ["home", "garden"],
      options: [
        {
          values: [
            ["Small", "SM"],
            ["Medium", "MD"],
            ["Large", "LG"],
          ],
        },
      ],
    },
    { title: "Salad Bowl", code: "SALAD", price: 58, tags: ["kitchen", "tableware"], options: [{ values: colours("Speckled", "Sage") }] },
    { title: "Side Plate", code: "SIDE", price: 16, tags: ["kitchen", "tableware"], options: [{ values: colours("Speckled", "Sage", "Charcoal") }] },
    { title: "Pour Over Dripper", code: "DRIP", price: 34, tags: ["kitchen", "coffee"], options: [{ values: colours("White", "Charcoal") }] },
    { title: "Teapot", code: "TEAPOT", price: 64, tags: ["kitchen", "drinkware"], options: [{ values: colours("Celadon", "White") }] },
    { title: "Butter Dish", code: "BUTTER", price: 28, tags: ["kitchen"], options: [{ values: colours("Cream") }] },
    { title: "Incense Holder", code: "INCENSE", price: 14, tags: ["home", "decor"], options: [{ values: colours("Terracotta", "Black") }] },
    { title: "Table Lamp Base", code: "LAMP", price: 120, tags: ["home", "lighting"], options: [{ values: colours("Oat", "Slate") }] },
    { title: "Soap Dish", code: "SOAP", price: 12, tags: ["home", "bath"], options: [{ values: colours("White", "Sage", "Blush") }] },
    { title: "Pitcher", code: "PITCH", price: 44, tags: ["kitchen", "drinkware"], options: [{ values: colours("Speckled") }] },
  ],
  SOS: [
    { title: "Trail Daypack 22L", code: "PACK22", price: 89, tags: ["bags", "hiking"], options: [{ values: colours("Black", "Orange", "Teal") }] },
    {
      title: "Insulated Water Bottle",
      code: "BTL",
      price: 32,
      tags: ["hydration"],
      options: [
        { values: colours("Steel", "Black", "Sky") },
        {
          values: [
            ["500ml", "500"],
            ["750ml", "750"],
          ],
        },
      ],
    },
    { title: "Two Person Tent", code: "TENT2", price: 249, tags: ["camping", "shelter"], options: [{ values: colours("Green") }] },
    {
      title: "Down Sleeping Bag",
      code: "SLEEP",
      price: 219,
      tags: ["camping", "sleep"],
      options: [
        {
          values: [
            ["Regular", "REG"],
            ["Long", "LNG"],
          ],
        },
      ],
    },
    { title: "Headlamp 300", code: "LAMP300", price: 39, tags: ["lighting", "camping"], options: [{ values: colours("Black", "Yellow") }] },
    {
      title: "Merino Base Layer",
      code: "BASE",
      price: 79,
      tags: ["apparel", "hiking", "merino"],
      options: [{ values: colours("Black", "Slate") }, { values: SIZES }],
    },
    {
      title: "Rain Shell Jacket",
      code: "SHELL",
      price: 159,
      tags: ["apparel", "outerwear", "hiking"],
      options: [{ values: colours("Red", "Blue") }, { values: SIZES }],
    },
    { title: "Trekking Poles", code: "POLE", price: 69, tags: ["hiking"], options: [{ values: [["Pair", "PR"]] }] },
    { title: "Camp Stove", code: "STOVE", price: 59, tags: ["camping", "cooking"], options: [{ values: [["Standard", "STD"]] }] },
    { title: "Titanium Spork", code: "SPORK", price: 12, tags: ["camping", "cooking"], options: [{ values: colours("Silver", "Blue") }] },
    { title: "Dry Bag 10L", code: "DRY10", price: 24, tags: ["bags", "water"], options: [{ values: colours("Yellow", "Blue", "Black") }] },
    {
      title: "Hiking Socks",
      code: "HSOCK",
      price: 19,
      tags: ["apparel", "hiking", "accessories"],
      options: [{ values: colours("Grey") }, { values: TWO_SIZES }],
    },
    { title: "Camp Chair", code: "CHAIR", price: 79, tags: ["camping", "furniture"], options: [{ values: colours("Forest", "Grey") }] },
    { title: "First Aid Kit", code: "FAK", price: 34, tags: ["safety"], options: [{ values: [["Standard", "STD"]] }] },
    {
      title: "Sun Hat",
      code: "HAT",
      price: 29,
      tags: ["apparel", "accessories", "summer"],
      options: [{ values: colours("Khaki", "Olive") }, { values: TWO_SIZES }],
    },
    {
      title: "Compact Binoculars",
      code: "BINO",
      price: 129,
      tags: ["optics"],
      options: [
        {
          values: [
            ["8x25", "825"],
            ["10x25", "1025"],
          ],
        },
      ],
    },
    {
      title: "Packable Puffer Vest",
      code: "VEST",
      price: 99,
      tags: ["apparel", "outerwear"],
      options: [{ values: colours("Black", "Olive") }, { values: SIZES }],
    },
  ],
};

export function ean13CheckDigit(first12: string): number {
  const sum = [...first12].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

/** Variants as the cartesian product of a line's option values. */
function combinations(options: Line["options"]): Array<Array<[string, string]>> {
  return options.reduce<Array<Array<[string, string]>>>(
    (acc, option) => acc.flatMap((combo) => option.values.map((value) => [...combo, value])),
    [[]],
  );
}

function money(amount: number): string {
  return amount.toFixed(2);
}

export function seedDemoShop(store: StandinStore): void {
  store.addShop({ domain: DEMO_SHOP_DOMAIN, accessToken: DEMO_ACCESS_TOKEN, name: DEMO_SHOP_NAME, currencyCode: "USD" });
  const locationIds = DEMO_LOCATIONS.map((name) => store.addLocation(DEMO_SHOP_DOMAIN, { name }));
  const random = seededRandom(20261001);
  // GS1 "in-store" prefix 200–299: numbers that can never collide with a real product.
  let serial = 0;
  for (const supplier of DEMO_SUPPLIERS) {
    for (const line of CATALOGUE[supplier.skuPrefix] ?? []) {
      const created = store.addProduct(DEMO_SHOP_DOMAIN, {
        title: line.title,
        vendor: supplier.name,
        tags: [...line.tags, supplier.skuPrefix.toLowerCase()],
        variants: combinations(line.options).map((combo) => {
          serial += 1;
          const body = `2${String(serial).padStart(11, "0")}`;
          return {
            title: combo.map(([label]) => label).join(" / ") || "Default Title",
            sku: [supplier.skuPrefix, line.code, ...combo.map(([, code]) => code)].join("-"),
            barcode: `${body}${ean13CheckDigit(body)}`,
            price: money(line.price),
            unitCost: money(Math.round(line.price * (0.38 + random() * 0.14) * 100) / 100),
          };
        }),
      });
      for (const variant of created.variants) {
        locationIds.forEach((locationId, index) => {
          // Roughly one level in six is out of stock; the warehouse holds more than the store.
          const available = random() < 0.16 ? 0 : Math.floor(random() * (index === 0 ? 80 : 25)) + 1;
          const committed = available > 0 && random() < 0.3 ? Math.floor(random() * 4) + 1 : 0;
          store.setQuantity(DEMO_SHOP_DOMAIN, { inventoryItemId: variant.inventoryItemId, locationId, name: "available", quantity: available });
          store.setQuantity(DEMO_SHOP_DOMAIN, { inventoryItemId: variant.inventoryItemId, locationId, name: "committed", quantity: committed });
        });
      }
    }
  }
}
