// Routes. Every page is a deep link; list filters and sort live in the query string.
// `/` opens the last workspace's Git Repos; visiting any /w/:workspace page remembers it.
import type { Pinia } from 'pinia';
import { createRouter, createWebHistory, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router';
import { usePreferencesStore } from '../shared/stores/preferences.store';

/** List route names by page type; a workspace switch keeps the type. */
export const LIST_ROUTE_OF = {
  gitrepos: 'gitrepos',
  'gitrepo-detail': 'gitrepos',
  'gitrepo-create': 'gitrepos',
  'gitrepo-create-yaml': 'gitrepos',
  'gitrepo-edit': 'gitrepos',
  'gitrepo-yaml': 'gitrepos',
  clusters: 'clusters',
  'cluster-detail': 'clusters',
  'cluster-yaml': 'clusters',
  clustergroups: 'clustergroups',
  'clustergroup-detail': 'clustergroups',
  'clustergroup-create': 'clustergroups',
  'clustergroup-create-yaml': 'clustergroups',
  'clustergroup-edit': 'clustergroups',
  'clustergroup-yaml': 'clustergroups',
  bundles: 'bundles',
  'bundle-detail': 'bundles',
  'bundle-yaml': 'bundles',
} as const;

export function createRoutes(pinia: Pinia): RouteRecordRaw[] {
  return [
    { path: '/', name: 'home', redirect: () => ({ name: 'gitrepos', params: { workspace: usePreferencesStore(pinia).workspace } }) },
    { path: '/login', name: 'login', component: () => import('../features/auth/pages/LoginPage.vue'), meta: { title: 'Sign in', isPublic: true } },
    { path: '/dashboard', name: 'dashboard', component: () => import('../features/dashboard/pages/DashboardPage.vue'), meta: { title: 'Dashboard' } },
    { path: '/workspaces', name: 'workspaces', component: () => import('../features/workspaces/pages/WorkspaceListPage.vue'), meta: { title: 'Workspaces' } },
    {
      path: '/w/:workspace',
      children: [
        { path: '', redirect: (to) => ({ name: 'gitrepos', params: to.params }) },
        { path: 'gitrepos', name: 'gitrepos', component: () => import('../features/gitrepos/pages/GitRepoListPage.vue'), meta: { title: 'Git Repos' } },
        { path: 'gitrepos/create', name: 'gitrepo-create', component: () => import('../features/gitrepos/pages/GitRepoFormPage.vue'), meta: { title: 'Create Git Repo' } },
        { path: 'gitrepos/create/yaml', name: 'gitrepo-create-yaml', component: () => import('../features/yaml-editor/pages/YamlEditorPage.vue'), meta: { title: 'Create Git Repo from YAML', resource: 'gitrepos' } },
        { path: 'gitrepos/:name/edit', name: 'gitrepo-edit', component: () => import('../features/gitrepos/pages/GitRepoFormPage.vue'), meta: { title: 'Edit Git Repo' } },
        { path: 'gitrepos/:name/yaml', name: 'gitrepo-yaml', component: () => import('../features/yaml-editor/pages/YamlEditorPage.vue'), meta: { title: 'Git Repo YAML', resource: 'gitrepos' } },
        { path: 'gitrepos/:name', name: 'gitrepo-detail', component: () => import('../features/gitrepos/pages/GitRepoDetailPage.vue'), meta: { title: 'Git Repo' } },
        { path: 'clusters', name: 'clusters', component: () => import('../features/clusters/pages/ClusterListPage.vue'), meta: { title: 'Clusters' } },
        { path: 'clusters/:name/yaml', name: 'cluster-yaml', component: () => import('../features/yaml-editor/pages/YamlEditorPage.vue'), meta: { title: 'Cluster YAML', resource: 'clusters' } },
        { path: 'clusters/:name', name: 'cluster-detail', component: () => import('../features/clusters/pages/ClusterDetailPage.vue'), meta: { title: 'Cluster' } },
        {
          path: 'clustergroups',
          name: 'clustergroups',
          component: () => import('../features/clustergroups/pages/ClusterGroupListPage.vue'),
          meta: { title: 'Cluster Groups' },
        },
        {
          path: 'clustergroups/create',
          name: 'clustergroup-create',
          component: () => import('../features/clustergroups/pages/ClusterGroupFormPage.vue'),
          meta: { title: 'Create Cluster Group' },
        },
        {
          path: 'clustergroups/create/yaml',
          name: 'clustergroup-create-yaml',
          component: () => import('../features/yaml-editor/pages/YamlEditorPage.vue'),
          meta: { title: 'Create Cluster Group from YAML', resource: 'clustergroups' },
        },
        {
          path: 'clustergroups/:name/edit',
          name: 'clustergroup-edit',
          component: () => import('../features/clustergroups/pages/ClusterGroupFormPage.vue'),
          meta: { title: 'Edit Cluster Group' },
        },
        { path: 'clustergroups/:name/yaml', name: 'clustergroup-yaml', component: () => import('../features/yaml-editor/pages/YamlEditorPage.vue'), meta: { title: 'Cluster Group YAML', resource: 'clustergroups' } },
        {
          path: 'clustergroups/:name',
          name: 'clustergroup-detail',
          component: () => import('../features/clustergroups/pages/ClusterGroupDetailPage.vue'),
          meta: { title: 'Cluster Group' },
        },
        { path: 'bundles', name: 'bundles', component: () => import('../features/bundles/pages/BundleListPage.vue'), meta: { title: 'Bundles' } },
        { path: 'bundles/:name/yaml', name: 'bundle-yaml', component: () => import('../features/yaml-editor/pages/YamlEditorPage.vue'), meta: { title: 'Bundle YAML', resource: 'bundles' } },
        { path: 'bundles/:name', name: 'bundle-detail', component: () => import('../features/bundles/pages/BundleDetailPage.vue'), meta: { title: 'Bundle' } },
      ],
    },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./NotFoundPage.vue'), meta: { title: 'Not found' } },
  ];
}

export function createAppRouter(options: { pinia: Pinia; history?: RouterHistory }): Router {
  const router = createRouter({ history: options.history ?? createWebHistory(), routes: createRoutes(options.pinia) });
  router.afterEach((to) => {
    const workspace = to.params.workspace;
    if (typeof workspace === 'string' && workspace) usePreferencesStore(options.pinia).workspace = workspace;
    if (typeof document !== 'undefined') {
      const title = typeof to.meta.title === 'string' ? to.meta.title : '';
      const name = typeof to.params.name === 'string' ? to.params.name : '';
      document.title = [name, title, 'Fleet'].filter(Boolean).join(' · ');
    }
  });
  return router;
}
