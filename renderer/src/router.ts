import { createRouter, createWebHashHistory } from 'vue-router'

/**
 * Hash history: the built app is loaded from a file, not served. Views load when first shown, so
 * the window starts without the code of the views it does not show yet (charts, merge, documents).
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/dashboard' },
    { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue') },
    { path: '/projects', name: 'projects', component: () => import('./views/ProjectList.vue') },
    { path: '/projects/new', name: 'project-new', component: () => import('./views/ProjectDetail.vue') },
    { path: '/projects/:id', name: 'project', component: () => import('./views/ProjectDetail.vue'), props: true },
    { path: '/milestones', name: 'milestones', component: () => import('./views/MilestoneList.vue') },
    { path: '/visits', name: 'visits', component: () => import('./views/VisitsView.vue') },
    { path: '/verifications', name: 'verifications', component: () => import('./views/VerificationsView.vue') },
    { path: '/calls', name: 'calls', component: () => import('./views/CallList.vue') },
    { path: '/reference', name: 'reference', component: () => import('./views/ReferenceView.vue') },
    { path: '/partners', name: 'partners', component: () => import('./views/PartnerList.vue') },
    { path: '/partners/new', name: 'partner-new', component: () => import('./views/PartnerDetail.vue') },
    { path: '/partners/:id', name: 'partner', component: () => import('./views/PartnerDetail.vue'), props: true },
    {
      path: '/claims/:claimId/verification',
      name: 'claim-verification',
      component: () => import('./views/ClaimVerification.vue'),
      props: true,
    },
    { path: '/documents', name: 'documents', component: () => import('./views/DocumentsView.vue') },
    { path: '/file', name: 'file', component: () => import('./views/FileView.vue') },
    { path: '/merge', name: 'merge', component: () => import('./views/MergeView.vue') },
    { path: '/claims/:claimId/import', name: 'claim-import', component: () => import('./views/ClaimImport.vue'), props: true },
    { path: '/:pathMatch(.*)*', redirect: '/dashboard' },
  ],
})
