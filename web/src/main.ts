import { createApp } from 'vue';
import App from './App.vue';
import { makeRouter } from './router';
import { isMobilePath } from './api/client';
import { initLargeFont } from './utils/largeFont';
import './styles.css';

const mobile = isMobilePath(window.location.pathname);
document.documentElement.classList.add(mobile ? 'portal-mobile' : 'portal-console');
initLargeFont();

const app = createApp(App);
const router = makeRouter();
app.use(router);

// Each front end brings its own component library (and its CSS) in its own
// chunk. Two separate functions: each dynamic import keeps its own CSS deps.
function loadMobile() {
  return import('./mobile/setup');
}
function loadConsole() {
  return import('./console/setup');
}

(mobile ? loadMobile() : loadConsole())
  .then((m) => m.default(app))
  .then(() => router.isReady())
  .then(() => app.mount('#app'))
  .catch((e: unknown) => {
    const el = document.getElementById('app');
    if (el) el.textContent = '界面加载失败，请刷新页面重试。';
    console.error(e);
  });
