import type { DocLanguage } from '../languages'
import en from './en'
import fr from './fr'
import nl from './nl'
import type { VocabularyLabels } from './types'

/** The closed vocabularies' labels in each language (the window's catalogues and the documents share them). */
export const VOCABULARY_LABELS: Record<DocLanguage, VocabularyLabels> = { fr, nl, en }
