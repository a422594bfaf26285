// Types SvelteKit shares between the server and the pages.
import type { Lang } from '$lib/i18n/dict.ts';

declare global {
  namespace App {
    interface Locals {
      /** The interface language of this request (URL `lang`, else cookie, else zh). */
      lang: Lang;
      /** The view of this request (warehouse facts, as_of, URL state), taken once (see $lib/server/request.ts). */
      view?: Promise<import('$lib/server/request.ts').PublicView>;
      /** The as_of build this request reads, held until its response is made ($lib/server/as-of-builds.ts). */
      asOfLease?: import('$lib/server/as-of-builds.ts').AsOfLease;
      /** Set once the response is made (hooks.server.ts): a lease taken later is let go at once. */
      ended?: boolean;
      /** The signed-in user and its scope (hooks.server.ts, $lib/server/auth.ts); absent only on /login. */
      user?: import('$lib/server/auth.ts').SessionUser;
      /** Audit entries this request wrote: written again for each view answered from its kept bytes ($lib/server/cache/page-data.ts). */
      audited?: import('$lib/server/auth.ts').AuditedView[];
    }
    interface Error {
      message: string;
      /** An id to find the logged details of an unexpected error. */
      errorId?: string;
    }
  }
}

export {};
