/** One hyper-parameter field: commits each valid value at once (the analysis re-runs), explains an invalid one. */
import { useId, useState } from 'react';
import { ACTIVATIONS } from '../../models';
import { formatField, parseField, type FieldDef } from './fields';

interface Props {
  field: FieldDef;
  value: unknown;
  /** Where the field is, for test ids: `${layerId}-${key}`. */
  testId: string;
  onCommit(value: unknown): void;
}

/** A labelled input for one field; text that does not parse stays in the box with a message, the spec unchanged. */
export function FieldInput({ field, value, testId, onCommit }: Props) {
  const id = useId();
  const shown = formatField(field, value);
  const [text, setText] = useState(shown);
  const [synced, setSynced] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  // The spec changed under the field (undo, redo, another edit): show the spec's value.
  if (shown !== synced) {
    setSynced(shown);
    setText(shown);
    setError(null);
  }
  const commit = (t: string) => {
    setText(t);
    const r = parseField(field, t);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    onCommit(r.value);
  };
  const title = field.help ? `${field.label}: ${field.help}` : field.label;
  if (field.type === 'bool') {
    const checked = value === undefined ? field.key !== 'ceil' : value === true;
    return (
      <label className="field field-bool" title={title}>
        <input type="checkbox" checked={checked} data-testid={`field-${testId}`} onChange={(e) => onCommit(e.target.checked === (field.key !== 'ceil') ? undefined : e.target.checked)} />
        {field.label}
      </label>
    );
  }
  if (field.type === 'activation') {
    return (
      <label className="field" title={title}>
        <span className="field-label">{field.label}</span>
        <select value={shown} data-testid={`field-${testId}`} onChange={(e) => commit(e.target.value)}>
          {ACTIVATIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <span className="field-wrap">
      <label className="field" htmlFor={id} title={title}>
        <span className="field-label">{field.label}</span>
        <input
          id={id}
          className={error ? 'invalid' : undefined}
          value={text}
          size={Math.max(3, Math.min(12, text.length + 1))}
          placeholder={field.placeholder}
          list={field.type === 'padding' ? 'padding-options' : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          data-testid={`field-${testId}`}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => commit(e.target.value)}
        />
      </label>
      {error && (
        <span id={`${id}-err`} className="field-error" role="alert" data-testid={`field-error-${testId}`}>
          {error}
        </span>
      )}
    </span>
  );
}
