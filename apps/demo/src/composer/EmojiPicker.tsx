import { useState } from 'react'

const EMOJI = ['😊', '👍', '🙏', '🎉', '❤️', '😅', '👋', '✅', '📦', '🚚'] as const

/** A few emoji for chat replies; the chosen one goes in at the cursor. */
export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const [open, setOpen] = useState(false)
  return (
    <div className="emoji">
      <button
        type="button"
        className="small"
        aria-expanded={open}
        aria-controls="emoji-list"
        onClick={() => setOpen(!open)}
      >
        Emoji
      </button>
      {open ? (
        <fieldset id="emoji-list" className="emoji-list">
          <legend className="visually-hidden">Emoji</legend>
          {EMOJI.map((e) => (
            <button
              key={e}
              type="button"
              className="small"
              onClick={() => {
                onPick(e)
                setOpen(false)
              }}
            >
              {e}
            </button>
          ))}
        </fieldset>
      ) : null}
    </div>
  )
}
