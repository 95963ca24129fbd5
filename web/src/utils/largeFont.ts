// 大字模式: a class on <html> that scales the base font; kept in localStorage.
import { ref } from 'vue';

export const LARGE_FONT_KEY = 'dj.largeFont';
export const LARGE_FONT_CLASS = 'large-font';

function read(): boolean {
  try {
    return localStorage.getItem(LARGE_FONT_KEY) === '1';
  } catch {
    return false;
  }
}

export const largeFont = ref(false);

export function applyLargeFont(on: boolean): void {
  largeFont.value = on;
  document.documentElement.classList.toggle(LARGE_FONT_CLASS, on);
  try {
    localStorage.setItem(LARGE_FONT_KEY, on ? '1' : '0');
  } catch {
    /* private mode: the class still applies for this page */
  }
}

export function initLargeFont(): void {
  applyLargeFont(read());
}

export function toggleLargeFont(): void {
  applyLargeFont(!largeFont.value);
}
