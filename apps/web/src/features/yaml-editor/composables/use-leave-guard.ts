// Unsaved text is not lost by accident: leaving the page inside the app asks first, and closing or
// reloading the tab gets the browser's own warning.
import { onBeforeUnmount, onMounted } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';

export const LEAVE_QUESTION = 'You have unsaved changes in the editor. Leave the page and discard them?';

export function useLeaveGuard(options: { isDirty: () => boolean; confirm?: (question: string) => boolean }): void {
  const ask = options.confirm ?? ((question: string) => window.confirm(question));
  onBeforeRouteLeave(() => !options.isDirty() || ask(LEAVE_QUESTION));
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!options.isDirty()) return;
    event.preventDefault();
    event.returnValue = '';
  };
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload));
}
