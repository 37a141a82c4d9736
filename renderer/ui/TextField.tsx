// A labelled text input (or textarea) with an optional note and error under it.
import { FieldError } from './FieldError';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange?: (value: string) => void;
  error?: string;
  note?: string;
  type?: 'text' | 'password' | 'number';
  multiline?: boolean;
  readOnly?: boolean;
  testId?: string;
}

export function TextField({ id, label, value, onChange, error, note, type = 'text', multiline, readOnly, testId }: Props) {
  const describedBy = [note && `${id}-note`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    readOnly,
    'data-testid': testId,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    spellCheck: false,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange?.(e.target.value)} />
      ) : (
        <input {...common} type={type} autoComplete="off" onChange={(e) => onChange?.(e.target.value)} />
      )}
      {note && <p id={`${id}-note`} className="field-note">{note}</p>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
