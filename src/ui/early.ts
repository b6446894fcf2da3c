// First module main.tsx evaluates (browser main thread): starts fetching the in-tab API's
// chunk (MSW + handlers, ~400 kB) before React and the app's modules evaluate, so its
// download overlaps their start-up instead of following it. Nothing runs from it here.
import { apiModeOf } from './api-client';

export const tabApiModule: Promise<typeof import('../mocks/browser')> | undefined = apiModeOf(document) === 'tab' ? import('../mocks/browser') : undefined;
