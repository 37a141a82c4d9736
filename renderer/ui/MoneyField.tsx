// An amount typed in yuan or dollars (major units, commas and spaces allowed), kept in minor units.
import { useState } from 'react';

interface Props {
  label: string;
  testId: string;
  minor: number | undefined;
  onChange: (minor: number | undefined) => void;
  error: string | null;
  className?: string;
}

export function MoneyField({ label, testId, minor, onChange, error, className = 'form-field' }: Props) {
  const [text, setText] = useState(minor === undefined ? '' : (minor / 100).toFixed(2));
  return (
    <label className={className}>
      <span>{label}</span>
      <input inputMode="decimal" data-testid={testId} value={text} aria-invalid={error ? true : undefined} onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value.replace(/[,\s]/g, ''));
        onChange(e.target.value.trim() === '' || Number.isNaN(n) ? undefined : Math.round(n * 100));
      }} />
      {error && <span className="field-error" role="alert">{error}</span>}
    </label>
  );
}
