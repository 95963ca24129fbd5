// The console's component library: Element Plus in Simplified Chinese.
import type { App } from 'vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import './console.css';

export default function setup(app: App): void {
  app.use(ElementPlus, { locale: zhCn });
}
