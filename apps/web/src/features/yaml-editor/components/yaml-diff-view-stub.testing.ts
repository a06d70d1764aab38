// Stands in for YamlDiffView where Monaco cannot run: the two texts side by side in a named region.
import { defineComponent, h } from 'vue';

export default defineComponent({
  props: { original: { type: String, required: true }, modified: { type: String, required: true }, label: { type: String, required: true } },
  setup: (props) => () => h('div', { role: 'region', 'aria-label': props.label }, [h('pre', { class: 'original' }, props.original), h('pre', { class: 'modified' }, props.modified)]),
});
