const URL_PATTERN = /(https?:\/\/[^\s<>"')\]]+)/g

/**
 * A message's text with its web addresses as links (opened in a new tab, without access to this page). Only
 * http(s) addresses become links; everything else stays text, so a message cannot inject markup.
 */
export function MessageBody({ body }: { body: string }) {
  const parts = body.split(URL_PATTERN)
  return (
    <p className="body">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
          <a key={i} href={part} target="_blank" rel="noopener noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </p>
  )
}
