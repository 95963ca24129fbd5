// The big screen is laid out once, at 1920×1080, and scaled as a whole to
// fit the window: pixel-exact on the wall display, still whole (letterboxed)
// on a laptop. Charts keep their design size, so they need no resizing.
import { onBeforeUnmount, onMounted, ref } from 'vue';

export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;

export function useFitScale() {
  const scale = ref(1);
  const fit = () => {
    scale.value = Math.min(window.innerWidth / DESIGN_WIDTH, window.innerHeight / DESIGN_HEIGHT) || 1;
  };
  onMounted(() => {
    fit();
    window.addEventListener('resize', fit);
  });
  onBeforeUnmount(() => window.removeEventListener('resize', fit));
  return scale;
}
