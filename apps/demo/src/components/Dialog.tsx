import { type ReactNode, useEffect, useId, useRef } from 'react'
import { createPortal } from 'react-dom'

interface Props {
  title: string
  /** Called when the dialog closes by Escape, its close button or the caller's own buttons. */
  onClose: () => void
  children: ReactNode
  /** Extra class on the `<dialog>`. */
  className?: string
}

/**
 * A modal `<dialog>` opened with `showModal()`: the rest of the page is inert (focus stays inside), Escape closes
 * it, and focus returns to the element that opened it. Render it to open it; stop rendering it to close it.
 */
export function Dialog({ title, onClose, children, className }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const close = useRef(onClose)
  close.current = onClose
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement as HTMLElement | null
    dialog.showModal()
    // The field the dialog is for, rather than its close button.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    const onCancel = (event: Event) => {
      event.preventDefault()
      close.current()
    }
    dialog.addEventListener('cancel', onCancel)
    return () => {
      dialog.removeEventListener('cancel', onCancel)
      dialog.close()
      // Back where the agent was (the opener may have gone, e.g. a Leave button after leaving).
      if (opener?.isConnected) opener.focus()
    }
  }, [])
  // In <body>, not inside the caller's markup (a dialog with a form may be opened from within another form).
  return createPortal(
    <dialog ref={ref} aria-labelledby={titleId} className={`dialog ${className ?? ''}`}>
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="small" aria-label="Close" onClick={() => close.current()}>
          ✕
        </button>
      </div>
      {children}
    </dialog>,
    document.body,
  )
}
