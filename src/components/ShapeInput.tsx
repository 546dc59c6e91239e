/** The input-shape field: valid text re-runs the analysis at once; invalid text explains itself and changes nothing. */
import { useId, useState } from 'react';
import { formatShape } from '../models';
import { parseShapeInput, selectInputShape, selectSetInputShape, selectSpec, useAppStore } from '../store';

/** Edits the open network's input shape (H x W x C). Mount it with `key` = network id so it resets per network. */
export function ShapeInput() {
  const shape = useAppStore(selectInputShape);
  const spec = useAppStore(selectSpec);
  const setInputShape = useAppStore(selectSetInputShape);
  const [text, setText] = useState(() => formatShape(shape));
  const [message, setMessage] = useState<string | null>(null);
  // A shape set from elsewhere (Back to an address with another input size) replaces the text.
  const [shown, setShown] = useState(() => formatShape(shape));
  if (formatShape(shape) !== shown) {
    setShown(formatShape(shape));
    if (parseShapeInput(text).ok || message === null) {
      setText(formatShape(shape));
      setMessage(null);
    }
  }
  const id = useId();
  const own = spec?.inputs[0]?.shape ?? null;
  const changed = own !== null && formatShape(own) !== formatShape(shape);

  const apply = (value: string) => {
    setText(value);
    const parsed = parseShapeInput(value);
    if (parsed.ok) {
      setMessage(null);
      setInputShape(parsed.value);
    } else {
      setMessage(parsed.message);
    }
  };

  return (
    <form className="shape-input" onSubmit={(e) => e.preventDefault()} noValidate>
      <label htmlFor={id}>Input shape (H x W x C)</label>
      <div className="shape-row">
        <input
          id={id}
          data-testid="input-shape"
          type="text"
          inputMode="text"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-invalid={message !== null}
          aria-describedby={`${id}-msg`}
          onChange={(e) => apply(e.target.value)}
        />
        {changed && own && (
          <button type="button" className="link-button" onClick={() => apply(formatShape(own))}>
            Reset to {formatShape(own)}
          </button>
        )}
      </div>
      <p id={`${id}-msg`} className={message ? 'field-error' : 'field-hint'} data-testid="input-shape-message" aria-live="polite">
        {message ? `${message} Still showing ${formatShape(shape)}.` : `Analysed at ${formatShape(shape)}, per image (batch dimension left out).`}
      </p>
    </form>
  );
}
