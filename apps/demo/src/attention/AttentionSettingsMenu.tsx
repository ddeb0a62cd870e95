import { useState } from 'react'
import type { AttentionSettings } from './use-attention-settings'

interface Props {
  settings: AttentionSettings
  onChange: (change: Partial<AttentionSettings>) => void
}

const LABELS: Record<keyof AttentionSettings, string> = {
  sound: 'Sound',
  desktop: 'Desktop notifications',
  title: 'Count in the tab title',
  announce: 'Screen-reader announcements',
}

/** The switches for what alerts the agent; desktop notifications ask for the browser's permission on the click. */
export function AttentionSettingsMenu({ settings, onChange }: Props) {
  const [open, setOpen] = useState(false)
  const [note, setNote] = useState<string | undefined>(undefined)
  const toggleDesktop = async (on: boolean) => {
    if (!on) return onChange({ desktop: false })
    if (typeof Notification === 'undefined') return setNote('This browser has no desktop notifications.')
    const permission =
      Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission
    if (permission !== 'granted') setNote('The browser blocks notifications for this site.')
    else setNote(undefined)
    onChange({ desktop: permission === 'granted' })
  }
  return (
    <div className="alerts">
      <button
        type="button"
        className="small topbar-button"
        aria-expanded={open}
        aria-controls="alert-settings"
        onClick={() => setOpen(!open)}
      >
        Alerts
      </button>
      {open ? (
        <fieldset
          id="alert-settings"
          className="alerts-menu"
          onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        >
          <legend>Alert me about waiting customers and new messages</legend>
          {(Object.keys(LABELS) as (keyof AttentionSettings)[]).map((key) => (
            <label key={key} className="check">
              <input
                type="checkbox"
                checked={settings[key]}
                onChange={(e) =>
                  key === 'desktop'
                    ? void toggleDesktop(e.target.checked)
                    : onChange({ [key]: e.target.checked })
                }
              />
              {LABELS[key]}
            </label>
          ))}
          {note ? (
            <p role="alert" className="inline-error">
              {note}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </div>
  )
}
