/** SQLite's own file format (https://sqlite.org/fileformat2.html): what pages restored from segments hold. */

/** Page 1 starts with the 100-byte database header; its b-tree header follows. */
export const DATABASE_HEADER_SIZE = 100;

/** The first byte of a b-tree page's header. */
export const INTERIOR_INDEX_PAGE = 0x02;
export const INTERIOR_TABLE_PAGE = 0x05;
export const LEAF_INDEX_PAGE = 0x0a;
export const LEAF_TABLE_PAGE = 0x0d;
