// Catches a render error below it and shows it where it happened (browser main thread).
import { Component, type ReactNode } from 'react';

interface Props {
  readonly fallback: (e: Error) => ReactNode;
  readonly children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };
  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  override render(): ReactNode {
    return this.state.error === undefined ? this.props.children : this.props.fallback(this.state.error);
  }
}
