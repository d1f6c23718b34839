import { describe, expect, it } from "vitest";

import { ValidationError } from "./errors";
import { DEFAULT_SETTINGS, defaultReceivingLocation, MAX_TAG_RULES, validateSettings, type ShopSettingsValues } from "./settings";

const valueRule = {
  kind: "value",
  namespace: "inbound",
  key: "expected_arrival",
  owner: "product",
  field: "expectedArrivalAt",
  triggerStatuses: ["sent"],
} as const;
const booleanRule = {
  kind: "boolean",
  namespace: "inbound",
  key: "on_order",
  owner: "variant",
  trueStatuses: ["sent", "confirmed"],
  falseStatuses: ["completed", "cancelled"],
} as const;

function fieldErrors(input: unknown) {
  try {
    validateSettings(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  return expect.unreachable("the settings were accepted");
}

/** DEFAULT_SETTINGS with some parts replaced, as the settings form or the API would send them. */
function settingsWith(changes: Record<string, unknown>): unknown {
  return { ...structuredClone(DEFAULT_SETTINGS), ...changes };
}

describe("effect settings", () => {
  it("accepts the defaults as they are", () => {
    expect(validateSettings(structuredClone(DEFAULT_SETTINGS))).toEqual(DEFAULT_SETTINGS);
  });

  it("accepts both kinds of write-back rule", () => {
    const settings = validateSettings(settingsWith({ writeBackRules: [valueRule, booleanRule] }));
    expect(settings.writeBackRules).toEqual([valueRule, booleanRule]);
  });

  it("trims tags, namespaces and keys and drops repeated statuses", () => {
    const settings = validateSettings(
      settingsWith({
        tagRules: [{ tag: "  incoming  ", applyStatuses: ["sent", "sent"], removeStatuses: ["completed"], removalPolicy: "always" }],
        writeBackRules: [{ ...valueRule, namespace: " inbound ", key: " eta ", triggerStatuses: ["sent", "confirmed", "sent"] }],
      }),
    );
    expect(settings.tagRules).toEqual([{ tag: "incoming", applyStatuses: ["sent"], removeStatuses: ["completed"], removalPolicy: "always" }]);
    expect(settings.writeBackRules[0]).toMatchObject({ namespace: "inbound", key: "eta", triggerStatuses: ["sent", "confirmed"] });
  });

  it("returns only the known fields of each rule", () => {
    const settings = validateSettings(
      settingsWith({
        tagRules: [{ ...DEFAULT_SETTINGS.tagRules[0], extra: "dropped" }],
        writeBackRules: [{ ...booleanRule, field: "number", triggerStatuses: ["sent"] }],
      }),
    );
    expect(settings.tagRules[0]).toEqual(DEFAULT_SETTINGS.tagRules[0]);
    expect(settings.writeBackRules[0]).toEqual(booleanRule);
  });

  it("refuses anything but an object", () => {
    for (const input of [null, "settings", [DEFAULT_SETTINGS]]) {
      expect(fieldErrors(input)).toMatchObject({ settings: "Settings must be an object" });
    }
  });

  it("needs both switches as booleans and both rule lists as lists", () => {
    expect(fieldErrors({ incomingTracking: "yes", tagRules: {}, writeBackRules: null })).toEqual({
      incomingTracking: "Must be true or false",
      autoSyncOnReceive: "Must be true or false",
      tagRules: "Must be a list",
      writeBackRules: "Must be a list",
    });
  });

  it("caps the number of rules", () => {
    const tagRules = Array.from({ length: MAX_TAG_RULES + 1 }, (_, index) => ({ ...DEFAULT_SETTINGS.tagRules[0], tag: `tag-${index}` }));
    expect(fieldErrors(settingsWith({ tagRules }))).toEqual({ tagRules: `At most ${MAX_TAG_RULES} rules` });
  });

  it("names each bad part of a tag rule", () => {
    expect(
      fieldErrors(
        settingsWith({
          tagRules: [
            { tag: "a,b", applyStatuses: [], removeStatuses: ["completed"], removalPolicy: "sometimes" },
            { tag: "   ", applyStatuses: ["shipped"], removeStatuses: "completed", removalPolicy: "always" },
            "not a rule",
          ],
        }),
      ),
    ).toEqual({
      "tagRules.0.tag": "A tag is 1 to 255 characters, without commas",
      "tagRules.0.applyStatuses": "Choose at least one status that applies the tag",
      "tagRules.0.removalPolicy": "Must be always or protected",
      "tagRules.1.tag": "A tag is 1 to 255 characters, without commas",
      "tagRules.1.applyStatuses": expect.stringMatching(/^Must be a list of: draft, sent, /),
      "tagRules.1.removeStatuses": expect.stringMatching(/^Must be a list of: draft, sent, /),
      "tagRules.2.tag": "A tag is 1 to 255 characters, without commas",
      "tagRules.2.applyStatuses": expect.stringMatching(/^Must be a list of/),
      "tagRules.2.removeStatuses": expect.stringMatching(/^Must be a list of/),
      "tagRules.2.removalPolicy": "Must be always or protected",
    });
  });

  it("refuses a tag longer than Shopify allows", () => {
    const tagRules = [{ ...DEFAULT_SETTINGS.tagRules[0], tag: "x".repeat(256) }];
    expect(fieldErrors(settingsWith({ tagRules }))).toEqual({ "tagRules.0.tag": "A tag is 1 to 255 characters, without commas" });
  });

  it("refuses a status that both applies and removes a tag", () => {
    const tagRules = [
      { tag: "incoming", applyStatuses: ["sent", "received"], removeStatuses: ["received", "completed"], removalPolicy: "protected" },
    ];
    expect(fieldErrors(settingsWith({ tagRules }))).toEqual({ "tagRules.0.removeStatuses": "Also in the apply statuses: received" });
  });

  it("refuses a second rule for the same tag, whatever its case", () => {
    const rule = DEFAULT_SETTINGS.tagRules[0]!;
    const tagRules = [rule, { ...rule, tag: "incoming" }, { ...rule, tag: rule.tag.toUpperCase() }];
    expect(fieldErrors(settingsWith({ tagRules }))).toEqual({ "tagRules.2.tag": "Each tag has one rule" });
  });

  it("names each bad part of a value rule", () => {
    expect(
      fieldErrors(
        settingsWith({
          writeBackRules: [{ kind: "value", namespace: "ib", key: "k", owner: "order", field: "toString", triggerStatuses: [] }],
        }),
      ),
    ).toEqual({
      "writeBackRules.0.namespace": "3 to 255 letters, digits, - or _",
      "writeBackRules.0.key": "2 to 64 letters, digits, - or _",
      "writeBackRules.0.owner": "Must be product or variant",
      "writeBackRules.0.field": "Must be one of: expectedArrivalAt, number, status, supplierName, reference",
      "writeBackRules.0.triggerStatuses": "Choose at least one trigger status",
    });
  });

  it("names an unknown rule kind", () => {
    expect(fieldErrors(settingsWith({ writeBackRules: [{ ...valueRule, kind: "text" }] }))).toEqual({
      "writeBackRules.0.kind": "Must be value or boolean",
    });
  });

  it("names each bad part of a boolean rule", () => {
    expect(
      fieldErrors(
        settingsWith({
          writeBackRules: [
            { ...booleanRule, key: "on order", trueStatuses: [] },
            { ...booleanRule, key: "held", trueStatuses: ["sent", "paused"], falseStatuses: ["paused"] },
          ],
        }),
      ),
    ).toEqual({
      "writeBackRules.0.key": "2 to 64 letters, digits, - or _",
      "writeBackRules.0.trueStatuses": "Choose at least one status that sets TRUE",
      "writeBackRules.1.falseStatuses": "Also in the TRUE statuses: paused",
    });
  });

  it("allows one rule per metafield and owner", () => {
    const sameOnVariants = { ...valueRule, owner: "variant" };
    const settings: ShopSettingsValues = validateSettings(settingsWith({ writeBackRules: [valueRule, sameOnVariants] }));
    expect(settings.writeBackRules).toHaveLength(2);
    expect(
      fieldErrors(settingsWith({ writeBackRules: [valueRule, sameOnVariants, { ...booleanRule, key: valueRule.key, owner: "product" }] })),
    ).toEqual({
      "writeBackRules.2.key": "Each metafield has one rule",
    });
  });
});

describe("the default receiving location", () => {
  const [a, b] = ["gid://shopify/Location/1", "gid://shopify/Location/2"];

  it("is optional (settings saved before it existed have none), a location id when given", () => {
    const { defaultLocationId: _, ...older } = DEFAULT_SETTINGS;
    expect(validateSettings(older).defaultLocationId).toBeNull();
    expect(validateSettings({ ...DEFAULT_SETTINGS, defaultLocationId: "" }).defaultLocationId).toBeNull();
    expect(validateSettings({ ...DEFAULT_SETTINGS, defaultLocationId: b }).defaultLocationId).toBe(b);
    for (const wrong of ["Warehouse", "gid://shopify/Product/1", 7]) {
      expect(() => validateSettings({ ...DEFAULT_SETTINGS, defaultLocationId: wrong })).toThrow(ValidationError);
    }
  });

  it("is where new orders start while it is active; else the first active location; else none", () => {
    expect(defaultReceivingLocation({ defaultLocationId: b }, [a, b])).toBe(b);
    expect(defaultReceivingLocation({ defaultLocationId: null }, [a, b])).toBe(a);
    expect(defaultReceivingLocation({ defaultLocationId: b }, [a])).toBe(a);
    expect(defaultReceivingLocation({ defaultLocationId: b }, [])).toBeNull();
  });
});
