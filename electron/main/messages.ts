import type { Section } from '../../database/domain/shortcuts'
import type { UiLanguage } from '../api/settings'

/**
 * Every text the main process shows itself (menu, About box, a file the system asked to open
 * that was refused), in the three UI languages. The renderer has its own vue-i18n messages;
 * these few live here because main has no renderer to ask.
 */
export interface MainMessages {
  file: string
  edit: string
  view: string
  window: string
  help: string
  quit: string
  close: string
  undo: string
  redo: string
  cut: string
  copy: string
  paste: string
  selectAll: string
  reload: string
  devTools: string
  resetZoom: string
  zoomIn: string
  zoomOut: string
  fullScreen: string
  minimize: string
  hide: string
  hideOthers: string
  showAll: string
  about: string
  aboutDetail: string
  version: (v: string) => string
  ok: string
  cannotOpen: (name: string) => string
  newFile: string
  openFile: string
  openRecent: string
  noRecent: string
  saveCopy: string
  handOver: string
  merge: string
  closeFile: string
  /** The current screen's "new" button: new partner, new project, add a milestone... */
  newRecord: string
  /** Puts the focus in the list's search box. */
  search: string
  go: string
  /** The sidebar's sections (their order and shortcuts: database/domain/shortcuts.ts). */
  sections: Record<Section, string>
  unsavedMessage: string
  unsavedDetail: string
  leave: string
  stay: string
}

export const MAIN_MESSAGES: Record<UiLanguage, MainMessages> = {
  fr: {
    file: 'Fichier',
    edit: 'Édition',
    view: 'Affichage',
    window: 'Fenêtre',
    help: 'Aide',
    quit: 'Quitter AMIF Desk',
    close: 'Fermer la fenêtre',
    undo: 'Annuler',
    redo: 'Rétablir',
    cut: 'Couper',
    copy: 'Copier',
    paste: 'Coller',
    selectAll: 'Tout sélectionner',
    reload: 'Recharger',
    devTools: 'Outils de développement',
    resetZoom: 'Taille réelle',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    fullScreen: 'Plein écran',
    minimize: 'Réduire',
    hide: 'Masquer AMIF Desk',
    hideOthers: 'Masquer les autres',
    showAll: 'Tout afficher',
    about: 'À propos d’AMIF Desk',
    aboutDetail: 'Registre des partenaires pour les gestionnaires du Fonds Asile, migration et intégration (AMIF 2021-2027).',
    version: (v) => `Version ${v}`,
    ok: 'OK',
    cannotOpen: (name) => `Impossible d’ouvrir ${name}`,
    newFile: 'Nouveau fichier…',
    openFile: 'Ouvrir…',
    openRecent: 'Ouvrir un fichier récent',
    noRecent: 'Aucun fichier récent',
    saveCopy: 'Enregistrer une copie sous…',
    handOver: 'Passer le relais à un collègue…',
    merge: 'Importer le fichier d’un collègue (fusion)…',
    closeFile: 'Fermer le fichier',
    newRecord: 'Nouvel élément',
    search: 'Rechercher dans la liste',
    go: 'Aller à',
    sections: {
      dashboard: 'Tableau de bord',
      projects: 'Projets',
      milestones: 'Jalons',
      verifications: 'Vérifications',
      visits: 'Visites',
      partners: 'Partenaires',
      calls: 'Appels',
      documents: 'Documents',
      reference: 'Référentiel',
      file: 'Fichier',
    },
    unsavedMessage: 'Des modifications ne sont pas enregistrées.',
    unsavedDetail: 'Si vous quittez maintenant, elles seront perdues.',
    leave: 'Quitter sans enregistrer',
    stay: 'Rester',
  },
  nl: {
    file: 'Bestand',
    edit: 'Bewerken',
    view: 'Weergave',
    window: 'Venster',
    help: 'Help',
    quit: 'AMIF Desk afsluiten',
    close: 'Venster sluiten',
    undo: 'Ongedaan maken',
    redo: 'Opnieuw',
    cut: 'Knippen',
    copy: 'Kopiëren',
    paste: 'Plakken',
    selectAll: 'Alles selecteren',
    reload: 'Opnieuw laden',
    devTools: 'Ontwikkelaarshulpmiddelen',
    resetZoom: 'Werkelijke grootte',
    zoomIn: 'Inzoomen',
    zoomOut: 'Uitzoomen',
    fullScreen: 'Volledig scherm',
    minimize: 'Minimaliseren',
    hide: 'AMIF Desk verbergen',
    hideOthers: 'Andere verbergen',
    showAll: 'Alles tonen',
    about: 'Over AMIF Desk',
    aboutDetail: 'Partnerregister voor de beheerders van het Fonds voor asiel, migratie en integratie (AMIF 2021-2027).',
    version: (v) => `Versie ${v}`,
    ok: 'OK',
    cannotOpen: (name) => `${name} kan niet worden geopend`,
    newFile: 'Nieuw bestand…',
    openFile: 'Openen…',
    openRecent: 'Recent bestand openen',
    noRecent: 'Geen recente bestanden',
    saveCopy: 'Kopie opslaan als…',
    handOver: 'Overdragen aan een collega…',
    merge: 'Bestand van een collega importeren (samenvoegen)…',
    closeFile: 'Bestand sluiten',
    newRecord: 'Nieuw item',
    search: 'Zoeken in de lijst',
    go: 'Ga naar',
    sections: {
      dashboard: 'Dashboard',
      projects: 'Projecten',
      milestones: 'Mijlpalen',
      verifications: 'Verificaties',
      visits: 'Bezoeken',
      partners: 'Partners',
      calls: 'Oproepen',
      documents: 'Documenten',
      reference: 'Referentiegegevens',
      file: 'Bestand',
    },
    unsavedMessage: 'Er zijn niet-opgeslagen wijzigingen.',
    unsavedDetail: 'Als u nu afsluit, gaan ze verloren.',
    leave: 'Afsluiten zonder opslaan',
    stay: 'Blijven',
  },
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    quit: 'Quit AMIF Desk',
    close: 'Close Window',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    reload: 'Reload',
    devTools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Full Screen',
    minimize: 'Minimize',
    hide: 'Hide AMIF Desk',
    hideOthers: 'Hide Others',
    showAll: 'Show All',
    about: 'About AMIF Desk',
    aboutDetail: 'Partner registry for officers of the Asylum, Migration and Integration Fund (AMIF 2021-2027).',
    version: (v) => `Version ${v}`,
    ok: 'OK',
    cannotOpen: (name) => `Cannot open ${name}`,
    newFile: 'New file…',
    openFile: 'Open…',
    openRecent: 'Open recent',
    noRecent: 'No recent files',
    saveCopy: 'Save a copy as…',
    handOver: 'Hand over to a colleague…',
    merge: 'Import a colleague’s file (merge)…',
    closeFile: 'Close file',
    newRecord: 'New record',
    search: 'Search the list',
    go: 'Go',
    sections: {
      dashboard: 'Dashboard',
      projects: 'Projects',
      milestones: 'Milestones',
      verifications: 'Verifications',
      visits: 'Visits',
      partners: 'Partners',
      calls: 'Calls',
      documents: 'Documents',
      reference: 'Reference',
      file: 'File',
    },
    unsavedMessage: 'Some changes are not saved.',
    unsavedDetail: 'If you leave now, they will be lost.',
    leave: 'Leave without saving',
    stay: 'Stay',
  },
}

/** The texts for a UI language (French when the language is unknown). */
export function mainMessages(language: string): MainMessages {
  return MAIN_MESSAGES[language as UiLanguage] ?? MAIN_MESSAGES.fr
}
