import { Select } from "@shopify/polaris";

import type { LabelFormat } from "~/domain/settings";

/** The label formats as merchants read them (Settings and the order's Print labels). */
export const LABEL_FORMAT_OPTIONS: Array<{ value: LabelFormat; label: string }> = [
  { value: "pdf_sheet", label: "PDF: A4 sheet of 24 labels (3 × 8, 70 × 37 mm)" },
  { value: "pdf_single", label: "PDF: one label per page (2.25 × 1.25 in, label printers)" },
  { value: "csv", label: "CSV: one row per label" },
  { value: "xlsx", label: "Excel (XLSX): one row per label" },
];

export function LabelFormatSelect({ value, error, onChange }: { value: LabelFormat; error?: string; onChange: (value: LabelFormat) => void }) {
  return (
    <Select
      label="Default label format"
      helpText="What Print labels on an order downloads unless another format is chosen there."
      options={LABEL_FORMAT_OPTIONS}
      value={value}
      onChange={(selected) => onChange(selected as LabelFormat)}
      error={error}
    />
  );
}
