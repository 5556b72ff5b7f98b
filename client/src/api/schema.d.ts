// Generated from the server's OpenAPI document by scripts/api-types.mjs; do not edit.
export interface paths {
    "/api/auth/dev-login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Embedded profile only: signs in (signing up on first use) with just an email and a name.
         *     A new account gets a personal space named in the request's `Accept-Language` ("개인 영상"
         *     for Korean, else "My videos"). Production answers 404.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["DevLogin"];
                };
            };
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenResponse"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/google/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Google's redirect back. On success: signs the person up on first login, sets the refresh
         *     cookie and sends the browser to the client, which then calls `POST /api/auth/token`. No
         *     token ever travels in a URL. On failure: to the client with `?login_error=<code>`.
         */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    state?: string;
                    /** @description Set by Google when the person declined or something failed on its side. */
                    error?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description to the client, signed in or with `login_error` */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/google/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Starts Google sign-in: redirects to Google with PKCE and a state bound to this browser. */
        get: {
            parameters: {
                query?: {
                    /** @description A path of this site to return to after login (default `/`). */
                    return_to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description to Google's consent screen */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Google login is not configured */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description too many sign-ins started from this address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ends this login: the refresh token (and its whole family) is revoked. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description `cross_site_request` */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sign-in methods this server offers (public). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Providers"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchanges the refresh cookie for a new access token, rotating the refresh token.
         *     Presenting an already-rotated token revokes every token of that login, except within a
         *     few seconds of its rotation (two tabs refreshing at once): then it answers the same
         *     successor. Only from this site (`cross_site_request` otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenResponse"];
                    };
                };
                /** @description missing, invalid, revoked or reused refresh token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description `cross_site_request` */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The document's current content. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description video-{videoId} or note-{individualVideoId} */
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DocContent"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs/{key}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Versions, newest first. */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page, 1–100 (default 20). */
                    limit?: number;
                    /** @description `next_cursor` of the previous page. */
                    cursor?: string;
                };
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Page_VersionMeta"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Saves the current state as a version (optionally named). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NewVersion"];
                };
            };
            responses: {
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VersionMeta"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs/{key}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version with its content. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VersionView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/docs/{key}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restores a version: the document becomes what it was, through a new edit that every open
         *     client receives live. History is not rewritten, and the state just before is saved first
         *     as a version of its own ("Before restoring version N"), so a restore can be undone.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Restored"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's library events as Server-Sent Events (`text/event-stream`): `video_status`,
         *     `video_created`, `video_deleted`, `import_progress`, `participant_added`,
         *     `participant_joined`, `participant_left`, `participant_removed`, `space_updated`,
         *     `space_deleted`, and `resync` when the stream fell behind.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description an event stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["LibraryEvent"];
                    };
                };
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/individual-videos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's list ("My lectures"): their individual videos in the spaces they are in,
         *     except those they took off it, each with its space's name and the video's poster: newest
         *     first, or by last access; optionally of one space.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only the individual videos of this space. */
                    space_id?: string;
                    /**
                     * @description `newest` (default) or `last_accessed` (most recently opened first, never-opened ones
                     *     after them); anything else is `invalid_query`.
                     */
                    sort?: "newest" | "last_accessed";
                    /** @description Items per page, 1–100 (default 20). */
                    limit?: number;
                    /** @description `next_cursor` of the previous page (of the same sort). */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Page_IndividualVideoView"];
                    };
                };
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/individual-videos/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IndividualVideoView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Takes the video off the caller's own list ("My lectures", the dashboard's counts). Only
         *     theirs: the video stays in the space, for everyone else and for them (with their notes
         *     and progress); opening it again (`…/accessed`) puts it back on the list.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/individual-videos/{id}/accessed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Marks the video as opened now (it becomes "last studied" on the dashboard, and is back on
         *     the caller's list if they had taken it off).
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IndividualVideoView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/individual-videos/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exports the caller's notes on this video: a PDF, or a zip of Markdown and images. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ExportRequest"];
                };
            };
            responses: {
                /** @description the PDF, or a ZIP of PDFs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": unknown;
                        "application/zip": unknown;
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/individual-videos/{id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Records how far the caller has watched and, with `position_secs`, where they stopped. */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Progress"];
                };
            };
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IndividualVideoView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/individual-videos/{id}/snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The snapshots of the caller's individual video, newest first. */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page, 1–100 (default 20). */
                    limit?: number;
                    /** @description `next_cursor` of the previous page. */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Page_SnapshotView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Saves a snapshot image on the caller's individual video. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": components["schemas"]["SnapshotUpload"];
                };
            };
            responses: {
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SnapshotView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the provider is configured here and the caller has an account connected. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description webex or zoom */
                    provider: "webex" | "zoom";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IntegrationStatus"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Forgets the caller's account with the provider and its tokens. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description webex or zoom */
                    provider: "webex" | "zoom";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{provider}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the provider sends the browser back: stores the account, then returns to the app
         *     with `?{provider}=connected` (or `denied`, or `error`).
         */
        get: {
            parameters: {
                query?: {
                    code?: string | null;
                    state?: string | null;
                    error?: string | null;
                };
                header?: never;
                path: {
                    /** @description webex or zoom */
                    provider: "webex" | "zoom";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description back to the app */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{provider}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Starts connecting an account: a redirect to the provider's consent page (or, asked for
         *     JSON, the URL to open).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description webex or zoom */
                    provider: "webex" | "zoom";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Authorize"];
                    };
                };
                /** @description to the provider */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/{provider}/recordings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's recordings at the provider, a page at a time. */
        get: {
            parameters: {
                query?: {
                    /**
                     * @description Items per page, 1–100 (default 20). Zoom counts meetings, each of which may list
                     *     several MP4 files.
                     */
                    limit?: number;
                    /** @description `next_cursor` of the previous page. */
                    cursor?: string;
                    /**
                     * @description Recordings created at or after this time (RFC 3339, e.g. `2026-03-01T00:00:00Z`).
                     *     Without `from` and `to`, Webex lists the last 7 days, Zoom the last 30.
                     */
                    from?: string;
                    /**
                     * @description Recordings created before this time (RFC 3339); at most 30 days after `from`, and not
                     *     before it. Zoom lists whole UTC days.
                     */
                    to?: string;
                };
                header?: never;
                path: {
                    /** @description webex or zoom */
                    provider: "webex" | "zoom";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Page_Recording"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/internal/transcode-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receives a MediaConvert job state change. Answers 200 for every authentic event, also
         *     ones about videos that are gone (EventBridge would otherwise retry them for a day).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description an EventBridge MediaConvert Job State Change event */
            requestBody: {
                content: {
                    "text/plain": string;
                };
            };
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invite-links/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Joins the link's space (any signed-in user holding it) and answers the space. A member
         *     joining again changes nothing; a pending invitation of the caller's email is accepted.
         *     404 `invite_link_not_found`, 410 `invite_link_revoked` or `invite_link_expired`, 409
         *     `space_full`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["InviteLinkToken"];
                };
            };
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SpaceView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invite-links/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a link leads to (any signed-in user holding it): the space's name and description,
         *     its host, the link's expiry, and whether the caller is in the space already. 404
         *     `invite_link_not_found`, 410 `invite_link_revoked` or `invite_link_expired`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["InviteLinkToken"];
                };
            };
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InviteLinkPreview"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MeView"];
                    };
                };
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Deletes the account.
         * @description What happens to your data:
         *     - each space you host passes to the participant who joined it earliest; a space with no
         *       other joined participant is deleted with its videos;
         *     - your participations, individual videos (progress, personal notes and their version
         *       history, snapshot images) and external connections (Webex, Zoom) are deleted; live copies and
         *       history of deleted documents go within `collab.forget_grace_secs` plus one sweep;
         *     - videos you uploaded stay in their spaces, without an uploader;
         *     - this session's refresh token is revoked; other sessions stop at their next refresh.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description account deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Dashboard"];
                    };
                };
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's pending invitations (to their email), newest first, each with the space's
         *     name and description and its host (who invited them).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Items per page, 1–100 (default 20). */
                    limit?: number;
                    /** @description `next_cursor` of the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Page_InvitationView"];
                    };
                };
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Declines a pending invitation (it is deleted; the host may invite again). Someone else's
         *     invitation, or one no longer pending, is 404 `invitation_not_found`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the invitation's id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/invitations/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accepts a pending invitation: the caller joins the space (answered, with their role).
         *     Someone else's invitation, or one no longer pending, is 404 `invitation_not_found`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the invitation's id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SpaceView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Passages that contain the query, newest first: video titles and descriptions, memo lines,
         *     comments and bookmarks of the shared layer, and the caller's own private notes, in every
         *     space the caller is in. Each hit names its video (to open at `time_secs`), its layer and
         *     kind, and a snippet with the matches marked.
         */
        get: {
            parameters: {
                query?: {
                    /**
                     * @description What to find (a substring, any case): at least 3 characters, or 2 with a non-Latin
                     *     one ("행렬"); at most 100. Whitespace is trimmed and collapsed.
                     */
                    q?: string;
                    /** @description Hits per page, 1–50 (default 20). */
                    limit?: number;
                    /** @description `next_cursor` of the previous page (of the same query). */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Page_SearchHit"];
                    };
                };
                /** @description `invalid_cursor`, `invalid_query` */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description `query_too_short`; `validation_failed` (`q` too long, `limit` out of range) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/snapshots/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of the caller's snapshots, with a fresh signed URL (memos store snapshot ids and
         *     resolve them here whenever they show one).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SnapshotView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Deletes one of the caller's snapshots with its image. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/spaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The spaces the caller belongs to (or hosts, with `hosted=true`), newest first. */
        get: {
            parameters: {
                query?: {
                    /** @description Only the spaces the caller hosts. */
                    hosted?: boolean;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Page_SpaceView"];
                    };
                };
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Creates a space hosted by the caller. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateSpace"];
                };
            };
            responses: {
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SpaceView"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/spaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A space, its participants and its newest videos. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SpaceDetail"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Deletes a space with its videos and everyone's individual videos (host only). */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Renames or re-describes a space (host only). */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateSpace"];
                };
            };
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SpaceView"];
                    };
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/spaces/{id}/imports/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Imports a recording into a space: the video appears at once (`awaiting_upload`); a
         *     background job copies the file (`import_progress` events), then transcodes it. A Zoom
         *     recording still processing is refused (409 `recording_processing`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description webex or zoom */
                    provider: "webex" | "zoom";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ImportRecording"];
                };
            };
            responses: {
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description `rate_limited`, or `quota_exceeded`: too many imports running */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/spaces/{id}/invite-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The space's invite links that still work (neither revoked nor expired), newest first
         *     (host only). Tokens are not shown again.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InviteLinkView"][];
                    };
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Makes an invite link to the space (host only). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateInviteLink"];
                };
            };
            responses: {
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedInviteLink"];
                    };
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description `too_many_invite_links` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/spaces/{id}/invite-links/{link}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revokes an invite link (host only): from now on it answers 410 `invite_link_revoked`.
         *     Revoking it again changes nothing; another space's link is 404 `invite_link_not_found`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    link: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/spaces/{id}/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Invites someone by email (host only). The invitation is an offer the invitee accepts or
         *     declines (`/api/me/invitations`); the answer is the same whether or not the email has an
         *     account (status `invited`, no `user`), so it reveals nobody.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Invite"];
                };
            };
            responses: {
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ParticipantView"];
                    };
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/spaces/{id}/participants/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Leaves a space (any participant but its host, who gets 409 `host_cannot_leave`). Their
         *     work in the space is kept for a later re-invitation.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/spaces/{id}/participants/{participant}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Removes a participant or withdraws an invitation. The host may remove anyone but
         *     themselves; anyone may remove themselves (leave). `participant` is the user's id, or the
         *     invitation's id for a pending invitation. Their work in the space (individual videos,
         *     private notes, snapshots) is kept for a later re-invitation.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description user id or invitation id */
                    participant: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/spaces/{id}/videos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The videos of a space, each with its poster and the caller's own study state of it
         *     (individual video id, progress, last position, last access): newest first, by title, or
         *     by when the caller last studied them.
         */
        get: {
            parameters: {
                query?: {
                    /**
                     * @description `newest` (default), `title` (A to Z) or `last_studied` (the caller's most recently
                     *     opened first, never-opened ones after them); anything else is `invalid_query`.
                     */
                    sort?: "newest" | "title" | "last_studied";
                    /** @description Items per page, 1–100 (default 20). */
                    limit?: number;
                    /** @description `next_cursor` of the previous page (of the same sort). */
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Page_SpaceVideoView"];
                    };
                };
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Adds a video to a space (any participant). The answer says where to upload the file: one
         *     presigned PUT, or presigned parts above the multipart threshold; then
         *     `POST /api/videos/{id}/upload-complete`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateVideo"];
                };
            };
            responses: {
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CreatedVideo"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description `rate_limited`, or `quota_exceeded`: too many uploads pending */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One video (participants of its space). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Deletes a video with everyone's individual videos of it (the host or the uploader). */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/{id}/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Cancels an import still copying (the host or the importer): the video fails with the
         *     reason "the import was cancelled", and the copy stops within a second. 409 `not_an_import`
         *     when the video is not an import in progress.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/{id}/individual-video": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's individual video of a video (where the room keeps their progress and private
         *     notes), also when they took it off their list.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the video's id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IndividualVideoView"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/{id}/playback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A short-lived URL to play the video (participants of its space only). */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Playback"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Transcodes a failed video again (the host or the uploader). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoView"];
                    };
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/{id}/thumbnails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The visual index: a thumbnail every `thumbnail_interval_secs`, in order. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Thumbnail"][];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/{id}/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * New upload instructions for a video still awaiting its upload (the first ones expired,
         *     or the upload went wrong).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UploadInstructions"];
                    };
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/videos/{id}/upload-complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Checks the uploaded object and starts transcoding. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CompleteUpload"];
                };
            };
            responses: {
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoView"];
                    };
                };
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ws-tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A ticket to open a document's socket (`GET /ws/{doc}?ticket=…`). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TicketRequest"];
                };
            };
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TicketResponse"];
                    };
                };
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database (and Redis, when configured) answer. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Readiness"];
                    };
                };
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Readiness"];
                    };
                };
                /** @description any other error: `{code, message}` (see docs/api.md, "Errors") */
                default: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Authorize: {
            authorize_url: string;
        };
        Check: {
            name: string;
            status: string;
        };
        CompleteUpload: {
            /** @description Multipart uploads: every part, in order, with its `ETag`. */
            parts?: components["schemas"]["CompletedPart"][] | null;
        };
        /** @description One uploaded part of a multipart upload, as the client reports it. */
        CompletedPart: {
            /** @description The `ETag` header storage answered the part's PUT with. */
            etag: string;
            /** Format: int32 */
            part_number: number;
        };
        CreateInviteLink: {
            /**
             * Format: int32
             * @description Hours until the link stops working, 1–720 (30 days); default 168 (a week).
             */
            expires_in_hours?: number | null;
        };
        CreateSpace: {
            description?: string;
            name: string;
        };
        CreateVideo: {
            /** @description The file's type: `video/…`. */
            content_type: string;
            description?: string;
            /**
             * Format: int64
             * @description The file's size in bytes.
             */
            size: number;
            title: string;
        };
        /** @description A new link: shown with its token this once (only its hash is kept). */
        CreatedInviteLink: components["schemas"]["InviteLinkView"] & {
            /** @description The secret; send it to `POST /api/invite-links/preview` and `…/join`. */
            token: string;
            /** @description The link to share: `{public_url}/join#{token}`. */
            url: string;
        };
        /** @description A created video and where to upload its file. */
        CreatedVideo: components["schemas"]["VideoView"] & {
            upload: components["schemas"]["UploadInstructions"];
        };
        Dashboard: {
            /**
             * Format: int64
             * @description Of those, the ones watched to 100%.
             */
            completed_videos: number;
            /**
             * Format: int64
             * @description Of those, the ones started and not finished (1–99%).
             */
            in_progress_videos: number;
            /**
             * Format: int64
             * @description The videos on the caller's list ("My lectures": their individual videos in the
             *     spaces they are in, except those they took off it).
             */
            individual_videos: number;
            last_studied?: null | components["schemas"]["IndividualVideoView"];
            /** @description The newest videos across the caller's spaces. */
            recent_videos: components["schemas"]["VideoView"][];
            /**
             * Format: int64
             * @description Spaces the caller has joined.
             */
            spaces: number;
            webex_connected: boolean;
        };
        DevLogin: {
            email: string;
            /**
             * @description The account's name. Absent (or null): an existing account keeps its name, a new one
             *     is named after the email's local part.
             */
            name?: string | null;
        };
        DocContent: {
            /** @description itemId → a board item (`page` says which page; see docs/collab.md). */
            boardItems?: Record<string, never>;
            /** @description pageId → `{title, order}`: the drawing board's pages. */
            boardPages?: Record<string, never>;
            bookmarks: Record<string, never>;
            comments: Record<string, never>;
            memo: components["schemas"]["Memo"];
            /** @description strokeId → `{t, d, tool, color, width, points, author}`. */
            strokes: Record<string, never>;
        };
        /** @description The body of every error response. */
        ErrorBody: {
            /** @description Stable, machine-readable: `validation_failed`, `space_not_found`, `token_expired`, … */
            code: string;
            /** @description On `validation_failed`: what is wrong with each field, by field name. */
            fields?: {
                [key: string]: string[];
            } | null;
            /** @description For people; may change between releases. */
            message: string;
        };
        ExportRequest: {
            format: components["schemas"]["Format"];
            /** @description `private` (my notes), `shared` (the space's) or `both`. */
            layers: components["schemas"]["Layers"];
            locale?: null | components["schemas"]["Locale"];
        };
        /** @enum {string} */
        Format: "pdf" | "markdown";
        Health: {
            status: string;
        };
        /** @description The video a hit is in. */
        HitVideo: {
            /** @description Open the room at `/videos/{id}` (with `?t=` seconds for `time_secs`). */
            id: string;
            /** @description The caller's individual video of it. */
            individual_video_id: string;
            space_id: string;
            space_name: string;
            title: string;
        };
        ImportRecording: {
            recordingId: string;
            title: string;
        };
        IndividualVideoView: {
            id: string;
            /** Format: date-time */
            last_accessed_at?: string | null;
            /**
             * Format: int32
             * @description Where "continue" resumes, in whole seconds (0 until a position is recorded).
             */
            last_position_secs: number;
            /**
             * Format: int32
             * @description 0–100.
             */
            progress_percent: number;
            /** @description The name of the video's space. */
            space_name: string;
            video: components["schemas"]["VideoView"];
        };
        IntegrationStatus: {
            configured: boolean;
            connected: boolean;
        };
        /** @description A pending invitation, as its invitee sees it. */
        InvitationView: {
            /** @description The space's host, who invited them. */
            host: components["schemas"]["UserSummary"];
            /** @description The invitation's id (accept or decline it by this id). */
            id: string;
            /** Format: date-time */
            invited_at: string;
            space: components["schemas"]["InvitedSpace"];
        };
        Invite: {
            email: string;
        };
        /** @description What a visitor holding a link sees before joining. */
        InviteLinkPreview: {
            /** Format: date-time */
            expires_at: string;
            host: components["schemas"]["UserSummary"];
            /** @description The visitor is in the space already (joining changes nothing). */
            member: boolean;
            space: components["schemas"]["InvitedSpace"];
        };
        InviteLinkToken: {
            /** @description The token of the link (the part after `#`). */
            token: string;
        };
        /** @description A link as its host sees it (the token itself is shown only when the link is made). */
        InviteLinkView: {
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at: string;
            id: string;
            /**
             * Format: int32
             * @description How many people joined through it.
             */
            uses: number;
        };
        /** @description The space an invitation (or an invite link) is for: what the invitee needs to decide. */
        InvitedSpace: {
            description: string;
            id: string;
            name: string;
        };
        /**
         * @description What a passage is.
         * @enum {string}
         */
        Kind: "title" | "description" | "memo" | "comment" | "bookmark";
        /**
         * @description Whose the passage is: the space's (a video's title and description, the shared notes) or
         *     the caller's own (their private notes).
         * @enum {string}
         */
        Layer: "shared" | "private";
        /** @enum {string} */
        Layers: "private" | "shared" | "both";
        /** @description One library event. Its JSON is the SSE `data`, and `type` its SSE `event` name. */
        LibraryEvent: {
            /** Format: int32 */
            percent: number;
            /** Format: int32 */
            queue_position?: number | null;
            reason?: string | null;
            space_id: string;
            status: components["schemas"]["VideoStatus"];
            /** @enum {string} */
            type: "video_status";
            video_id: string;
        } | {
            space_id: string;
            title: string;
            /** @enum {string} */
            type: "video_created";
            video_id: string;
        } | {
            reason?: string | null;
            space_id: string;
            /** @enum {string} */
            type: "video_deleted";
            video_id: string;
        } | {
            /** Format: int64 */
            received_bytes: number;
            space_id: string;
            /** Format: int64 */
            total_bytes?: number | null;
            /** @enum {string} */
            type: "import_progress";
            video_id: string;
        } | {
            email: string;
            space_id: string;
            /** @enum {string} */
            type: "participant_added";
            user_id?: string | null;
        } | {
            email: string;
            space_id: string;
            /** @enum {string} */
            type: "participant_joined";
            user_id: string;
        } | {
            email: string;
            space_id: string;
            /** @enum {string} */
            type: "participant_left";
            user_id: string;
        } | {
            email: string;
            space_id: string;
            /** @enum {string} */
            type: "participant_removed";
            user_id?: string | null;
        } | {
            description: string;
            name: string;
            space_id: string;
            /** @enum {string} */
            type: "space_updated";
        } | {
            name?: string;
            space_id: string;
            /** @enum {string} */
            type: "space_deleted";
        };
        /** @enum {string} */
        Locale: "en" | "ko";
        MeView: {
            /** Format: date-time */
            created_at: string;
            email: string;
            id: string;
            name: string;
            picture_url?: string | null;
        };
        Memo: {
            /** @description Quill delta: `[{"insert": "…", "attributes": {…}}]`. */
            delta: Record<string, never>[];
            text: string;
        };
        NewVersion: {
            /** @description A name for the version ("Before the exam"); optional. */
            name?: string | null;
        };
        Page_IndividualVideoView: {
            items: {
                id: string;
                /** Format: date-time */
                last_accessed_at?: string | null;
                /**
                 * Format: int32
                 * @description Where "continue" resumes, in whole seconds (0 until a position is recorded).
                 */
                last_position_secs: number;
                /**
                 * Format: int32
                 * @description 0–100.
                 */
                progress_percent: number;
                /** @description The name of the video's space. */
                space_name: string;
                video: components["schemas"]["VideoView"];
            }[];
            /** @description Pass as `cursor` to get the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        Page_InvitationView: {
            items: {
                /** @description The space's host, who invited them. */
                host: components["schemas"]["UserSummary"];
                /** @description The invitation's id (accept or decline it by this id). */
                id: string;
                /** Format: date-time */
                invited_at: string;
                space: components["schemas"]["InvitedSpace"];
            }[];
            /** @description Pass as `cursor` to get the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        Page_Recording: {
            items: {
                createTime?: string | null;
                /** Format: int64 */
                durationSeconds?: number | null;
                format?: string | null;
                /** @description What `POST /api/spaces/{id}/imports/{provider}` takes as `recordingId`. */
                id: string;
                /** @description Still being processed by the provider: listed, but not importable yet. */
                processing?: boolean;
                /** Format: int64 */
                sizeBytes?: number | null;
                topic?: string;
            }[];
            /** @description Pass as `cursor` to get the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        Page_SearchHit: {
            items: {
                /** @description The passage's id (stable until its document is indexed again). */
                id: string;
                kind: components["schemas"]["Kind"];
                layer: components["schemas"]["Layer"];
                /**
                 * @description The passage around the first match, in parts; `mark: true` parts are the matches.
                 *     Plain text: render each part as text (a `<mark>` for the marked ones).
                 */
                snippet: components["schemas"]["Part"][];
                /**
                 * Format: int64
                 * @description The video time the passage is about (a timestamp chip before it in the memo, a
                 *     bookmark, a comment), in whole seconds; `null` for titles, descriptions and memo
                 *     lines without a chip.
                 */
                time_secs?: number | null;
                video: components["schemas"]["HitVideo"];
            }[];
            /** @description Pass as `cursor` to get the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        Page_SnapshotView: {
            items: {
                content_type: string;
                /** Format: date-time */
                created_at: string;
                id: string;
                individual_video_id: string;
                /** Format: int64 */
                size_bytes: number;
                /** @description A short-lived URL of the image. */
                url: string;
                /** Format: int64 */
                video_time_ms: number;
            }[];
            /** @description Pass as `cursor` to get the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        Page_SpaceVideoView: {
            items: (components["schemas"]["VideoView"] & {
                /**
                 * @description The caller's individual video of this video (`PUT /api/individual-videos/{id}/…`
                 *     records progress and access); `null` only if they have none.
                 */
                individual_video_id?: string | null;
                /**
                 * Format: date-time
                 * @description When the caller last opened it.
                 */
                last_accessed_at?: string | null;
                /**
                 * Format: int32
                 * @description Where the caller's "continue" resumes, in whole seconds.
                 */
                last_position_secs: number;
                /**
                 * Format: int32
                 * @description The caller's progress, 0–100.
                 */
                progress_percent: number;
            })[];
            /** @description Pass as `cursor` to get the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        Page_SpaceView: {
            items: {
                /** Format: date-time */
                created_at: string;
                description: string;
                host: components["schemas"]["UserSummary"];
                id: string;
                name: string;
                /** @description The caller's role in this space. */
                role: components["schemas"]["Role"];
                /** Format: date-time */
                updated_at: string;
            }[];
            /** @description Pass as `cursor` to get the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        Page_VersionMeta: {
            items: {
                /** @description Users who edited since the previous version. */
                contributors: string[];
                /** Format: date-time */
                created_at: string;
                /** @description Set for versions saved on purpose ("Before the exam"). */
                name?: string | null;
                /**
                 * Format: int64
                 * @description Bytes of the (uncompressed) document state.
                 */
                size_bytes: number;
                /** @description The last stream entry this state includes. */
                stream_id: string;
                /** Format: int64 */
                version: number;
            }[];
            /** @description Pass as `cursor` to get the next page; absent on the last page. */
            next_cursor?: string | null;
        };
        /** @description A run of the snippet's text; `mark` runs are matches of the query. */
        Part: {
            mark: boolean;
            text: string;
        };
        PartUrl: {
            /** Format: int32 */
            part_number: number;
            url: string;
        };
        /** @enum {string} */
        ParticipantStatus: "invited" | "joined";
        ParticipantView: {
            email: string;
            /** @description The invitation's id (use it to withdraw a pending invitation). */
            id: string;
            /** Format: date-time */
            invited_at: string;
            /** Format: date-time */
            joined_at?: string | null;
            role: components["schemas"]["Role"];
            status: components["schemas"]["ParticipantStatus"];
            user?: null | components["schemas"]["UserSummary"];
        };
        Playback: {
            /**
             * Format: date-time
             * @description Start playing before this; ask again after it.
             */
            expires_at: string;
            kind: components["schemas"]["PlaybackKind"];
            poster_url?: string | null;
            url: string;
        };
        /** @enum {string} */
        PlaybackKind: "hls" | "file";
        Progress: {
            /**
             * Format: int32
             * @description How much of the video has been watched, 0–100.
             */
            percent: number;
            /**
             * Format: int32
             * @description Where the caller stopped, in whole seconds from the start ("continue" resumes there).
             *     Optional: without it the last position is kept.
             */
            position_secs?: number | null;
        };
        /**
         * @description Which ways of signing in this server offers, so a sign-in page shows only those (and
         *     probes nothing that would fail).
         */
        Providers: {
            /** @description `POST /api/auth/dev-login` (embedded profile only). */
            dev_login: boolean;
            /** @description `GET /api/auth/google/login`. */
            google: boolean;
            /**
             * @description Webex is configured (`GET /api/integrations/webex/connect` links an account once
             *     signed in; it is not a way to sign in by itself).
             */
            webex: boolean;
            /** @description Zoom is configured (`GET /api/integrations/zoom/connect`; likewise not a sign-in). */
            zoom: boolean;
        };
        Readiness: {
            /** @description Each dependency: `ok` or what is wrong. */
            checks: components["schemas"]["Check"][];
            /** @description `ready` or `unavailable`. */
            status: string;
        };
        /** @description One importable recording, as listed (the same shape for every provider). */
        Recording: {
            createTime?: string | null;
            /** Format: int64 */
            durationSeconds?: number | null;
            format?: string | null;
            /** @description What `POST /api/spaces/{id}/imports/{provider}` takes as `recordingId`. */
            id: string;
            /** @description Still being processed by the provider: listed, but not importable yet. */
            processing?: boolean;
            /** Format: int64 */
            sizeBytes?: number | null;
            topic?: string;
        };
        Restored: {
            /** @description False when the document already equalled that version. */
            changed: boolean;
            /** Format: int64 */
            restored_version: number;
            /**
             * @description The state just before the restore, saved as a version named "Before restoring
             *     version N": restoring it undoes the restore.
             */
            saved_version: components["schemas"]["VersionMeta"];
        };
        /**
         * @description The caller's role in a space.
         * @enum {string}
         */
        Role: "host" | "participant";
        /** @description One passage found. */
        SearchHit: {
            /** @description The passage's id (stable until its document is indexed again). */
            id: string;
            kind: components["schemas"]["Kind"];
            layer: components["schemas"]["Layer"];
            /**
             * @description The passage around the first match, in parts; `mark: true` parts are the matches.
             *     Plain text: render each part as text (a `<mark>` for the marked ones).
             */
            snippet: components["schemas"]["Part"][];
            /**
             * Format: int64
             * @description The video time the passage is about (a timestamp chip before it in the memo, a
             *     bookmark, a comment), in whole seconds; `null` for titles, descriptions and memo
             *     lines without a chip.
             */
            time_secs?: number | null;
            video: components["schemas"]["HitVideo"];
        };
        /** @description `multipart/form-data` with `image` (the file) and `video_time_ms`. */
        SnapshotUpload: {
            /** Format: binary */
            image: string;
            /** Format: int64 */
            video_time_ms: number;
        };
        SnapshotView: {
            content_type: string;
            /** Format: date-time */
            created_at: string;
            id: string;
            individual_video_id: string;
            /** Format: int64 */
            size_bytes: number;
            /** @description A short-lived URL of the image. */
            url: string;
            /** Format: int64 */
            video_time_ms: number;
        };
        /** @description A space with its participants and the first page of its videos. */
        SpaceDetail: components["schemas"]["SpaceView"] & {
            participants: components["schemas"]["ParticipantView"][];
            /**
             * @description The newest videos, with the caller's study state of each; follow `next_cursor` on
             *     `GET /api/spaces/{id}/videos` for more.
             */
            videos: components["schemas"]["Page_SpaceVideoView"];
        };
        /** @description A video of a space with the caller's own study state of it (never anyone else's). */
        SpaceVideoView: components["schemas"]["VideoView"] & {
            /**
             * @description The caller's individual video of this video (`PUT /api/individual-videos/{id}/…`
             *     records progress and access); `null` only if they have none.
             */
            individual_video_id?: string | null;
            /**
             * Format: date-time
             * @description When the caller last opened it.
             */
            last_accessed_at?: string | null;
            /**
             * Format: int32
             * @description Where the caller's "continue" resumes, in whole seconds.
             */
            last_position_secs: number;
            /**
             * Format: int32
             * @description The caller's progress, 0–100.
             */
            progress_percent: number;
        };
        SpaceView: {
            /** Format: date-time */
            created_at: string;
            description: string;
            host: components["schemas"]["UserSummary"];
            id: string;
            name: string;
            /** @description The caller's role in this space. */
            role: components["schemas"]["Role"];
            /** Format: date-time */
            updated_at: string;
        };
        Thumbnail: {
            /**
             * Format: int64
             * @description Seconds into the video.
             */
            t: number;
            url: string;
        };
        TicketRequest: {
            /** @description `video-{videoId}` or `note-{individualVideoId}`. */
            doc: string;
        };
        TicketResponse: {
            /** @description Single use, valid for 30 seconds, for this user and document only. */
            ticket: string;
            /** @description The socket URL, ticket included. */
            url: string;
        };
        TokenResponse: {
            access_token: string;
            /**
             * Format: int64
             * @description Seconds until the access token expires.
             */
            expires_in: number;
            /** @description Always `Bearer`. */
            token_type: string;
        };
        UpdateSpace: {
            description?: string | null;
            name?: string | null;
        };
        /**
         * @description How to upload the file: `method` is `PUT` (send the whole file to `url` with `headers`)
         *     or `MULTIPART` (send each `part_size` slice to its part URL, keep each answer's `ETag`,
         *     then list them in `upload-complete`).
         */
        UploadInstructions: {
            /** @description `POST` here (with the parts, for multipart) once the upload is done. */
            complete_url: string;
            /** Format: date-time */
            expires_at: string;
            headers?: {
                [key: string]: string;
            };
            method: string;
            /** Format: int64 */
            part_size?: number | null;
            parts?: components["schemas"]["PartUrl"][] | null;
            url?: string | null;
        };
        UserSummary: {
            id: string;
            name: string;
            picture_url?: string | null;
        };
        /** @description What a version is, without its state. */
        VersionMeta: {
            /** @description Users who edited since the previous version. */
            contributors: string[];
            /** Format: date-time */
            created_at: string;
            /** @description Set for versions saved on purpose ("Before the exam"). */
            name?: string | null;
            /**
             * Format: int64
             * @description Bytes of the (uncompressed) document state.
             */
            size_bytes: number;
            /** @description The last stream entry this state includes. */
            stream_id: string;
            /** Format: int64 */
            version: number;
        };
        VersionView: components["schemas"]["VersionMeta"] & {
            /** @description The document as it was at this version. */
            content: components["schemas"]["DocContent"];
        };
        /**
         * @description Where a video is in its life: `awaiting_upload → uploaded → transcoding → ready | failed`.
         * @enum {string}
         */
        VideoStatus: "awaiting_upload" | "uploaded" | "transcoding" | "ready" | "failed";
        VideoView: {
            content_type?: string | null;
            /** Format: date-time */
            created_at: string;
            description: string;
            /** Format: int64 */
            duration_ms?: number | null;
            id: string;
            /**
             * Format: int32
             * @description How far transcoding got (0–100; 100 once ready).
             */
            percent: number;
            /**
             * Format: int32
             * @description While `transcoding` has not started yet: the video's place in the transcoder's queue
             *     (1 = next). `null` once work started, and for transcoders without a queue here.
             */
            queue_position?: number | null;
            /**
             * Format: int64
             * @description The declared file size and type.
             */
            size_bytes?: number | null;
            space_id: string;
            status: components["schemas"]["VideoStatus"];
            /** @description Why the video failed, when it did. */
            status_reason?: string | null;
            /**
             * @description The poster (a frame of the video): a signed URL valid `storage.playback_url_ttl_secs`,
             *     `null` until transcoding made one (and with pass-through transcoding).
             */
            thumbnail_url?: string | null;
            title: string;
            /** Format: date-time */
            updated_at: string;
            /** @description Absent when the uploader deleted their account. */
            uploader_id?: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
