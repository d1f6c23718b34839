import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler } from "@remix-run/node";

import { ValidationError } from "~/domain/errors";
import { attachmentDisposition, fileTooLarge, MAX_ATTACHED_FILE_BYTES, type AttachmentKind } from "~/domain/files";
import { formFieldProblem, readFormBody, UnreadableFormError } from "~/http/forms.server";
import type { AttachedFileUpload } from "~/services/attached-files.server";

/**
 * The HTTP side of attached files (delivery notes, order documents): reading one uploaded file
 * and serving one for download.
 */

/**
 * The one file of a multipart/form-data upload (field `file`), read into memory. Reading stops
 * one byte past the limit, so a larger upload is refused without being read whole; the exact
 * limit is the domain's check.
 */
export async function parseFileUpload(request: Request, kind: AttachmentKind): Promise<AttachedFileUpload> {
  const oneFile = `Send one ${kind.file}, as multipart/form-data in the field \`file\`.`;
  let files = 0;
  const handler = unstable_createMemoryUploadHandler({
    maxPartSize: MAX_ATTACHED_FILE_BYTES + 1,
    filter: ({ name, filename }) => {
      // Other fields are not read, but a name no form may use (`__proto__`, control characters) is refused as everywhere.
      const problem = formFieldProblem(name, "");
      if (problem) throw new ValidationError({ [problem.field]: problem.message });
      if (name !== "file" || filename === undefined) return false;
      files += 1;
      if (files > 1) throw new ValidationError({ file: oneFile });
      return true;
    },
  });
  let form: FormData;
  try {
    form = await readFormBody(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw fileTooLarge(kind, null);
    if (error instanceof UnreadableFormError) throw new ValidationError({ file: `${error.message} ${oneFile}` });
    throw error;
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new ValidationError({ file: oneFile });
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/**
 * A stored file as a download: always an attachment, with the type sniffed at upload, and
 * `nosniff` keeps browsers from reading it as anything else.
 */
export function fileDownload(file: { fileName: string; contentType: string; bytes: Uint8Array<ArrayBuffer> }): Response {
  return new Response(file.bytes, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.length),
      "Content-Disposition": attachmentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
