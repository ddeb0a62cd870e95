import type { ConversationCannedMessage } from '@uc-conversation/core'

export const CANNED_LIST_ID = 'canned-replies'
export const cannedOptionId = (i: number) => `canned-reply-${i}`

interface Props {
  query: string
  replies: readonly ConversationCannedMessage[] | undefined
  active: number
  onPick: (reply: ConversationCannedMessage) => void
  onManage: () => void
}

/**
 * The saved replies matching what follows `/` in the composer. The composer keeps focus: arrow keys move the
 * active reply (`aria-activedescendant`), Enter or Tab inserts it, Escape closes the list.
 */
export function CannedReplyPicker({ query, replies, active, onPick, onManage }: Props) {
  return (
    <div className="canned" data-testid="canned-picker">
      <p className="canned-head small-text" role="status">
        {replies === undefined
          ? 'Searching saved replies…'
          : replies.length
            ? `${replies.length} saved ${replies.length === 1 ? 'reply' : 'replies'} for “/${query}”: ↑↓ to choose, Enter to insert`
            : `No saved reply starts with “${query}”.`}
        <button type="button" className="link" onClick={onManage}>
          Manage saved replies
        </button>
      </p>
      {replies?.length ? (
        <div id={CANNED_LIST_ID} role="listbox" aria-label="Saved replies" className="canned-list">
          {replies.map((r, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the composer handles the keys (aria-activedescendant)
            <div
              key={r.conversation_canned_message_oid}
              id={cannedOptionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className="canned-option"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(r)}
            >
              <strong>/{r.short_code}</strong> <span>{r.canned_message}</span>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  )
}
