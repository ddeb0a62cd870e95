import { waitInLine } from './wait-in-line'

/** Waits `ms`, ending at once (rejecting with the signal's reason) when `signal` aborts. Leaves no timer behind. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
  // A line of one: joining it starts the timer that moves it on, leaving it (an abort) clears the timer.
  const line: Array<(go?: undefined) => void> = []
  let timer: ReturnType<typeof setTimeout>
  return waitInLine(
    line,
    () => {
      if (line.length) timer = setTimeout(() => line.shift()!(), ms)
      else clearTimeout(timer)
    },
    signal,
  )
}
