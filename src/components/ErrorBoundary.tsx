/** Catches render errors below it and shows a readable message instead of a blank page. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What was being shown, for the message: "this network". */
  what: string;
  children: ReactNode;
  /** Rendered under the message, e.g. a link back to the gallery. */
  actions?: ReactNode;
}

interface State {
  error: Error | null;
}

/** Error boundary: render errors in its subtree become a message with a "Try again" button. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(`ConvAtlas could not show ${this.props.what}:`, error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="crash" role="alert" data-testid="error-boundary">
        <h2>Something went wrong while showing {this.props.what}</h2>
        <p>
          The app hit a bug, not a problem with your network: <code>{error.message}</code>
        </p>
        <p className="crash-actions">
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          {this.props.actions}
        </p>
      </div>
    );
  }
}
