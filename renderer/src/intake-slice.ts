import { U64_MAX } from '../../core/format/segment-key.js';
import { ApiError, call, storeDropped } from './bridge.js';
import { describeError, frameText, parseWhole, shownText } from './format.js';
import type { IntakeSlice, Slice } from './store-contract.js';
import { guardWith } from './store-guard.js';

export const intakeSlice: Slice<IntakeSlice> = (set, get) => ({
  storeOutcome: null,
  fetchOutcome: null,
  replaceStored: false,

  setReplaceStored: (replaceStored) => set({ replaceStored }),
  storeFiles: (files) =>
    guardWith(set)(async () => {
      set({ storeOutcome: null, error: null });
      set({ storeOutcome: await storeDropped(files, get().replaceStored) });
      await get().refresh();
    }),
  fetchFrame: async ({ frame, namespace, destDir, replace }) => {
    set({ fetchOutcome: { result: null, error: null, text: `Fetching frame ${frame}…` } });
    try {
      const frameNo = parseWhole(frame);
      if (frameNo === null)
        throw new ApiError({
          code: 'INVALID_ARGUMENT',
          message: 'the frame number must be a whole number, such as 1,024',
        });
      if (frameNo > U64_MAX)
        throw new ApiError({
          code: 'INVALID_ARGUMENT',
          message: `frame numbers go up to ${frameText(U64_MAX)}; ${frame.trim()} is larger`,
        });
      if (!destDir.trim().startsWith('/') && !/^[A-Za-z]:[\\/]/.test(destDir.trim())) {
        throw new ApiError({
          code: 'INVALID_ARGUMENT',
          message: 'the destination directory must be a full path, such as /tmp/out',
        });
      }
      const result = await call('fetchByFrame', {
        frameNo,
        destDir: destDir.trim(),
        replace,
        ...(namespace.trim() ? { namespace: namespace.trim() } : {}),
      });
      set({
        fetchOutcome: { result, error: null, text: `Fetched ${result.key} from ${result.source} to ${result.path}` },
      });
      if (result.source === 'remote') await get().refresh();
    } catch (error) {
      const shown = describeError(error);
      set({ fetchOutcome: { result: null, error: shown, text: shownText(shown) } });
    }
  },
});
