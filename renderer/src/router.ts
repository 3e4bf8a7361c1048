import { createRouter, createWebHashHistory } from 'vue-router'
import CallList from './views/CallList.vue'
import DashboardView from './views/DashboardView.vue'
import DocumentsView from './views/DocumentsView.vue'
import FileView from './views/FileView.vue'
import MergeView from './views/MergeView.vue'
import MilestoneList from './views/MilestoneList.vue'
import PartnerDetail from './views/PartnerDetail.vue'
import PartnerList from './views/PartnerList.vue'
import ProjectDetail from './views/ProjectDetail.vue'
import ProjectList from './views/ProjectList.vue'
import ReferenceView from './views/ReferenceView.vue'

/** Hash history: the built app is loaded from a file, not served. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/dashboard' },
    { path: '/dashboard', name: 'dashboard', component: DashboardView },
    { path: '/projects', name: 'projects', component: ProjectList },
    { path: '/projects/new', name: 'project-new', component: ProjectDetail },
    { path: '/projects/:id', name: 'project', component: ProjectDetail, props: true },
    { path: '/milestones', name: 'milestones', component: MilestoneList },
    { path: '/calls', name: 'calls', component: CallList },
    { path: '/reference', name: 'reference', component: ReferenceView },
    { path: '/partners', name: 'partners', component: PartnerList },
    { path: '/partners/new', name: 'partner-new', component: PartnerDetail },
    { path: '/partners/:id', name: 'partner', component: PartnerDetail, props: true },
    { path: '/documents', name: 'documents', component: DocumentsView },
    { path: '/file', name: 'file', component: FileView },
    { path: '/merge', name: 'merge', component: MergeView },
    { path: '/:pathMatch(.*)*', redirect: '/dashboard' },
  ],
})
