/** The message under a form field (point the field's aria-describedby at `id`). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return <p id={id} className="field-error">{message}</p>;
}
