/**
 * Longest `body` (in UTF-16 code units, JavaScript's `string.length`) a chat message may have. **Assumption**:
 * UltraCart publishes no limit; this is the emulator's, so that an oversize body is refused here, typed, instead of
 * being cut or closing the socket (1009) on the server.
 */
export const DEFAULT_MAX_BODY_LENGTH = 20_000

/**
 * Largest attachment, in bytes. **Assumption**: UltraCart publishes no limit; this is the emulator's (10 MiB), so
 * that a too-large file is refused before its upload URL is even asked for.
 */
// Written out: esbuild keeps an unused `10 * 1024 * 1024` in every bundle (it does not fold it away).
export const DEFAULT_MAX_UPLOAD_BYTES = 10_485_760

/** Largest page (`_limit`) of getConversations, as UltraCart documents it. */
export const MAX_PAGE_SIZE = 200

/** The page (`_limit`) of getConversations when none is asked for, as UltraCart documents it. */
export const DEFAULT_PAGE_SIZE = 100
