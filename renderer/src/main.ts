import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { z } from 'zod'
import App from './App.vue'
import { installBeforeUnloadGuard } from './composables/unsaved'
import { i18n } from './i18n'
import { installDialogFocus } from './lib/focus'
import { inputLimits } from './lib/inputLimits'
import { router } from './router'
import './styles.css'

// The forms validate with the API's zod schemas; no eval under the page's strict CSP.
z.config({ jitless: true })

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(router)
// Element Plus's locale follows the UI language through <el-config-provider> in App.vue.
app.use(ElementPlus)
app.use(inputLimits)
installBeforeUnloadGuard()
installDialogFocus()
app.mount('#app')
