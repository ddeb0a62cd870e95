import type { ConversationMessage, ConversationSummary } from '@uc-conversation/core'
import { DEFAULT_MAX_UPLOAD_BYTES } from '@uc-conversation/core'
import { type FormEvent, type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react'
import {
  useConversation,
  useConversationMessages,
  useJoin,
  useLeave,
  useMarkRead,
  useMultimediaUpload,
  userMessage,
  useSendMessage,
  useTyping,
} from '../data'
import { conversationTitle, formatBytes, formatTime, isImageUrl } from '../format'

interface Props {
  uuid: string | undefined
  summary: ConversationSummary | undefined
  me: string | undefined
  /** Where focus goes when this conversation opens: the composer right after joining, else the heading. */
  focus?: 'heading' | 'composer'
}

/** Largest attachment: rxjs's limit (an assumption, the emulator's; UltraCart publishes none). */
const MAX_UPLOAD_BYTES = DEFAULT_MAX_UPLOAD_BYTES

const STATUS_TEXT = { pending: 'Sending…', sent: 'Sent', read: 'Read', failed: 'Not sent' } as const

export function ConversationView(props: Props) {
  if (!props.uuid)
    return (
      <section className="panel chat empty" aria-labelledby="chat-heading">
        <h2 id="chat-heading">No conversation selected</h2>
        <p className="muted">Pick a conversation from the list, or join a waiting customer.</p>
      </section>
    )
  return <OpenConversation key={props.uuid} {...props} uuid={props.uuid} />
}

function OpenConversation({ uuid, summary, me, focus = 'heading' }: Props & { uuid: string }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const detail = useConversation(uuid)
  // The live list summary is newer than the one-off detail load (participants change on join/leave).
  const conversation = summary ?? detail.data
  // Closed only moves forward: if either copy says so, nothing can be joined, left or written any more.
  const closed = summary?.closed === true || detail.data?.closed === true
  const live = useConversationMessages(uuid)
  const { error } = live
  const data = live.data ? live : undefined
  const { typists, setTyping } = useTyping(uuid)
  const join = useJoin()
  const leave = useLeave()
  const composer = useRef<HTMLTextAreaElement>(null)

  const mine = conversation?.participants?.find((p) => p.conversation_participant_arn === me)
  const joined = !!mine && mine.status !== 'left' && !mine.left_dts
  const messages = live.messages
  const last = [...messages].reverse().find((m) => m.conversation_message_uuid)
  useMarkRead(uuid, last, joined && !closed && last?.author_conversation_participant_arn !== me)

  // Focus management: the heading when another conversation opens; the composer once it shows after a join.
  const wantComposer = useRef(false)
  useEffect(() => {
    if (!uuid) return
    wantComposer.current = focus === 'composer'
    if (!wantComposer.current) heading.current?.focus()
  }, [uuid, focus])
  useEffect(() => {
    if (joined && wantComposer.current) {
      wantComposer.current = false
      composer.current?.focus()
    }
  }, [joined])

  // Keep the newest message in view when the reader is at the bottom.
  const log = useRef<HTMLOListElement>(null)
  const atBottom = useRef(true)
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the number of messages changes
  useLayoutEffect(() => {
    const el = log.current
    if (el && atBottom.current) el.scrollTop = el.scrollHeight
  }, [messages.length, uuid])

  const title = conversationTitle(conversation, me)
  return (
    <section className="panel chat" aria-labelledby="chat-heading">
      <header className="chat-head">
        <div>
          <h2 id="chat-heading" ref={heading} tabIndex={-1}>
            {title}
          </h2>
          <p className="muted small-text">
            {conversation?.medium === 'sms' ? 'SMS' : 'Web chat'}
            {closed ? ' · closed' : ''}
            {data ? ` · ${data.freshness === 'live' ? 'live' : data.freshness}` : ''}
          </p>
        </div>
        {closed ? null : joined ? (
          <button
            type="button"
            className="small"
            disabled={leave.isPending}
            onClick={() => leave.mutate(uuid, { onSuccess: () => heading.current?.focus() })}
          >
            {leave.isPending ? 'Leaving…' : 'Leave'}
          </button>
        ) : (
          <button
            type="button"
            className="primary small"
            disabled={join.isPending}
            onClick={() => {
              wantComposer.current = true
              join.mutate(uuid)
            }}
          >
            {join.isPending ? 'Joining…' : 'Join'}
          </button>
        )}
      </header>
      {join.error || leave.error ? (
        <p role="alert" className="inline-error">
          {userMessage(join.error ?? leave.error)}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="inline-error">
          {userMessage(error)}
        </p>
      ) : null}
      {live.warnings.map((w) => (
        // The screen says when the API could not return everything, instead of showing a gap as complete.
        <p role="status" className="inline-error" data-testid="messages-warning" key={`${w.kind}:${w.epoch}`}>
          {w.kind === 'epoch-overflow'
            ? `Some messages sent at ${formatTime(new Date(w.epoch).toISOString())} may be missing: more than ${w.limit} share that millisecond, which the API cannot page through.`
            : 'The server did not page these messages as expected: some may be missing.'}
        </p>
      ))}
      <ol
        className="messages"
        ref={log}
        role="log"
        aria-label={`Messages with ${title}`}
        aria-live="polite"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls; keyboard users need to reach it
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40
        }}
      >
        {!data && !error ? <li className="muted">Loading messages…</li> : null}
        {messages.map((m) => (
          <MessageRow
            key={m.conversation_message_uuid ?? m.client_message_id}
            uuid={uuid}
            message={m}
            own={m.author_conversation_participant_arn === me || !m.conversation_message_uuid}
            status={live.statusOf(m)}
          />
        ))}
      </ol>
      <p className="typing" aria-live="polite">
        {typists.length
          ? `${typists.map((t) => t.name ?? 'Someone').join(', ')} ${typists.length > 1 ? 'are' : 'is'} typing…`
          : ''}
      </p>
      {joined && !closed ? (
        <Composer uuid={uuid} textarea={composer} setTyping={setTyping} />
      ) : (
        <p className="composer-note muted" data-testid="composer-note">
          {closed ? 'This conversation is closed.' : 'Join the conversation to reply.'}
        </p>
      )}
    </section>
  )
}

