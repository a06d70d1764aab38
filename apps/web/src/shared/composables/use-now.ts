// A clock for relative times: one shallow ref updated every `intervalMs` while the scope lives.
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';

export function useNow(intervalMs = 15_000): ShallowRef<number> {
  const now = shallowRef(Date.now());
  const timer = setInterval(() => {
    now.value = Date.now();
  }, intervalMs);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
