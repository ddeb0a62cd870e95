import type { ConversationCannedMessage } from '@uc-conversation/core'
import { useCannedMessageSearch, useSendMessage } from '@uc-conversation/react-query'
import { type FormEvent, type KeyboardEvent, type RefObject, useRef, useState } from 'react'
import { AttachmentPreview } from './AttachmentPreview'
import { CannedRepliesDialog } from './CannedRepliesDialog'
import { CANNED_LIST_ID, CannedReplyPicker, cannedOptionId } from './CannedReplyPicker'
import { cannedTrigger, insertCanned } from './canned-trigger'
import { ACCEPT_ATTRIBUTE, bodyProblem } from './composer-rules'
import { EmojiPicker } from './EmojiPicker'
import { useAttachment } from './use-attachment'
import { draftKey, useDraft } from './use-draft'

interface Props {
  uuid: string
  me: string | undefined
  textarea: RefObject<HTMLTextAreaElement | null>
  /** Reports the reply being written to the customer (a typing preview). */
  setTyping: (value: string) => void
}

/**
 * The reply box: a draft kept per conversation, saved replies after `/`, attachments (button, paste, drop) and
 * emoji. What the server would refuse is refused here with the text kept; a saved-reply search is never sent as
 * a typing preview.
 */
export function Composer({ uuid, me, textarea, setTyping }: Props) {
  const [text, setText] = useDraft(draftKey(me, uuid))
  const { send } = useSendMessage(uuid)
  const attachment = useAttachment()
  const fileInput = useRef<HTMLInputElement>(null)
  const [refused, setRefused] = useState<string | undefined>(undefined)
  const [managing, setManaging] = useState(false)
  const [active, setActive] = useState(0)
  const [dismissed, setDismissed] = useState<string | undefined>(undefined)

  const trigger = cannedTrigger(text)
  const searching = !!trigger && dismissed !== text
  const search = useCannedMessageSearch(
    { short_code: trigger?.query ?? '', max_results: 8 },
    { enabled: searching },
  )
  const replies = searching ? search.data : undefined

  const change = (value: string) => {
    setText(value)
    setActive(0)
    setRefused(undefined)
    // A saved-reply search is the agent's, not a reply: the customer sees no preview of it.
    if (!cannedTrigger(value)) setTyping(value)
  }
  const pick = (reply: ConversationCannedMessage) => {
    if (!trigger) return
    change(insertCanned(text, trigger.start, reply.canned_message ?? ''))
    textarea.current?.focus()
  }
  const canSend =
    !attachment.uploading && !attachment.error && (text.trim().length > 0 || !!attachment.key) && !searching

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (!canSend) return
    const body = text.trim() || attachment.file?.name || ''
    const problem = bodyProblem(body)
    setRefused(problem)
    if (problem) return
    send({ body, ...(attachment.key ? { upload_keys: [attachment.key] } : {}) })
    setText('')
    setTyping('')
    attachment.sent()
    if (fileInput.current) fileInput.current.value = ''
    textarea.current?.focus()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return
    if (searching && replies?.length) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const step = event.key === 'ArrowDown' ? 1 : -1
        setActive((i) => (i + step + replies.length) % replies.length)
        return event.preventDefault()
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault()
        return pick(replies[Math.min(active, replies.length - 1)]!)
      }
    }
    if (searching && event.key === 'Escape') {
      setDismissed(text)
      return event.preventDefault()
    }
    if (event.key === 'Enter' && !event.shiftKey) submit(event)
  }
  const insertAtCursor = (value: string) => {
    const el = textarea.current
    const at = el?.selectionStart ?? text.length
    change(`${text.slice(0, at)}${value}${text.slice(el?.selectionEnd ?? at)}`)
    el?.focus()
  }
  const problem = refused ?? attachment.refused

  return (
    <form
      className="composer"
      onSubmit={submit}
      aria-label="Reply"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault()
      }}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0]
        if (!file) return
        e.preventDefault()
        attachment.attach(file)
      }}
    >
      {problem ? (
        <p role="alert" className="inline-error" data-testid={refused ? 'reply-refused' : 'upload-refused'}>
          {problem}
        </p>
      ) : null}
      <AttachmentPreview
        attachment={attachment}
        onRemove={() => {
          attachment.clear()
          if (fileInput.current) fileInput.current.value = ''
        }}
      />
      {searching ? (
        <CannedReplyPicker
          query={trigger.query}
          replies={replies}
          active={active}
          onPick={pick}
          onManage={() => setManaging(true)}
        />
      ) : null}
      <div className="composer-row">
        <label className="button small attach">
          <span>Attach</span>
          <input
            ref={fileInput}
            type="file"
            className="visually-hidden"
            accept={ACCEPT_ATTRIBUTE}
            aria-label="Attach a file"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (file) attachment.attach(file)
            }}
          />
        </label>
        <EmojiPicker onPick={insertAtCursor} />
        <label htmlFor="composer-text" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-text"
          ref={textarea}
          rows={2}
          value={text}
          placeholder="Reply… (/ for saved replies)"
          aria-describedby="composer-hint"
          aria-controls={searching && replies?.length ? CANNED_LIST_ID : undefined}
          aria-activedescendant={searching && replies?.length ? cannedOptionId(active) : undefined}
          aria-invalid={refused ? true : undefined}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const file = e.clipboardData.files[0]
            if (!file) return
            e.preventDefault()
            attachment.attach(file)
          }}
        />
        <button type="submit" className="primary" disabled={!canSend}>
          Send
        </button>
      </div>
      <p id="composer-hint" className="visually-hidden">
        Enter sends, Shift+Enter starts a new line. Type / and a short code to insert a saved reply. Paste or
        drop a file to attach it.
      </p>
      <button type="button" className="link small-text manage-replies" onClick={() => setManaging(true)}>
        Saved replies…
      </button>
      {managing ? <CannedRepliesDialog onClose={() => setManaging(false)} /> : null}
    </form>
  )
}
