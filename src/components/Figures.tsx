/** Numbers for people: a short figure ("138.4 M", "527.8 MiB") with the exact value on hover. */
import { formatBytes, formatCount, formatExact } from '../models';

interface FigureProps {
  value: number;
  testId?: string;
  className?: string;
}

/** A count such as parameters or MACs: "138.4 M", exact on hover. */
export function Count({ value, testId, className }: FigureProps) {
  return (
    <span className={className} title={formatExact(value)} data-testid={testId} data-value={value}>
      {formatCount(value)}
    </span>
  );
}

/** A size in bytes with binary units: "527.8 MiB", exact bytes on hover. */
export function Bytes({ value, testId, className }: FigureProps) {
  return (
    <span className={className} title={`${formatExact(value)} bytes`} data-testid={testId} data-value={value}>
      {formatBytes(value)}
    </span>
  );
}
