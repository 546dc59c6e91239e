/** The preprocessing, one picture per step with the sentence that says what it did and with which numbers. */
import { useAppStore } from '../../store';
import { PixelCanvas } from './PixelCanvas';

export function StepsStrip() {
  const image = useAppStore((s) => s.predict.image);
  const pre = useAppStore((s) => s.predict.pre);
  if (!image) return null;
  return (
    <section className="panel" aria-labelledby="predict-steps-h">
      <h2 id="predict-steps-h">From your image to the network's input</h2>
      <p className="muted">
        {image.name}: {image.width} x {image.height} px{image.label !== null ? `, labelled ${image.label}` : ''}
        {image.notes.length > 0 ? ` (${image.notes.join('; ')})` : ''}
      </p>
      <ol className="steps" data-testid="preprocess-steps">
        <li className="step">
          <PixelCanvas image={image.rgba} label={`The image as decoded, ${image.rgba.width} by ${image.rgba.height} pixels`} />
          <div className="step-title">Original</div>
        </li>
        {pre?.steps.map((s) => (
          <li key={s.id} className="step" data-step={s.id}>
            <PixelCanvas image={s.color ?? s.image} label={`${s.title}: ${s.image.width} by ${s.image.height} pixels`} />
            <div className="step-title">{s.title}</div>
            <p className="step-detail">{s.detail}</p>
          </li>
        ))}
        {!pre && (
          <li className="step">
            <div className="step-title">Photo pipeline</div>
            <p className="step-detail">Centre-cropped to the model's aspect ratio and resized to its input, in colour; no digit normalisation.</p>
          </li>
        )}
      </ol>
    </section>
  );
}
