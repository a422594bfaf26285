// Types SvelteKit shares between the server and the pages.
import type { Lang } from '$lib/i18n/dict.ts';

declare global {
  namespace App {
    interface Locals {
      /** The interface language of this request (URL `lang`, else cookie, else zh). */
      lang: Lang;
      /** The warehouse facts of this request, read once (see $lib/server/request.ts). */
      context?: Promise<import("$lib/server/queries/context.ts").WarehouseContext>;
      /** The signed-in user and its scope (hooks.server.ts, $lib/server/auth.ts); absent only on /login. */
      user?: import('$lib/server/auth.ts').SessionUser;
    }
    interface Error {
      message: string;
      /** An id to find the logged details of an unexpected error. */
      errorId?: string;
    }
  }
}

export {};
