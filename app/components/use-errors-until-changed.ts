import { useState } from "react";

import type { FieldErrors } from "~/domain/errors";

/**
 * A refused save's field errors, each shown until its field is changed (it may be fixed now; the
 * next save judges it again), so a corrected field stops showing the old error at once; `dismiss`
 * hides them all (the form's values were put back).
 */
export function useErrorsUntilChanged(errors: FieldErrors): { shown: FieldErrors; changed: (field: string) => void; dismiss: () => void } {
  const [since, setSince] = useState<{ errors: FieldErrors; fields: ReadonlySet<string> }>({ errors, fields: new Set() });
  const fields = since.errors === errors ? since.fields : new Set<string>();
  return {
    shown: fields.size === 0 ? errors : Object.fromEntries(Object.entries(errors).filter(([field]) => !fields.has(field))),
    changed: (field) => {
      if (field in errors && !fields.has(field)) setSince({ errors, fields: new Set([...fields, field]) });
    },
    dismiss: () => setSince({ errors, fields: new Set(Object.keys(errors)) }),
  };
}
