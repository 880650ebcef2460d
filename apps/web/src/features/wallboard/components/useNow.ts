import { useEffect, useState } from 'react';

/** The browser's time, renewed every second: waits and "since" durations tick on the wallboard between snapshots. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
