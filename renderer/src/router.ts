import { createRouter, createWebHashHistory } from 'vue-router'
import FileView from './views/FileView.vue'
import PartnerDetail from './views/PartnerDetail.vue'
import PartnerList from './views/PartnerList.vue'

/** Hash history: the built app is loaded from a file, not served. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/partners' },
    { path: '/partners', name: 'partners', component: PartnerList },
    { path: '/partners/new', name: 'partner-new', component: PartnerDetail },
    { path: '/partners/:id', name: 'partner', component: PartnerDetail, props: true },
    { path: '/file', name: 'file', component: FileView },
    { path: '/:pathMatch(.*)*', redirect: '/partners' },
  ],
})
