/** A segment's list status from its header and size alone; checksums are `verify`'s job. */
export type SegmentStatus =
  | 'ok'
  | 'unsealed'
  | 'truncated'
  | 'header_mismatch'
  | 'damaged'
  | 'not_a_segment'
  | 'trailing_data'
  | 'unreadable'
  /** On this disk and in the remote under one key, with different sizes. */
  | 'size_differs'
  /** Listed from a remote: only the key is known until the segment is fetched. */
  | 'unchecked';
