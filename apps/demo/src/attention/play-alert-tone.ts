let audio: AudioContext | undefined

/**
 * A short two-note tone through Web Audio (no sound file to ship). The browser lets it play once the page had a
 * user action; before that it stays silent, which is what browsers want.
 */
export function playAlertTone(): void {
  if (typeof AudioContext === 'undefined') return
  audio ??= new AudioContext()
  const start = audio.currentTime
  for (const [i, frequency] of [880, 1175].entries()) {
    const oscillator = audio.createOscillator()
    const gain = audio.createGain()
    oscillator.frequency.value = frequency
    gain.gain.setValueAtTime(0.0001, start + i * 0.15)
    gain.gain.exponentialRampToValueAtTime(0.2, start + i * 0.15 + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.15 + 0.14)
    oscillator.connect(gain).connect(audio.destination)
    oscillator.start(start + i * 0.15)
    oscillator.stop(start + i * 0.15 + 0.15)
  }
}