function MessageRow({
  uuid,
  message: m,
  own,
  status: delivery,
}: {
  uuid: string
  message: ConversationMessage
  own: boolean
  status: keyof typeof STATUS_TEXT
}) {
  const { retry } = useSendMessage(uuid)
  if (m.type === 'notice')
    return (
      <li className="notice" data-testid="message" data-uuid={m.conversation_message_uuid}>
        {m.body}
      </li>
    )
  const status = own ? delivery : undefined
  return (
    <li
      className={`message ${own ? 'own' : ''} ${status ? `status-${status}` : ''}`}
      data-testid="message"
      data-uuid={m.conversation_message_uuid ?? ''}
      data-client-id={m.client_message_id ?? ''}
    >
      <div className="meta">
        <span className="author">{m.author_conversation_participant_name ?? (own ? 'You' : 'Unknown')}</span>
        <time dateTime={m.message_dts}>{formatTime(m.message_dts)}</time>
      </div>
      {m.body ? <p className="body">{m.body}</p> : null}
      {m.media_urls?.length ? (
        <div className="media">
          {m.media_urls.map((url) =>
            isImageUrl(url) ? (
              <a key={url} href={url} target="_blank" rel="noreferrer">
                <img src={url} alt="Attachment" className="thumb" loading="lazy" />
              </a>
            ) : (
              <a key={url} href={url} target="_blank" rel="noreferrer" className="file">
                Attachment
              </a>
            ),
          )}
        </div>
      ) : null}
      {status ? (
        <div className="delivery" data-testid="delivery" data-status={status}>
          {STATUS_TEXT[status]}
          {status === 'failed' ? (
            <button type="button" className="link" onClick={() => retry(m)}>
              Retry
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}

function Composer({
  uuid,
  textarea,
  setTyping: typing,
}: {
  uuid: string
  textarea: React.RefObject<HTMLTextAreaElement | null>
  setTyping: (value: string) => void
}) {
  const [text, setText] = useState('')
  const { send } = useSendMessage(uuid)
  const uploader = useMultimediaUpload()
  const [file, setFile] = useState<{ file: File; previewUrl: string | undefined } | undefined>(undefined)
  const clear = () => {
    uploader.abort()
    uploader.reset()
    if (file?.previewUrl) URL.revokeObjectURL(file.previewUrl)
    setFile(undefined)
  }
  const [tooLarge, setTooLarge] = useState<string | undefined>(undefined)
  const start = (f: File) => {
    clear()
    // Checked before anything is sent: a too-large file would otherwise be uploaded in full, then refused (413).
    if (f.size > MAX_UPLOAD_BYTES) {
      setTooLarge(
        `${f.name} is ${formatBytes(f.size)}; attachments can be at most ${formatBytes(MAX_UPLOAD_BYTES)}.`,
      )
      if (fileInput.current) fileInput.current.value = ''
      return
    }
    setTooLarge(undefined)
    setFile({ file: f, previewUrl: f.type.startsWith('image/') ? URL.createObjectURL(f) : undefined })
    uploader.mutate({ file: f, extension: f.name.split('.').pop()?.toLowerCase() ?? 'bin' })
  }
  const upload = file
    ? {
        ...file,
        error: uploader.error,
        state: uploader.isSuccess
          ? ({ status: 'done', key: uploader.data } as const)
          : uploader.progress
            ? ({ status: 'uploading', ...uploader.progress } as const)
            : undefined,
      }
    : undefined
  const fileInput = useRef<HTMLInputElement>(null)
  const uploading = !!upload && upload.state?.status !== 'done' && !upload.error
  const key = upload?.state?.status === 'done' ? upload.state.key : undefined
  const canSend = !uploading && !upload?.error && (text.trim().length > 0 || !!key)

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (!canSend) return
    send({ body: text.trim() || upload?.file.name || '', ...(key ? { upload_keys: [key] } : {}) })
    setText('')
    typing('')
    uploader.reset()
    setFile(undefined)
    if (fileInput.current) fileInput.current.value = ''
    textarea.current?.focus()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event)
  }
  const state = upload?.state
  const percent =
    state?.status === 'done' ? 100 : state?.total ? Math.round((100 * state.loaded) / state.total) : undefined

  return (
    <form className="composer" onSubmit={submit} aria-label="Reply">
      {tooLarge ? (
        <p role="alert" className="inline-error" data-testid="upload-refused">
          {tooLarge}
        </p>
      ) : null}
      {upload ? (
        <div className="attachment" data-testid="attachment">
          {upload.previewUrl ? (
            <img src={upload.previewUrl} alt={`Preview of ${upload.file.name}`} className="thumb" />
          ) : (
            <span className="file">{upload.file.name}</span>
          )}
          <div className="attachment-info">
            <span className="small-text">{upload.file.name}</span>
            {upload.error ? (
              <span role="alert" className="inline-error">
                {userMessage(upload.error)}
              </span>
            ) : (
              <>
                <progress
                  max={100}
                  value={percent}
                  aria-label={`Uploading ${upload.file.name}`}
                  data-testid="upload-progress"
                  data-done={state?.status === 'done' ? 'true' : 'false'}
                />
                <span className="small-text" aria-live="polite">
                  {state?.status === 'done'
                    ? 'Ready to send'
                    : percent !== undefined
                      ? `${percent}%`
                      : 'Starting…'}
                </span>
              </>
            )}
          </div>
          <button
            type="button"
            className="link"
            onClick={() => {
              clear()
              if (fileInput.current) fileInput.current.value = ''
            }}
          >
            Remove
          </button>
        </div>
      ) : null}
      <div className="composer-row">
        <label className="button small attach">
          <span>Attach</span>
          <input
            ref={fileInput}
            type="file"
            className="visually-hidden"
            accept="image/*,application/pdf"
            aria-label="Attach a file"
            onChange={(e) => {
              const file = e.target.files?.[0]
              if (file) start(file)
            }}
          />
        </label>
        <label htmlFor="composer-text" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-text"
          ref={textarea}
          rows={2}
          value={text}
          placeholder="Write a reply… (Enter sends, Shift+Enter for a new line)"
          onChange={(e) => {
            setText(e.target.value)
            typing(e.target.value)
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" disabled={!canSend}>
          Send
        </button>
      </div>
    </form>
  )
}
