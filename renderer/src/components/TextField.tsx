import type { InputHTMLAttributes } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  label: string;
  value: string;
  onValue: (value: string) => void;
}

/** The field shape the dialogs share: a label holding its text and the input it names. */
export function TextField({ label, value, onValue, ...input }: TextFieldProps) {
  return (
    <label>
      {label}
      <input value={value} onChange={(e) => onValue(e.target.value)} {...input} />
    </label>
  );
}
