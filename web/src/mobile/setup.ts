// The mobile portal's component library: Vant 4 (Chinese is its default language).
import type { App } from 'vue';
import Vant from 'vant';
import 'vant/lib/index.css';
import './mobile.css';

export default function setup(app: App): void {
  app.use(Vant);
}
