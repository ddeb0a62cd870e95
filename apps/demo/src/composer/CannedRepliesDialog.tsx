import type { ConversationCannedMessage } from '@uc-conversation/core'
import {
  useCannedMessages,
  useDeleteCannedMessage,
  useInsertCannedMessage,
  useUpdateCannedMessage,
} from '@uc-conversation/react-query'
import { type FormEvent, useState } from 'react'
import { Dialog } from '../components/Dialog'
import { userMessage } from '../user-message'

/** Add, edit and delete saved replies (canned messages). */
export function CannedRepliesDialog({ onClose }: { onClose: () => void }) {
  const list = useCannedMessages()
  const insert = useInsertCannedMessage()
  const update = useUpdateCannedMessage()
  const remove = useDeleteCannedMessage()
  const [editing, setEditing] = useState<ConversationCannedMessage | undefined>(undefined)
  const [shortCode, setShortCode] = useState('')
  const [text, setText] = useState('')
  const error = insert.error ?? update.error ?? remove.error ?? list.error
  const edit = (m: ConversationCannedMessage | undefined) => {
    setEditing(m)
    setShortCode(m?.short_code ?? '')
    setText(m?.canned_message ?? '')
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const reply = { ...editing, short_code: shortCode.trim(), canned_message: text.trim() }
    if (!reply.short_code || !reply.canned_message) return
    const done = { onSuccess: () => edit(undefined) }
    if (editing) update.mutate(reply, done)
    else insert.mutate(reply, done)
  }
  return (
    <Dialog title="Saved replies" onClose={onClose} className="canned-dialog">
      {error ? (
        <p role="alert" className="inline-error">
          {userMessage(error)}
        </p>
      ) : null}
      <ul className="canned-manage" aria-label="Saved replies">
        {list.data?.map((m) => (
          <li key={m.conversation_canned_message_oid}>
            <div>
              <strong>/{m.short_code}</strong>
              <p className="small-text">{m.canned_message}</p>
            </div>
            <div className="row">
              <button
                type="button"
                className="small"
                onClick={() => edit(m)}
                aria-label={`Edit /${m.short_code}`}
              >
                Edit
              </button>
              <button
                type="button"
                className="small"
                aria-label={`Delete /${m.short_code}`}
                onClick={() => remove.mutate(m.conversation_canned_message_oid!)}
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
      <form
        className="canned-form"
        onSubmit={submit}
        aria-label={editing ? 'Edit saved reply' : 'New saved reply'}
      >
        <label htmlFor="canned-short-code">Short code</label>
        <input
          id="canned-short-code"
          value={shortCode}
          required
          maxLength={50}
          pattern="[\w-]+"
          onChange={(e) => setShortCode(e.target.value)}
          placeholder="shipping"
        />
        <label htmlFor="canned-text">Reply</label>
        <textarea id="canned-text" value={text} required rows={3} onChange={(e) => setText(e.target.value)} />
        <div className="row">
          <button type="submit" className="primary small" disabled={insert.isPending || update.isPending}>
            {editing ? 'Save changes' : 'Add reply'}
          </button>
          {editing ? (
            <button type="button" className="small" onClick={() => edit(undefined)}>
              Cancel edit
            </button>
          ) : null}
        </div>
      </form>
    </Dialog>
  )
}
