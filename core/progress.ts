/** Long work (store, upload, fetch, verify, restore) reports through these events. */
export interface ProgressEvent {
  /** Identifies one operation, so the UI can keep one bar per operation. */
  id: string;
  phase: string;
  done: number;
  total: number;
}

export type ProgressListener = (event: ProgressEvent) => void;
