// Stands in for YamlCodeEditor where Monaco cannot run (happy-dom): a textarea with the same props and events.
import { defineComponent, h } from 'vue';

export default defineComponent({
  props: { modelValue: { type: String, required: true }, label: { type: String, required: true } },
  emits: ['update:modelValue', 'schema-problems'],
  setup(props, { emit, expose }) {
    expose({ reveal: () => undefined });
    return () => h('textarea', { 'aria-label': props.label, value: props.modelValue, onInput: (e: Event) => emit('update:modelValue', (e.target as HTMLTextAreaElement).value) });
  },
});
