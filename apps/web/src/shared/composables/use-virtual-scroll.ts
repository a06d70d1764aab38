// The virtual window of a scrolling table: tracks the scroller's scroll position and height
// (ResizeObserver where available) and gives the rows [start, end) to render with spacer heights.
import { computed, onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';
import { virtualWindow } from '../components/resource-table.model';

export interface VirtualScrollOptions {
  total: () => number;
  rowHeight: () => number;
  /** Used until the scroller is measured (and where layout is not available). */
  initialViewportHeight: number;
}

export function useVirtualScroll(options: VirtualScrollOptions) {
  const scroller: Ref<HTMLElement | null> = ref(null);
  const scrollTop = shallowRef(0);
  const viewportHeight = shallowRef(options.initialViewportHeight);
  const win = computed(() => virtualWindow(options.total(), scrollTop.value, viewportHeight.value, options.rowHeight()));

  let observer: ResizeObserver | undefined;
  function measure(): void {
    const h = scroller.value?.clientHeight ?? 0;
    if (h > 0) viewportHeight.value = h;
  }
  function onScroll(): void {
    scrollTop.value = scroller.value?.scrollTop ?? 0;
  }
  onMounted(() => {
    measure();
    if (typeof ResizeObserver !== 'undefined' && scroller.value) {
      observer = new ResizeObserver(measure);
      observer.observe(scroller.value);
    }
  });
  onBeforeUnmount(() => observer?.disconnect());

  return { scroller, win, onScroll };
}
